"""Prefectures by platform stage per period against the target stage, with the national milestones."""

from __future__ import annotations

import html
import re

import panel as pn
import polars as pl
from bokeh.core.properties import value
from bokeh.models import ColumnDataSource, FactorRange, Label

from dashboards import data
from dashboards.components.chart_table import chart_table
from dashboards.components.figures import FONT, label_periods, new_figure, style_legend
from dashboards.components.layout import note
from dashboards.components.page import View
from dashboards.formatting import MONTHS_EN, STAGE_COLOURS, period_label, stage_label
from dashboards.texts import t


def _milestone_when(row: dict, lang: str) -> str:
    """'2025年9月' / 'Sep 2025', or the fiscal year ('2024年度' / 'FY2024') when the milestone has no month."""
    month = str(row.get("month") or "")
    if len(month) == 7 and month[4] == "-":
        year, number = int(month[:4]), int(month[5:])
        return f"{MONTHS_EN[number - 1]} {year}" if lang == "en" else f"{year}年{number}月"
    return f"FY{row['fiscal_year']}" if lang == "en" else f"{row['fiscal_year']}年度"


def rollout_figure(national: pl.DataFrame, milestones: pl.DataFrame, lang: str):
    """Prefectures by stage per period (stacked); stages below the period's target are hatched."""
    periods = national["period"].to_list()
    fig = new_figure(t("rollout_title", lang), height=380, x_range=FactorRange(*periods), y_range=(0, 56))
    bottom = [0] * len(periods)
    targets = national["target_stage"].to_list() if "target_stage" in national.columns else [None] * len(periods)
    for stage, colour in enumerate(STAGE_COLOURS):
        column = f"prefectures_stage_{stage}"
        counts = national[column].fill_null(0).to_list() if column in national.columns else [0] * len(periods)
        top = [b + c for b, c in zip(bottom, counts, strict=True)]
        hatch = ["/" if target is not None and stage < target else " " for target in targets]
        source = ColumnDataSource({"period": periods, "bottom": bottom, "top": top, "count": counts,
                                   "hatch": hatch})
        fig.vbar(x="period", bottom="bottom", top="top", width=0.7, source=source, fill_color=colour,
                 line_color="#444444", hatch_pattern="hatch", hatch_color="#444444", hatch_alpha=0.5,
                 legend_label=stage_label(stage, lang))
        bottom = top
    fig.text(x=periods, y=[b + 1 for b in bottom], text=[f"{t('target', lang)}: {stage_label(s, lang)}"
             for s in targets], text_align="center", text_font=value(FONT), text_font_size="11px",
             text_color="#1a1a1a")
    # an empty hatched bar: its legend entry says what the hatching means
    fig.vbar(x=[periods[0]] if periods else [], top=[0], width=0.7, fill_color="#ffffff", line_color="#444444",
             hatch_pattern="/", hatch_color="#444444", legend_label=t("hatch_legend", lang))
    label_periods(fig, periods, lang)
    for row in milestones.to_dicts():
        if row.get("period") in periods:
            x = periods.index(row["period"]) + 0.5
            fig.add_layout(Label(x=x, y=52, text=f"◆{row['milestone_no']}", text_font=FONT, text_font_size="12px",
                                 text_color="#7A1F5C", text_align="center"))
    fig.yaxis.axis_label = t("count_prefectures", lang)
    style_legend(fig)
    return fig


class RolloutView(View):
    """Depends on the language and snapshot only: made with the page."""

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        national, milestones = data.national(snap), data.milestones(snap)
        stage_columns = [c for c in national.columns if c.startswith("prefectures_stage_")]
        frame = national.select("period", "target_stage", *stage_columns, "prefectures_on_track_or_ahead")
        frame = frame.with_columns(pl.col("period").map_elements(lambda p: period_label(p, lang),
                                                                  return_dtype=pl.String))
        listed = "　".join(f"◆{row['milestone_no']} {_milestone_when(row, lang)} {row[f'label_{lang}']}"
                          for row in milestones.to_dicts())
        titles = {"period": t("period", lang), "target_stage": t("target_stage", lang)}
        self.layout = pn.Column(
            pn.pane.HTML(f"<p class='summary'>{html.escape(rollout_summary(national, lang))}</p>",
                         sizing_mode="stretch_width"),
            note(t("rollout_hatch", lang)),
            chart_table(rollout_figure(national, milestones, lang), frame, t("rollout_title", lang), self.catalog,
                        lang, height=260, titles=titles).tabs,
            pn.pane.HTML(f"<p class='note'>{html.escape(t('milestone', lang))}: {mark_japanese(listed, lang)}</p>",
                         sizing_mode="stretch_width"), sizing_mode="stretch_width")


def mark_japanese(text: str, lang: str) -> str:
    """Escaped text; in the English UI, Japanese names in it (official titles) are marked lang=ja."""
    escaped = html.escape(text)
    return re.sub(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]+", lambda m: f"<span lang='ja'>{m[0]}</span>",
                  escaped) if lang == "en" else escaped


def rollout_summary(national: pl.DataFrame, lang: str) -> str:
    """The text alternative of the rollout chart: the latest period's prefectures by stage and on schedule."""
    if national.is_empty():
        return t("no_data", lang)
    last = national.row(-1, named=True)
    counts = ("、" if lang == "ja" else ", ").join(
        f"{stage_label(stage, lang)} {last.get(f'prefectures_stage_{stage}') or 0}" for stage in range(5))
    return t("rollout_summary", lang, period=period_label(last["period"], lang), counts=counts,
             target=stage_label(last.get("target_stage"), lang), on_track=last.get("prefectures_on_track_or_ahead"))
