"""The municipality profile's parts: who it is and its peer class, one indicator over time against its prefecture,
the nation and its peers' median, every indicator of the period with its rank among peers, and the peers."""

from __future__ import annotations

import html

import panel as pn
import polars as pl

from dashboards import data, peers
from dashboards.catalog import Catalog
from dashboards.components.batching import show_only
from dashboards.components.chart_table import ChartTable
from dashboards.components.layout import note
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import format_value, period_label
from dashboards.links import LINK_COLUMN, NAME_LINK, with_profile_links
from dashboards.state import query_of
from dashboards.texts import t
from dashboards.views.municipality_chart import MunicipalityChart
from dashboards.views.municipality_table import CONSTANT_COLUMNS

HIDDEN = tuple(CONSTANT_COLUMNS)


def directory_row(snap: data.Snapshot, code: str) -> dict:
    rows = data.municipality_directory(snap).filter(pl.col("municipality_code") == code).to_dicts()
    return rows[0] if rows else {}


def _value_of(frame: pl.DataFrame, period: str, code: str):
    if code not in frame.columns:
        return None
    rows = frame.filter(pl.col("period") == period)
    return rows[code][0] if len(rows) else None


def rank_text(rank, peers, lang: str) -> str:
    return "―" if rank is None or not peers else t("rank_of", lang, rank=int(rank), peers=int(peers))


def trend_frame(snap: data.Snapshot, muni: str, pref: str, code: str) -> pl.DataFrame:
    """period, municipality, prefecture, peer_median, peers, national: one indicator over every period."""
    frame = pl.DataFrame({"period": data.periods(snap)}, schema={"period": pl.String})
    for name, series in (("municipality", peers.municipality_series(snap, muni)),
                         ("prefecture", data.prefecture_series(snap, pref)), ("national", data.national(snap))):
        values = series.select("period", pl.col(code).cast(pl.Float64).alias(name)) if code in series.columns else \
            pl.DataFrame(schema={"period": pl.String, name: pl.Float64})
        frame = frame.join(values, on="period", how="left")
    medians = peers.peer_median_series(snap, muni, code)
    return frame.join(medians, on="period", how="left").select(
        "period", "municipality", "prefecture", "peer_median", "peers", "national")


def comparison_frame(snap: data.Snapshot, catalog: Catalog, muni: str, pref: str, period: str,
                     lang: str) -> pl.DataFrame:
    """Every measure of the municipality mart for the period: the municipality, its prefecture, the nation, the
    peer median and its rank among the peers (texts as shown, numbers for the downloads)."""
    mine, stats = peers.municipality_series(snap, muni), peers.statistics_row(snap, muni, period)
    prefecture, national = data.prefecture_series(snap, pref), data.national_row(snap, period)
    rows = []
    for code in peers.measure_directions(snap):
        if code in HIDDEN:
            continue
        unit = catalog.unit(code)
        values = {"value": _value_of(mine, period, code), "prefecture": _value_of(prefecture, period, code),
                  "national": national.get(code), "peer_median": stats.get(f"{code}__median")}
        rank, count = stats.get(f"{code}__rank"), stats.get(f"{code}__peers")
        rows.append({"code": code, "indicator": catalog.name(code, lang), "unit": unit,
                     **{f"{key}_text": format_value(v, unit, lang) for key, v in values.items()},
                     "rank_text": rank_text(rank, count, lang),
                     **{key: None if v is None else float(v) for key, v in values.items()},
                     "rank": None if rank is None else int(rank), "peers": None if count is None else int(count)})
    schema = {"code": pl.String, "indicator": pl.String, "unit": pl.String, "value_text": pl.String,
              "prefecture_text": pl.String, "national_text": pl.String, "peer_median_text": pl.String,
              "rank_text": pl.String, "value": pl.Float64, "prefecture": pl.Float64, "national": pl.Float64,
              "peer_median": pl.Float64, "rank": pl.Int64, "peers": pl.Int64}
    return pl.DataFrame(rows, schema=schema)


class MunicipalitySummary(View):
    """Name, prefecture (linked to its profile), population aged 65+, peer class and the chosen indicator's rank."""

    depends = ("muni", "period", "indicator")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.layout = pn.pane.HTML(sizing_mode="stretch_width", css_classes=["municipality-summary"])

    def update(self) -> None:
        snap, lang, state, catalog = self.snap, self.lang, self.state, self.catalog
        who = directory_row(snap, state.muni)
        if not who:
            self.layout.object = ""
            return
        stats = peers.statistics_row(snap, state.muni, state.period)
        prefecture = who["prefecture_name_en" if lang == "en" else "prefecture_name"]
        link = html.escape(query_of(state, page="prefecture", pref=who["prefecture_code"]))
        title = (f"<b lang='ja'>{html.escape(who['municipality_name'])}</b>（{html.escape(prefecture)}・"
                 f"{who['municipality_code']}）　{period_label(state.period, lang)}")
        lines = [f"<p class='muni-title'>{title}　<a href='{link}'>"
                 f"{html.escape(t('prefecture_profile_link', lang, name=prefecture))}</a></p>"]
        if not stats:
            lines.append(f"<p class='note'>{t('no_peer_class', lang)}</p>")
        else:
            code = state.indicator
            rank = rank_text(stats.get(f"{code}__rank"), stats.get(f"{code}__peers"), lang)
            median = format_value(stats.get(f"{code}__median"), catalog.unit(code), lang)
            members = t("peers_in_class", lang, n=len(peers.peers_of(snap, state.muni, state.period)))
            population = format_value(stats["population_65plus"], None, lang)
            lines.append(
                f"<p>{t('population_65plus', lang)}: <b>{population}</b>　<span class='peer-class'>"
                f"<b>{html.escape(catalog.name(stats['peer_class'], lang))}</b></span>（{members}）</p>"
                f"<p class='peer-rank'>{html.escape(catalog.name(code, lang))} — {t('peer_rank', lang)}: "
                f"<b>{rank}</b>　{t('peer_median', lang)}: <b>{median}</b></p>")
        self.layout.object = f"<div class='summary muni-summary' role='status'>{''.join(lines)}</div>"


class MunicipalityTrend(View):
    """The chosen indicator over time: municipality, prefecture, nation, peer median; chart and table."""

    depends = ("muni", "pref", "indicator")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.chart = MunicipalityChart()
        frame, name, titles, units = self._table()
        self.table = TableBlock(frame, name, self.catalog, self.lang, titles=titles, units=units, height=260)
        self.layout = ChartTable(pn.pane.Bokeh(self.chart.fig, sizing_mode="stretch_width"), [self.table],
                                 self.lang).tabs

    def _titles(self) -> dict[str, str]:
        lang, snap = self.lang, self.snap
        who = directory_row(snap, self.state.muni)
        prefecture = who.get("prefecture_name_en" if lang == "en" else "prefecture_name", "")
        return {"period": t("period", lang), "municipality": who.get("municipality_name", ""),
                "prefecture": prefecture, "peer_median": t("peer_median", lang), "peers": t("peers", lang),
                "national": t("national", lang)}

    def _table(self):
        code = self.state.indicator
        frame = trend_frame(self.snap, self.state.muni, self.state.pref, code)
        unit = self.catalog.unit(code)
        units = {"municipality": unit, "prefecture": unit, "peer_median": unit, "national": unit,
                 "peers": "municipalities"}
        return frame, f"municipality_{self.state.muni}_{code}", self._titles(), units

    def update(self) -> None:
        frame, name, titles, units = self._table()
        code, lang = self.state.indicator, self.lang
        self.chart.update(frame, titles, self.catalog.name(code, lang), self.catalog.unit(code), lang)
        self.table.update(frame, name, titles=titles, units=units)


class MunicipalityComparison(View):
    """Every indicator of the period against the prefecture, the nation and the peers (median, rank)."""

    depends = ("muni", "pref", "period")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        frame, name = self._table()
        titles = {"indicator": t("indicator", lang), "unit": t("unit", lang), "value_text": t("municipality", lang),
                  "prefecture_text": t("prefecture", lang), "national_text": t("national", lang),
                  "peer_median_text": t("peer_median", lang), "rank_text": t("peer_rank", lang),
                  "value": t("municipality", lang), "prefecture": t("prefecture", lang),
                  "national": t("national", lang), "peer_median": t("peer_median", lang), "rank": t("rank", lang),
                  "peers": t("peers", lang)}
        numbers = ["code", "unit", "value", "prefecture", "national", "peer_median", "rank", "peers"]
        self.table = TableBlock(frame, name, self.catalog, lang, titles=titles, hidden_columns=numbers,
                                export_drop=("value_text", "prefecture_text", "national_text", "peer_median_text",
                                             "rank_text"),
                                page_size=40, height=560, css_classes=["muni-comparison"],
                                text_align={c: "right" for c in ("value_text", "prefecture_text", "national_text",
                                                                 "peer_median_text", "rank_text")})
        self.layout = pn.Column(note(t("rank_rule", lang)), self.table.layout, sizing_mode="stretch_width")

    def _table(self) -> tuple[pl.DataFrame, str]:
        state = self.state
        frame = data.memo_of(self.snap, comparison_frame, self.catalog, state.muni, state.pref, state.period,
                             self.lang)
        return frame, f"municipality_{state.muni}_{state.period}"

    def update(self) -> None:
        self.table.update(*self._table())


class PeerList(View):
    """The peers of the period with the chosen indicator and their rank, each linked to its profile."""

    depends = ("muni", "period", "indicator")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        self._titles = {"municipality_code": t("code", lang), "municipality_name": t("municipality", lang),
                        "prefecture": t("prefecture", lang), "population_65plus": t("population_65plus", lang),
                        "rank": t("peer_rank", lang)}
        self._empty = note(t("no_peer_class", lang))
        self.table = None
        self.layout = pn.Column(self._empty, sizing_mode="stretch_width")

    def _frame(self) -> pl.DataFrame:
        state, lang, code = self.state, self.lang, self.state.indicator
        frame = peers.peers_of(self.snap, state.muni, state.period)
        if frame.is_empty():
            return frame
        name = "prefecture_name_en" if lang == "en" else "prefecture_name"
        columns = dict.fromkeys(c for c in ("population_65plus", code, f"{code}__rank") if c in frame.columns)
        frame = frame.select("municipality_code", "municipality_name", pl.col(name).alias("prefecture"), *columns)
        if f"{code}__rank" in frame.columns:
            frame = frame.rename({f"{code}__rank": "rank"}).sort("rank", "municipality_code", nulls_last=True)
        return with_profile_links(frame, state)

    def update(self) -> None:
        frame = self._frame()
        if frame.is_empty():
            show_only(self.layout, [self._empty])
            return
        name = f"peers_{self.state.muni}_{self.state.period}_{self.state.indicator}"
        if self.table is None:
            self.table = TableBlock(frame, name, self.catalog, self.lang, titles=self._titles,
                                    units={"population_65plus": None}, hidden_columns=[LINK_COLUMN],
                                    formatters={"municipality_name": NAME_LINK}, page_size=20, height=460,
                                    css_classes=["peer-table"])
        else:
            self.table.update(frame, name)
        show_only(self.layout, [self.table.layout])
