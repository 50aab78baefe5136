"""Who takes part in a prefecture: the diversity numbers of the period and the actor-type composition over
time, with their tables."""

from __future__ import annotations

import panel as pn
import polars as pl
from bokeh.core.properties import field, value
from bokeh.models import (
    ColumnDataSource,
    FactorRange,
    HoverTool,
    Legend,
    LegendItem,
    NumeralTickFormatter,
    Text,
    VBar,
)

from dashboards import data
from dashboards.components.batching import attaching, set_objects
from dashboards.components.chart_table import ChartTable
from dashboards.components.figures import FONT, draw, hover_periods, label_periods, new_figure, style_legend
from dashboards.components.layout import heading, note
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import ACTOR_TYPE_COLOURS, TRADITIONAL_STYLES, format_value, period_label
from dashboards.texts import t

ACTOR_SUMMARY_COLUMNS = ("actor_type_diversity", "actor_types_present", "non_traditional_share", "engagements",
                         "actors")
ACTOR_COLUMNS = ("engagements", "actors", "actor_types_present", "actor_type_diversity", "non_traditional_share",
                 "domain_coverage", "diverse_municipality_rate", "service_a_engagements")


class ActorChart:
    """100 % stacked bar per period of the engagement shares of the 11 actor types.

    `composition` is `data.actor_type_composition` (types in stacking order, traditional care providers first so
    their share reads off the axis; they are grey and hatched, the other types take a colour-blind-safe palette).
    `diversity` holds period and actor_type_diversity, written above each bar. Periods without a roster are
    marked as having no data. The figure is made once per set of actor types; `update` refills its sources.
    All the bars are one glyph (colour and hatching per bar, a legend entry per type pointing at a bar of its
    type): eleven glyphs, one per type, were ~90 models of the prefecture profile.
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
        self._styles = {}  # actor type: (label, colour, hatch), in stacking order
        for row in types.iter_rows(named=True):
            label = row[label_column] or row["actor_type"]
            if row["is_traditional"]:
                colour, hatch = next(traditional_style, ("#999999", "/"))
                label = f"{label}（{t('traditional_short', lang)}）" if lang == "ja" else \
                    f"{label} ({t('traditional_short', lang)})"
            else:
                colour, hatch = next(colours, "#DDDDDD"), " "
            self._styles[row["actor_type"]] = (label, colour, hatch)
        self._bars = ColumnDataSource({"period": [], "period_text": [], "bottom": [], "top": [], "share": [],
                                       "type": [], "engagements": [], "colour": [], "hatch": []})
        bars = draw(fig, VBar(x="period", bottom="bottom", top="top", width=0.7, fill_color=field("colour"),
                              line_color="#ffffff", line_width=0.5, hatch_pattern=field("hatch"),
                              hatch_color="#333333", hatch_alpha=0.6, hatch_scale=8), self._bars)
        self._legend = [LegendItem(label=value(label), renderers=[bars], index=0)
                        for label, _, _ in self._styles.values()]
        self._marks = ColumnDataSource({"x": [], "y": [], "text": []})
        draw(fig, Text(x="x", y="y", text="text", text_align="center", text_font=value(FONT), text_font_size="11px",
                       text_color="#333333"), self._marks)
        fig.add_tools(HoverTool(tooltips=[("", "@period_text"), ("", "@type"), ("", "@share{0.0%}"),
                                          (t("engagements_short", lang), "@engagements{0,0}")]))
        fig.yaxis.formatter = NumeralTickFormatter(format="0%")
        fig.yaxis.ticker = [0, 0.25, 0.5, 0.75, 1]
        fig.yaxis.axis_label = t("engagement_share", lang)
        fig.add_layout(Legend(items=self._legend))
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
        bars = {name: [] for name in self._bars.data}
        for position, (actor_type, rows) in enumerate(composition.group_by("actor_type", maintain_order=True)):
            label, colour, hatch = self._styles[actor_type[0]]
            by_period = {r["period"]: r for r in rows.iter_rows(named=True)}
            shares = [(by_period.get(p) or {}).get("share") or 0.0 for p in periods]
            top = [b + v for b, v in zip(bottom, shares, strict=True)]
            for name, values in (("period", periods), ("period_text", hover_periods(periods, lang)),
                                 ("bottom", bottom), ("top", top), ("share", shares),
                                 ("type", [label] * len(periods)),
                                 ("engagements", [(by_period.get(p) or {}).get("engagements") or 0 for p in periods]),
                                 ("colour", [colour] * len(periods)), ("hatch", [hatch] * len(periods))):
                bars[name].extend(values)
            self._legend[position].index = position * len(periods)  # the type's first bar
            bottom = top
        self._bars.data = bars
        totals = dict(diversity.select("period", "actor_type_diversity").rows()) if "actor_type_diversity" in \
            diversity.columns else {}
        marks = [t("no_data", lang) if b == 0 else "" if totals.get(p) is None else
                 f"{t('diversity_short', lang)} {totals[p]:.2f}"
                 for p, b in zip(periods, bottom, strict=True)]
        self._marks.data = {"x": periods, "y": [0.5 if b == 0 else 1.02 for b in bottom], "text": marks}
        return rebuilt


class ActorSummary(View):
    """The diversity numbers of the chosen period, in one line above the composition chart."""

    depends = ("pref", "period")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.layout = pn.pane.HTML(sizing_mode="stretch_width")

    def update(self) -> None:
        lang, catalog, period = self.lang, self.catalog, self.state.period
        row = data.prefecture_row(self.snap, self.state.pref, period)
        parts = [f"{catalog.name(code, lang)}: <b>{format_value(row.get(code), catalog.unit(code), lang)}</b>"
                 for code in ACTOR_SUMMARY_COLUMNS]
        text = f"{period_label(period, lang)}　" + "　".join(parts)
        self.layout.object = f"<div class='actor-summary'>{text}</div>"


class ActorsView(View):
    """Actor-type composition over time (100 % stacked), with its table and the diversity indicators by period."""

    depends = ("pref",)

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        diversity, composition, table_frame = self._frames()
        self.diversity = TableBlock(diversity, f"actors_{state.pref}", self.catalog, lang,
                                    titles={"period": t("period", lang)}, height=260,
                                    sheet=self._sheet("diversity_by_period"))
        titles = {"period": t("period", lang), "actor_type_label": t("actor_type", lang),
                  "actor_group": t("actor_group", lang),
                  "share": t("engagement_share", lang),
                  "municipalities_with_type": t("municipalities_with_type", lang)}
        units = {"share": "share", "engagements": "engagements", "actors": "actors",
                 "municipalities_with_type": "municipalities"}
        self.composition = TableBlock(table_frame, f"actor_types_{state.pref}", self.catalog, lang, titles=titles,
                                      units=units, hidden_columns=["actor_type"], sheet=self._sheet("actors_title"),
                                      page_size=len(data.actor_types(snap)) or 11, height=420)
        self.chart = ActorChart(lang)
        self._pane = pn.pane.Bokeh(sizing_mode="stretch_width")
        self._chart = ChartTable(
            pn.Column(note(t("actor_type_note", lang)), self._pane, sizing_mode="stretch_width"),
            [self.composition, self.diversity], lang,
            table_tab=lambda: pn.Column(self.composition.layout, heading(t("diversity_by_period", lang), 3),
                                        self.diversity.layout, sizing_mode="stretch_width"))
        self._chart_tabs = self._chart.tabs
        self._empty = note(t("no_data", lang))
        self._alone = pn.Column(sizing_mode="stretch_width")  # the diversity table when there is no composition
        self.layout = pn.Column(sizing_mode="stretch_width")

    def _sheet(self, key: str) -> str:
        return f"{data.prefecture_name(self.snap, self.state.pref, self.lang)} {t(key, self.lang)}"

    def _frames(self) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        snap, lang, pref = self.snap, self.lang, self.state.pref
        mine = data.prefecture_series(snap, pref)
        diversity = mine.select("period", *[c for c in ACTOR_COLUMNS if c in mine.columns])
        composition = data.actor_type_composition(snap, pref)
        if composition.is_empty():
            return diversity, composition, composition
        label = "label_en" if lang == "en" else "label_ja"
        group = pl.when(pl.col("is_traditional")).then(pl.lit(t("traditional", lang))).otherwise(
            pl.lit(t("non_traditional", lang)))
        table_frame = composition.with_columns(pl.coalesce(label, "actor_type").alias("actor_type_label"),
                                               group.alias("actor_group")).select(
            "period", "actor_type", "actor_type_label", "actor_group", "engagements", "share", "actors",
            "municipalities_with_type")
        return diversity, composition, table_frame

    def update(self) -> None:
        pref = self.state.pref
        diversity, composition, table_frame = self._frames()
        if composition.is_empty():
            self.diversity.update(diversity, f"actors_{pref}", sheet=self._sheet("diversity_by_period"))
            set_objects(self._alone, [self.diversity.layout])
            set_objects(self.layout, [self._empty, self._alone])
            return
        if self.chart.update(composition, diversity):
            with attaching():
                self._pane.object = self.chart.fig
        self.composition.update(table_frame, f"actor_types_{pref}", sheet=self._sheet("actors_title"))
        self.diversity.update(diversity, f"actors_{pref}", sheet=self._sheet("diversity_by_period"))
        set_objects(self.layout, [self._chart_tabs])
