"""Bokeh figures for the pages, from Polars frames; no Panel here.

The charts a page updates are classes: the figure is made once per session and `update` refills its data
sources, ranges, titles and legend labels in place (so a click sends a data patch, not a new figure).
"""

from __future__ import annotations

import polars as pl
from bokeh.core.properties import value
from bokeh.layouts import column
from bokeh.models import (
    BasicTickFormatter,
    ColumnDataSource,
    CustomJSTickFormatter,
    FactorRange,
    HoverTool,
    Label,
    NumeralTickFormatter,
)

from dashboards.components.figures import FONT, new_figure, style_legend
from dashboards.formatting import (
    ACTOR_TYPE_COLOURS,
    NATIONAL_COLOUR,
    PREFECTURE_COLOUR,
    SCHEDULE,
    STAGE_COLOURS,
    TRADITIONAL_STYLES,
    format_value,
    is_percent,
    period_label,
    period_short,
    stage_label,
)
from dashboards.texts import t

# A categorical axis ignores `major_label_overrides` (BokehJS formats factors with the axis' formatter only):
# the factors stay period codes (the data sources key on them) and this formatter writes their labels.
PERIOD_TICKS = "const i = codes.indexOf(tick); return i < 0 ? tick : labels[i];"


def axis_period(period: str, lang: str) -> str:
    """A period on a chart axis, in two lines: '2026年度' / '第2四半期', 'FY2026' / 'Q2'."""
    return period_short(period, lang).replace(" ", "\n")


def label_periods(fig, periods: list[str], lang: str) -> None:
    """Period axes read '2026年度 / 第2四半期' (two lines) instead of the code FY2026Q2."""
    axis = fig.xaxis[0]
    labels = [axis_period(p, lang) for p in periods]
    if isinstance(axis.formatter, CustomJSTickFormatter):
        if list(axis.formatter.args["codes"]) != list(periods):
            axis.formatter.args = {"codes": list(periods), "labels": labels}
    else:
        axis.formatter = CustomJSTickFormatter(args={"codes": list(periods), "labels": labels}, code=PERIOD_TICKS)


def hover_periods(periods: list[str], lang: str) -> list[str]:
    """Periods as tooltips show them: '2026年度第2四半期（7〜9月）'."""
    return [period_label(p, lang) for p in periods]


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


def _legend_item(fig):
    """The legend item the last glyph call with `legend_label` made (new labels go to the end)."""
    return fig.legend.items[-1]


def _set_percent_axis(axis, unit: str | None) -> None:
    """Percent ticks for ratios, plain numbers otherwise (an axis that is reused across indicators)."""
    wanted = is_percent(unit)
    if wanted and not isinstance(axis.formatter, NumeralTickFormatter):
        axis.formatter = NumeralTickFormatter(format="0.0%")
    elif not wanted and isinstance(axis.formatter, NumeralTickFormatter):
        axis.formatter = BasicTickFormatter()


class SeriesChart:
    """A prefecture's indicator over time against the national line (and the target, if any).

    Made once per session; `update` refills the data sources, axis and legend labels in place."""

    def __init__(self, lang: str):
        self.lang = lang
        self.fig = new_figure("", height=320, x_range=FactorRange())
        self._sources, self._parts = {}, {}
        for key, colour, dash, marker in (("national", NATIONAL_COLOUR, "dashed", "square"),
                                          ("prefecture", PREFECTURE_COLOUR, "solid", "circle")):
            source = ColumnDataSource({"period": [], "value": [], "series": [], "period_text": [], "value_text": []})
            line = self.fig.line("period", "value", source=source, line_color=colour, line_width=2.5, line_dash=dash,
                                 legend_label=key)
            dots = self.fig.scatter("period", "value", source=source, color=colour, size=8, marker=marker,
                                    legend_label=key)
            self._sources[key], self._parts[key] = source, ((line, dots), _legend_item(self.fig))
        self._sources["target"] = ColumnDataSource({"period": [], "value": []})
        line = self.fig.line("period", "value", source=self._sources["target"], line_color="#A35200", line_width=2,
                             line_dash="dotted", legend_label=t("target", lang))
        self._parts["target"] = ((line,), _legend_item(self.fig))
        self._parts["national"][1].label = value(t("national", lang))
        self.fig.add_tools(HoverTool(renderers=[parts[0][1] for parts in (self._parts["national"],
                                                                            self._parts["prefecture"])],
                                     tooltips=[("", "@series"), ("", "@period_text"), ("", "@value_text")]))
        style_legend(self.fig)

    def _show(self, key: str, shown: bool) -> None:
        renderers, item = self._parts[key]
        for renderer in renderers:
            renderer.visible = shown
        item.visible = shown

    def update(self, prefecture: pl.DataFrame, nation: pl.DataFrame, indicator: str, title: str, unit: str | None,
               prefecture_name: str, target) -> None:
        periods = sorted(set(prefecture["period"].to_list()) | set(nation["period"].to_list()))
        self.fig.title.text = title
        if list(self.fig.x_range.factors) != periods:
            self.fig.x_range.factors = periods
        label_periods(self.fig, periods, self.lang)
        names = {"national": t("national", self.lang), "prefecture": prefecture_name}
        for key, frame in (("national", nation), ("prefecture", prefecture)):
            shown = indicator in frame.columns
            points = frame.select("period", pl.col(indicator).cast(pl.Float64).alias("value")).drop_nulls() \
                if shown else pl.DataFrame({"period": [], "value": []})
            self._sources[key].data = {
                **points.to_dict(as_series=False), "series": [names[key]] * len(points),
                "period_text": hover_periods(points["period"].to_list(), self.lang),
                "value_text": [format_value(v, unit, self.lang) for v in points["value"]]}
            self._show(key, shown)
        self._parts["prefecture"][1].label = value(prefecture_name)
        self._sources["target"].data = {"period": periods if target is not None else [],
                                        "value": [target] * len(periods) if target is not None else []}
        self._show("target", target is not None)
        _set_percent_axis(self.fig.yaxis[0], unit)


class StageChart:
    """Platform stage (carried forward) against the target stage, with status symbols per period."""

    def __init__(self, lang: str):
        self.lang = lang
        fig = self.fig = new_figure(t("stage_timeline", lang), height=320, x_range=FactorRange(), y_range=(-0.5, 4.8))
        self._target = ColumnDataSource({"period": [], "target": []})
        fig.step("period", "target", source=self._target, mode="center", line_color="#595959", line_width=2,
                 line_dash="dashed", legend_label=t("target_stage", lang))
        self._source = ColumnDataSource({"period": [], "period_text": [], "stage": [], "colour": [], "label": [],
                                         "stage_text": []})
        fig.line("period", "stage", source=self._source, line_color=PREFECTURE_COLOUR, line_width=2.5,
                 legend_label=t("stage", lang))
        fig.scatter("period", "stage", source=self._source, size=14, fill_color="colour", line_color="#000000")
        fig.text("period", "stage", text="label", source=self._source, y_offset=-12, text_align="center",
                 text_font=value(FONT), text_font_size="11px")
        fig.yaxis.ticker = [0, 1, 2, 3, 4]
        fig.yaxis.major_label_overrides = {s: stage_label(s, lang) for s in range(5)}
        fig.add_tools(HoverTool(tooltips=[("", "@period_text"), ("", "@stage_text"), ("", "@label")]))
        style_legend(fig)

    def update(self, prefecture: pl.DataFrame) -> None:
        lang = self.lang
        periods = prefecture["period"].to_list()
        if list(self.fig.x_range.factors) != periods:
            self.fig.x_range.factors = periods
        label_periods(self.fig, periods, lang)
        self._target.data = {"period": periods, "target": prefecture["target_stage"].to_list()}
        statuses = prefecture["schedule_status"].fill_null("no_data").to_list()
        stages = prefecture["platform_stage"].to_list()
        self._source.data = {
            "period": periods, "period_text": hover_periods(periods, lang),
            "stage": [-0.2 if s is None else s for s in stages],
            "colour": [SCHEDULE[s].colour for s in statuses], "label": [SCHEDULE[s].label(lang) for s in statuses],
            "stage_text": [stage_label(s, lang) for s in stages],
        }


class DomainCharts:
    """Supply (engagements) and unmet demand per domain: two bar charts one above the other on one domain axis,
    in one Bokeh layout (`layout`), which fits a phone as well as a desktop."""

    def __init__(self, lang: str):
        self._source = ColumnDataSource({"name": [], "supply": [], "unmet": []})
        self.supply = new_figure(t("supply", lang), height=560, y_range=FactorRange())
        self.supply.hbar(y="name", right="supply", height=0.7, source=self._source, fill_color="#56B4E9",
                         line_color=None)
        self.unmet = new_figure(t("unmet", lang), height=560, y_range=self.supply.y_range)
        self.unmet.hbar(y="name", right="unmet", height=0.7, source=self._source, fill_color="#E69F00",
                        line_color=None)
        self.unmet.xaxis.formatter = NumeralTickFormatter(format="0.0%")
        for fig in (self.supply, self.unmet):
            fig.add_tools(HoverTool(tooltips=[("", "@name"), ("", "@supply{0,0}"), ("", "@unmet{0.0%}")]))
        self.layout = column(self.supply, self.unmet, sizing_mode="stretch_width")

    def update(self, frame: pl.DataFrame, labels: dict[str, str]) -> None:
        key = "unmet_rate" if frame["unmet_rate"].null_count() < len(frame) else "supply_engagements"
        ordered = frame.sort(key, nulls_last=False)
        names = [labels.get(code, code) for code in ordered["domain_code"]]
        if list(self.supply.y_range.factors) != names:
            self.supply.y_range.factors = names
        self._source.data = {"name": names, "supply": ordered["supply_engagements"].fill_null(0).to_list(),
                             "unmet": ordered["unmet_rate"].fill_null(0).to_list()}


class ActorChart:
    """100 % stacked bar per period of the engagement shares of the 11 actor types.

    `composition` is `data.actor_type_composition` (types in stacking order, traditional care providers first so
    their share reads off the axis; they are grey and hatched, the other types take a colour-blind-safe palette).
    `diversity` holds period and actor_type_diversity, written above each bar. Periods without a roster are
    marked as having no data. The figure is made once per set of actor types; `update` refills its sources.
    """

    def __init__(self, lang: str):
        self.lang = lang
        self.fig = None
        self._types: list | None = None

    def _build(self, types: pl.DataFrame) -> None:
        lang = self.lang
        fig = new_figure(t("actor_types_title", lang), height=420, x_range=FactorRange(), y_range=(0, 1.1))
        label_column = "label_en" if lang == "en" else "label_ja"
        colours = iter(ACTOR_TYPE_COLOURS)
        traditional_style = iter(TRADITIONAL_STYLES)
        self._sources = {}
        for row in types.iter_rows(named=True):
            label = row[label_column] or row["actor_type"]
            if row["is_traditional"]:
                colour, hatch = next(traditional_style, ("#999999", "/"))
                label = f"{label}（{t('traditional_short', lang)}）" if lang == "ja" else \
                    f"{label} ({t('traditional_short', lang)})"
            else:
                colour, hatch = next(colours, "#DDDDDD"), " "
            source = ColumnDataSource({"period": [], "period_text": [], "bottom": [], "top": [], "share": [],
                                       "type": [], "engagements": []})
            fig.vbar(x="period", bottom="bottom", top="top", width=0.7, source=source, fill_color=colour,
                     line_color="#ffffff", line_width=0.5, hatch_pattern=hatch, hatch_color="#333333",
                     hatch_alpha=0.6, hatch_scale=8, legend_label=label)
            self._sources[row["actor_type"]] = (source, label)
        self._marks = ColumnDataSource({"x": [], "y": [], "text": []})
        fig.text(x="x", y="y", text="text", source=self._marks, text_align="center", text_font=value(FONT),
                 text_font_size="11px", text_color="#333333")
        fig.add_tools(HoverTool(tooltips=[("", "@period_text"), ("", "@type"), ("", "@share{0.0%}"),
                                          (t("engagements_short", lang), "@engagements{0,0}")]))
        fig.yaxis.formatter = NumeralTickFormatter(format="0%")
        fig.yaxis.ticker = [0, 0.25, 0.5, 0.75, 1]
        fig.yaxis.axis_label = t("engagement_share", lang)
        style_legend(fig)
        fig.legend.ncols = 4
        self.fig = fig

    def update(self, composition: pl.DataFrame, diversity: pl.DataFrame) -> bool:
        """Show one prefecture's composition; True when a new figure had to be made (other actor types)."""
        lang = self.lang
        periods = list(dict.fromkeys(composition["period"].to_list()))
        types = composition.unique("actor_type", maintain_order=True)
        shape = types.select("actor_type", "label_ja", "label_en", "is_traditional").rows()
        rebuilt = shape != self._types
        if rebuilt:
            self._types = shape
            self._build(types)
        self.fig.x_range.factors = periods
        label_periods(self.fig, periods, lang)
        bottom = [0.0] * len(periods)
        for actor_type, rows in composition.group_by("actor_type", maintain_order=True):
            source, label = self._sources[actor_type[0]]
            by_period = {r["period"]: r for r in rows.iter_rows(named=True)}
            shares = [(by_period.get(p) or {}).get("share") or 0.0 for p in periods]
            top = [b + v for b, v in zip(bottom, shares, strict=True)]
            source.data = {"period": periods, "period_text": hover_periods(periods, lang), "bottom": bottom,
                           "top": top, "share": shares,
                           "type": [label] * len(periods),
                           "engagements": [(by_period.get(p) or {}).get("engagements") or 0 for p in periods]}
            bottom = top
        totals = dict(diversity.select("period", "actor_type_diversity").rows()) if "actor_type_diversity" in \
            diversity.columns else {}
        marks = [t("no_data", lang) if b == 0 else "" if totals.get(p) is None else
                 f"{t('diversity_short', lang)} {totals[p]:.2f}"
                 for p, b in zip(periods, bottom, strict=True)]
        self._marks.data = {"x": periods, "y": [0.5 if b == 0 else 1.02 for b in bottom], "text": marks}
        return rebuilt


class Histogram:
    """Distribution of one indicator over municipalities, with quartiles and the 1.5 × IQR fences.

    A long right tail (big cities in counts) would squeeze every other municipality into one bar: the axis
    then stops at Q3 + 3 × IQR and the last bar gathers everything above it (said in the title).
    Made once per session; `update` refills the bars and moves the lines.
    """

    BINS = 30

    def __init__(self, lang: str):
        self.lang = lang
        fig = self.fig = new_figure("", height=320)
        self._bars = ColumnDataSource({"left": [], "right": [], "top": []})
        fig.quad(left="left", right="right", bottom=0, top="top", source=self._bars, fill_color="#56B4E9",
                 line_color="#ffffff")
        self._lines = []
        styles = (("#000000", "solid", t("median", lang)), ("#555555", "dashed", t("quartiles", lang)),
                  ("#555555", "dashed", t("quartiles", lang)), ("#D55E00", "dotted", t("fences", lang)),
                  ("#D55E00", "dotted", t("fences", lang)))
        for colour, dash, label in styles:
            source = ColumnDataSource({"x": [], "y": []})
            renderer = fig.line("x", "y", source=source, line_color=colour, line_dash=dash, line_width=2,
                                legend_label=label)
            self._lines.append((source, renderer))
        style_legend(fig, "top_right")

    def update(self, values: pl.Series, title: str, unit: str | None) -> None:
        lang, fig = self.lang, self.fig
        fig.title.text = title
        known = values.drop_nulls().cast(pl.Float64)
        known = known.filter(known.is_finite())
        if known.is_empty():
            self._bars.data = {"left": [], "right": [], "top": []}
            for _source, renderer in self._lines:
                renderer.visible = False
            fig.legend.visible = False
            fig.yaxis.axis_label = None
            return
        q1, median, q3 = (float(known.quantile(q, "linear")) for q in (0.25, 0.5, 0.75))
        low, high = float(known.min()), float(known.max())
        cap = q3 + 3 * (q3 - q1)
        above = int((known > cap).sum()) if q3 > q1 else 0
        if above:
            high = cap
            fig.title.text = f"{title}　{t('histogram_tail', lang, n=above, cap=format_value(cap, unit, lang))}"
        bins = self.BINS
        width = (high - low) / bins or 1.0
        edges = [low + i * width for i in range(bins + 1)]
        counts = ((known - low) / width).floor().cast(pl.Int64).clip(0, bins - 1).value_counts()
        counts = dict(counts.rows())
        tops = [counts.get(i, 0) for i in range(bins)]
        self._bars.data = {"left": edges[:-1], "right": edges[1:], "top": tops}
        for x, (source, renderer) in zip((median, q1, q3, q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)), self._lines,
                                         strict=True):
            shown = low <= x <= high  # a fence outside the data (e.g. below 0) would only stretch the axis
            source.data = {"x": [x, x], "y": [0, max(tops)]} if shown else {"x": [], "y": []}
            renderer.visible = shown
        for item in fig.legend.items:
            item.visible = any(renderer.visible for renderer in item.renderers)
        fig.legend.visible = True
        _set_percent_axis(fig.xaxis[0], unit)
        fig.yaxis.axis_label = t("count_municipalities", lang)
