"""Bokeh figures for the pages. Each takes Polars frames and returns a figure; no Panel here."""

from __future__ import annotations

import polars as pl
from bokeh.core.properties import value
from bokeh.models import ColumnDataSource, FactorRange, HoverTool, Label, NumeralTickFormatter

from dashboards.components import FONT, new_figure, style_legend
from dashboards.formatting import (
    ACTOR_TYPE_COLOURS,
    NATIONAL_COLOUR,
    PREFECTURE_COLOUR,
    SCHEDULE,
    STAGE_COLOURS,
    TRADITIONAL_STYLES,
    format_value,
    is_percent,
    stage_label,
)
from dashboards.texts import t


def _percent_axis(fig, unit: str | None) -> None:
    if is_percent(unit):
        fig.yaxis.formatter = NumeralTickFormatter(format="0.0%")


def rollout(national: pl.DataFrame, milestones: pl.DataFrame, lang: str):
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
    fig.text(x=periods, y=[b + 1 for b in bottom], text=[f"{t('target', lang)} {stage_label(s, lang)}"
             for s in targets], text_align="center", text_font=value(FONT), text_font_size="11px")
    for row in milestones.to_dicts():
        if row.get("period") in periods:
            x = periods.index(row["period"]) + 0.5
            fig.add_layout(Label(x=x, y=52, text=f"◆{row['milestone_no']}", text_font=FONT, text_font_size="12px",
                                 text_color="#CC79A7", text_align="center"))
    fig.yaxis.axis_label = t("count_prefectures", lang)
    style_legend(fig)
    return fig


def series(prefecture: pl.DataFrame, nation: pl.DataFrame, indicator: str, title: str, unit: str | None,
           prefecture_name: str, target, lang: str):
    """The prefecture's indicator over time against the national line (and the target, if any)."""
    periods = sorted(set(prefecture["period"].to_list()) | set(nation["period"].to_list()))
    fig = new_figure(title, height=320, x_range=FactorRange(*periods))
    for frame, colour, name, dash in ((nation, NATIONAL_COLOUR, t("national", lang), "dashed"),
                                      (prefecture, PREFECTURE_COLOUR, prefecture_name, "solid")):
        if indicator not in frame.columns:
            continue
        points = frame.select("period", pl.col(indicator).cast(pl.Float64).alias("value")).drop_nulls()
        source = ColumnDataSource(points.to_dict(as_series=False))
        fig.line("period", "value", source=source, line_color=colour, line_width=2.5, line_dash=dash,
                 legend_label=name)
        fig.scatter("period", "value", source=source, color=colour, size=8,
                    marker="square" if dash == "dashed" else "circle", legend_label=name)
    if target is not None:
        fig.line(periods, [target] * len(periods), line_color="#E69F00", line_width=1.5, line_dash="dotted",
                 legend_label=t("target", lang))
    _percent_axis(fig, unit)
    style_legend(fig)
    return fig


def stage_timeline(prefecture: pl.DataFrame, lang: str):
    """Platform stage (carried forward) against the target stage, with status symbols per period."""
    periods = prefecture["period"].to_list()
    fig = new_figure(t("stage_timeline", lang), height=320, x_range=FactorRange(*periods), y_range=(-0.5, 4.8))
    fig.step(periods, prefecture["target_stage"].to_list(), mode="center", line_color="#777777", line_width=2,
             line_dash="dashed", legend_label=t("target_stage", lang))
    statuses = prefecture["schedule_status"].fill_null("no_data").to_list()
    stages = prefecture["platform_stage"].to_list()
    source = ColumnDataSource({
        "period": periods, "stage": [-0.2 if s is None else s for s in stages],
        "colour": [SCHEDULE[s].colour for s in statuses], "label": [SCHEDULE[s].label(lang) for s in statuses],
        "stage_text": [stage_label(s, lang) for s in stages],
    })
    fig.line("period", "stage", source=source, line_color=PREFECTURE_COLOUR, line_width=2.5,
             legend_label=t("stage", lang))
    fig.scatter("period", "stage", source=source, size=14, fill_color="colour", line_color="#000000")
    fig.text("period", "stage", text="label", source=source, y_offset=-12, text_align="center",
             text_font=value(FONT), text_font_size="11px")
    fig.yaxis.ticker = [0, 1, 2, 3, 4]
    fig.yaxis.major_label_overrides = {s: stage_label(s, lang) for s in range(5)}
    fig.add_tools(HoverTool(tooltips=[("", "@period"), ("", "@stage_text"), ("", "@label")]))
    style_legend(fig)
    return fig


def domains(frame: pl.DataFrame, labels: dict[str, str], lang: str):
    """Supply (engagements) and unmet demand per domain, side by side on one domain axis."""
    key = "unmet_rate" if frame["unmet_rate"].null_count() < len(frame) else "supply_engagements"
    ordered = frame.sort(key, nulls_last=False)
    names = [labels.get(code, code) for code in ordered["domain_code"]]
    source = ColumnDataSource({"name": names, "supply": ordered["supply_engagements"].fill_null(0).to_list(),
                               "unmet": ordered["unmet_rate"].fill_null(0).to_list()})
    supply = new_figure(t("supply", lang), height=560, y_range=FactorRange(*names), width=360)
    supply.hbar(y="name", right="supply", height=0.7, source=source, fill_color="#56B4E9", line_color=None)
    unmet = new_figure(t("unmet", lang), height=560, y_range=supply.y_range, width=360)
    unmet.hbar(y="name", right="unmet", height=0.7, source=source, fill_color="#E69F00", line_color=None)
    unmet.xaxis.formatter = NumeralTickFormatter(format="0.0%")
    unmet.yaxis.visible = False
    for fig in (supply, unmet):
        fig.add_tools(HoverTool(tooltips=[("", "@name"), ("", "@supply{0,0}"), ("", "@unmet{0.0%}")]))
    return supply, unmet


def actor_type_composition(composition: pl.DataFrame, diversity: pl.DataFrame, lang: str):
    """100 % stacked bar per period of the engagement shares of the 11 actor types.

    `composition` is `data.actor_type_composition` (types in stacking order, traditional care providers first so
    their share reads off the axis; they are grey and hatched, the other types take a colour-blind-safe palette).
    `diversity` holds period and actor_type_diversity, written above each bar. Periods without a roster are
    marked as having no data.
    """
    periods = list(dict.fromkeys(composition["period"].to_list()))
    types = composition.unique("actor_type", maintain_order=True)
    fig = new_figure(t("actor_types_title", lang), height=420, x_range=FactorRange(*periods), y_range=(0, 1.1))
    label_column = "label_en" if lang == "en" else "label_ja"
    colours = iter(ACTOR_TYPE_COLOURS)
    traditional_style = iter(TRADITIONAL_STYLES)
    bottom = [0.0] * len(periods)
    for row in types.iter_rows(named=True):
        rows = composition.filter(pl.col("actor_type") == row["actor_type"])
        by_period = {r["period"]: r for r in rows.iter_rows(named=True)}
        shares = [(by_period.get(p) or {}).get("share") or 0.0 for p in periods]
        top = [b + v for b, v in zip(bottom, shares, strict=True)]
        label = row[label_column] or row["actor_type"]
        if row["is_traditional"]:
            colour, hatch = next(traditional_style, ("#999999", "/"))
            label = f"{label}（{t('traditional_short', lang)}）" if lang == "ja" else \
                f"{label} ({t('traditional_short', lang)})"
        else:
            colour, hatch = next(colours, "#DDDDDD"), " "
        source = ColumnDataSource({
            "period": periods, "bottom": bottom, "top": top, "share": shares, "type": [label] * len(periods),
            "engagements": [(by_period.get(p) or {}).get("engagements") or 0 for p in periods],
        })
        fig.vbar(x="period", bottom="bottom", top="top", width=0.7, source=source, fill_color=colour,
                 line_color="#ffffff", line_width=0.5, hatch_pattern=hatch, hatch_color="#333333",
                 hatch_alpha=0.6, hatch_scale=8, legend_label=label)
        bottom = top
    totals = dict(diversity.select("period", "actor_type_diversity").rows()) if "actor_type_diversity" in \
        diversity.columns else {}
    marks = [t("no_data", lang) if b == 0 else "" if totals.get(p) is None else
             f"{t('diversity_short', lang)} {totals[p]:.2f}"
             for p, b in zip(periods, bottom, strict=True)]
    fig.text(x=periods, y=[0.5 if b == 0 else 1.02 for b in bottom], text=marks, text_align="center",
             text_font=value(FONT), text_font_size="11px", text_color="#333333")
    fig.add_tools(HoverTool(tooltips=[("", "@period"), ("", "@type"), ("", "@share{0.0%}"),
                                      (t("engagements_short", lang), "@engagements{0,0}")]))
    fig.yaxis.formatter = NumeralTickFormatter(format="0%")
    fig.yaxis.ticker = [0, 0.25, 0.5, 0.75, 1]
    fig.yaxis.axis_label = t("engagement_share", lang)
    style_legend(fig)
    fig.legend.ncols = 4
    return fig


def histogram(values: pl.Series, title: str, unit: str | None, lang: str, bins: int = 30):
    """Distribution of one indicator over municipalities, with quartiles and the 1.5 × IQR fences.

    A long right tail (big cities in counts) would squeeze every other municipality into one bar: the axis
    then stops at Q3 + 3 × IQR and the last bar gathers everything above it (said in the title).
    """
    fig = new_figure(title, height=320)
    known = values.drop_nulls().cast(pl.Float64)
    known = known.filter(known.is_finite())
    if known.is_empty():
        return fig
    q1, median, q3 = (float(known.quantile(q, "linear")) for q in (0.25, 0.5, 0.75))
    low, high = float(known.min()), float(known.max())
    cap = q3 + 3 * (q3 - q1)
    above = int((known > cap).sum()) if q3 > q1 else 0
    if above:
        high = cap
        fig.title.text = f"{title}　{t('histogram_tail', lang, n=above, cap=format_value(cap, unit, lang))}"
    width = (high - low) / bins or 1.0
    edges = [low + i * width for i in range(bins + 1)]
    counts = [0] * bins
    for number in known.to_list():
        counts[max(0, min(int((number - low) / width), bins - 1))] += 1
    fig.quad(left=edges[:-1], right=edges[1:], bottom=0, top=counts, fill_color="#56B4E9", line_color="#ffffff")
    fences = ((median, "#000000", "solid", t("median", lang)), (q1, "#555555", "dashed", t("quartiles", lang)),
              (q3, "#555555", "dashed", t("quartiles", lang)),
              (q1 - 1.5 * (q3 - q1), "#D55E00", "dotted", t("fences", lang)),
              (q3 + 1.5 * (q3 - q1), "#D55E00", "dotted", t("fences", lang)))
    for x, colour, dash, label in fences:
        if low <= x <= high:  # a fence outside the data (e.g. below 0) would only stretch the axis
            fig.line([x, x], [0, max(counts)], line_color=colour, line_dash=dash, line_width=2, legend_label=label)
    if is_percent(unit):
        fig.xaxis.formatter = NumeralTickFormatter(format="0.0%")
    fig.yaxis.axis_label = t("count_municipalities", lang)
    style_legend(fig, "top_right")
    return fig
