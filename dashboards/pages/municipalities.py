"""市町村比較 — any indicator across municipalities, by prefecture and kind, with distribution and outliers."""

from __future__ import annotations

import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from dashboards import charts, controls, data
from dashboards.components import chart_with_table, heading, note, table_with_downloads
from dashboards.formatting import Catalog
from dashboards.pages.prefecture_tables import CONSTANT_COLUMNS, municipality_frame
from dashboards.state import AppState
from dashboards.texts import t


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


class ComparisonView(Viewer):
    state = param.ClassSelector(class_=AppState)
    prefectures = param.List(default=[], allow_refs=True)
    kinds = param.List(default=[], allow_refs=True)

    @param.depends("prefectures", "kinds", "state.period", "state.indicator", "state.lang", "state.data_version")
    def __panel__(self):
        snap, lang, code = data.snapshot(), self.state.lang, self.state.indicator
        catalog = Catalog(data.catalog(snap))
        frame = municipality_frame(snap, self.state.period, lang, self.prefectures or None, self.kinds or None)
        if code not in frame.columns:
            return note(t("no_data", lang))
        flagged = with_outlier_flag(frame.select("municipality_code", "municipality_name", "prefecture_code",
                                                 "prefecture", "kind_label", code), code)
        flagged = flagged.with_columns(pl.col("outlier").replace_strict(
            {"low": t("outlier_low", lang), "high": t("outlier_high", lang)}, default=None).alias("outlier_label"))
        fig = charts.histogram(flagged[code], f"{catalog.name(code, lang)}（{self.state.period}）",
                               catalog.unit(code), lang)
        titles = {"municipality_code": "コード" if lang == "ja" else "Code",
                  "municipality_name": "市町村" if lang == "ja" else "Municipality",
                  "prefecture": t("prefecture", lang), "kind_label": t("kind", lang),
                  "outlier_label": "外れ値" if lang == "ja" else "Outlier"}
        name = f"municipalities_{code}_{self.state.period}"
        outliers = flagged.filter(pl.col("outlier").is_not_null()).sort(code, descending=True)
        return pn.Column(
            note(t("municipalities_with_value", lang, shown=f"{len(frame):,}",
                   known=f"{frame[code].is_not_null().sum():,}")),
            chart_with_table(fig, flagged.sort(code, descending=True, nulls_last=True), name, catalog, lang,
                             titles=titles, height=420, css_classes=["comparison-table"],
                             hidden_columns=["prefecture_code", "outlier"]),
            heading(t("outliers", lang), 4),
            table_with_downloads(outliers, f"{name}_outliers", catalog, lang, titles=titles, height=300,
                                 hidden_columns=["prefecture_code", "outlier"]),
            sizing_mode="stretch_width")


class MunicipalitiesPage(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends("state.lang", "state.data_version")
    def __panel__(self):
        snap, lang = data.snapshot(), self.state.lang
        name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
        prefecture_filter = pn.widgets.MultiChoice(
            name=f"{t('prefecture', lang)}（{t('all_prefectures', lang)}）",
            options={f"{c} {n}": c for c, n in data.prefectures(snap).select("prefecture_code", name_column).rows()},
            width=420, css_classes=["prefecture-filter"])
        kind_filter = pn.widgets.CheckButtonGroup(
            name=t("kind", lang), options={(en if lang == "en" else ja): code
                                           for code, ja, en in data.municipality_kinds(snap).rows()},
            value=[], button_type="primary", button_style="outline", css_classes=["kind-filter"])
        return pn.Column(
            pn.Row(controls.indicator_select(self.state, snap, "mart_municipality_quarter",
                                             exclude=tuple(CONSTANT_COLUMNS)),
                   controls.period_select(self.state, snap), prefecture_filter,
                   pn.Column(pn.pane.HTML(f"<label>{t('kind', lang)}</label>", margin=(0, 5)), kind_filter)),
            heading(t("distribution", lang)),
            ComparisonView(state=self.state, prefectures=prefecture_filter.param.value,
                           kinds=kind_filter.param.value),
            sizing_mode="stretch_width")
