"""Municipalities of the chosen prefectures and kinds side by side: the distribution of one indicator,
outliers flagged, with the table."""

from __future__ import annotations

import html

import panel as pn
import polars as pl

from dashboards import data
from dashboards.components.batching import batched, show_only
from dashboards.components.chart_table import ChartTable
from dashboards.components.exports import indicator_export
from dashboards.components.layout import note
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import period_label
from dashboards.links import LINK_COLUMN, NAME_LINK, with_profile_links
from dashboards.texts import t
from dashboards.views.histogram import Histogram
from dashboards.views.municipality_table import municipality_frame


def with_outlier_flag(frame: pl.DataFrame, indicator: str) -> pl.DataFrame:
    """Adds `outlier` = 'low' / 'high' beyond the 1.5 × IQR fences (None inside them)."""
    value = pl.col(indicator).cast(pl.Float64)
    q1, q3 = value.quantile(0.25, "linear"), value.quantile(0.75, "linear")
    spread = q3 - q1
    return frame.with_columns(
        pl.when(value < q1 - 1.5 * spread).then(pl.lit("low"))
        .when(value > q3 + 1.5 * spread).then(pl.lit("high"))
        .otherwise(None).alias("outlier")
    )


def comparison_frames(snap: data.Snapshot, period: str, lang: str, prefectures: tuple[str, ...],
                      kinds: tuple[str, ...], code: str) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame] | None:
    """(rows shown, flagged rows best first, outliers) of one indicator, or None when it is not at this level."""
    frame = municipality_frame(snap, period, lang, list(prefectures), list(kinds))
    if code not in frame.columns:
        return None
    flagged = with_outlier_flag(frame.select("municipality_code", "municipality_name", "prefecture_code",
                                             "prefecture", "kind_label", code), code)
    flagged = flagged.with_columns(pl.col("outlier").replace_strict(
        {"low": t("outlier_low", lang), "high": t("outlier_high", lang)}, default=None).alias("outlier_label"))
    outliers = flagged.filter(pl.col("outlier").is_not_null()).sort(code, descending=True)
    return frame, flagged.sort(code, descending=True, nulls_last=True), outliers


class _FilteredView(View):
    """A view of the chosen indicator and period among the municipalities the page's filters let through."""

    depends = ("period", "indicator")

    def __init__(self, state, snap, prefecture_filter: pn.widgets.MultiChoice,
                 kind_filter: pn.widgets.CheckButtonGroup):
        super().__init__(state, snap)
        lang = self.lang
        self._filters = (prefecture_filter, kind_filter)
        for widget in self._filters:
            widget.param.watch(self._on_filter, "value")
        self.titles = {"municipality_code": "コード" if lang == "ja" else "Code",
                       "municipality_name": "市区町村" if lang == "ja" else "Municipality",
                       "prefecture": t("prefecture", lang), "kind_label": t("kind", lang),
                       "outlier_label": "外れ値" if lang == "ja" else "Outlier"}
        self._empty = note(t("no_data", lang))
        self.layout = pn.Column(self._empty, sizing_mode="stretch_width")

    def _on_filter(self, *_) -> None:
        with batched():
            self.refresh()

    def key(self) -> tuple:
        return (*super().key(), *(tuple(widget.value) for widget in self._filters))

    def _frames(self) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame] | None:
        return data.memo_of(self.snap, comparison_frames, self.state.period, self.lang,
                            *(tuple(w.value) for w in self._filters), self.state.indicator)

    def _table(self, frame: pl.DataFrame, name: str, export: dict, height: int, **kwargs) -> TableBlock:
        return TableBlock(frame, name, self.catalog, self.lang, titles=self.titles, height=height,
                          hidden_columns=["prefecture_code", "outlier", LINK_COLUMN],
                          formatters={"municipality_name": NAME_LINK}, **kwargs, **export)

    def _export(self) -> dict:
        return indicator_export(self.catalog, self.state.indicator, self.state.period, self.lang)


class ComparisonView(_FilteredView):
    """How many municipalities have a value, and the distribution with its table (outliers flagged)."""

    def __init__(self, state, snap, prefecture_filter, kind_filter):
        super().__init__(state, snap, prefecture_filter, kind_filter)
        self.histogram = Histogram(self.lang)
        self._count = pn.pane.HTML(sizing_mode="stretch_width", margin=(0, 5))
        self.table = None

    def update(self) -> None:
        lang, code, period, catalog = self.lang, self.state.indicator, self.state.period, self.catalog
        found = self._frames()
        if found is None:
            show_only(self.layout, [self._empty])
            return
        frame, flagged, _ = found
        flagged = with_profile_links(flagged, self.state)
        count = t("municipalities_with_value", lang, shown=f"{len(frame):,}",
                  known=f"{frame[code].is_not_null().sum():,}")
        self._count.object = f"<p class='note'>{html.escape(count)}</p>"
        self.histogram.update(flagged[code], f"{catalog.name(code, lang)}（{period_label(period, lang)}）",
                               catalog.unit(code))
        name = f"municipalities_{code}_{period}"
        if self.table is None:
            self.table = self._table(flagged, name, self._export(), 420, css_classes=["comparison-table"])
            self._content = [
                self._count,
                ChartTable(pn.pane.Bokeh(self.histogram.fig, sizing_mode="stretch_width"), [self.table], lang).tabs]
        else:
            self.table.update(flagged, name, **self._export())
        show_only(self.layout, self._content)


class OutlierList(_FilteredView):
    """The outliers of the distribution, highest first (below the first screen: a table of its own)."""

    def __init__(self, state, snap, prefecture_filter, kind_filter):
        super().__init__(state, snap, prefecture_filter, kind_filter)
        self.table = None

    def update(self) -> None:
        found = self._frames()
        if found is None:
            show_only(self.layout, [self._empty])
            return
        outliers = with_profile_links(found[2], self.state)
        name = f"municipalities_{self.state.indicator}_{self.state.period}_outliers"
        export = self._export()
        export["sheet"] = f"{t('outliers', self.lang)} {export['sheet']}"
        if self.table is None:
            self.table = self._table(outliers, name, export, 300)
        else:
            self.table.update(outliers, name, **export)
        show_only(self.layout, [self.table.layout])
