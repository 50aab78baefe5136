"""指標の定義 — every indicator's definition, formula, source form, unit, direction and target."""

from __future__ import annotations

import html

import panel as pn
import polars as pl

from dashboards import data
from dashboards.catalog import Catalog
from dashboards.components.layout import note
from dashboards.components.page import Page
from dashboards.components.tables import table_with_downloads
from dashboards.formatting import format_value, label_of
from dashboards.plain_words import plain_definition, plain_formula
from dashboards.texts import FORM_LABELS, t

# The units of the indicator_catalog seed, in words an analyst reads.
UNIT_LABELS = [("ratio", "割合（%表示）", "Ratio (shown as %)"), ("boolean", "はい／いいえ", "Yes / no"),
               ("category", "区分", "Category"), ("municipalities", "市区町村数", "Municipalities"),
               ("prefectures", "都道府県数", "Prefectures"), ("meetings", "回", "Meetings"),
               ("per 10,000 aged 65+", "高齢者（65歳以上）1万人当たり", "Per 10,000 aged 65+"),
               ("projects", "件", "Projects"), ("pilots", "件", "Pilots"), ("engagements", "件", "Engagements"),
               ("actors", "主体数", "Actors"), ("types", "種別数", "Types"),
               ("index (0–1)", "指数（0〜1）", "Index (0–1)"), ("respondents", "人", "Respondents"),
               ("score (1–5)", "点（1〜5）", "Score (1–5)"), ("stage (0–4)", "段階（0〜4）", "Stage (0–4)"),
               ("stages", "段階の差", "Stages"), ("quarters", "四半期", "Quarters"),
               ("organisations", "団体", "Organisations"), ("events", "回", "Events"), ("matches", "件", "Matches"),
               ("thousand yen", "千円", "Thousand yen")]
# Where an indicator comes from: one of the four forms, the municipality master or the rollout schedule.
SOURCE_LABELS = [*FORM_LABELS, ("master", "市区町村マスタ", "Municipality master"),
                 ("schedule", "全国展開スケジュール", "Rollout schedule")]

# Cards live in a shadow root, where '#id' links do not reach: scroll from the link's own root instead.
SCROLL_TO = "this.getRootNode().getElementById('indicator-{code}').scrollIntoView();return false;"


def definition_card(row: dict, lang: str, catalog_rows: list[dict]) -> str:
    def cell(key: str, value: str) -> str:
        return f"<dt>{t(key, lang)}</dt><dd>{value}</dd>"

    name = row.get("name_en" if lang == "en" else "name_ja") or row["code"]
    definition = plain_definition(row.get("definition_en" if lang == "en" else "definition_ja") or "", catalog_rows,
                                  lang)
    formula = plain_formula(row.get("formula") or "", catalog_rows, lang)
    direction = row.get("direction")
    target = row.get("target")
    fields = [
        cell("definition", html.escape(definition)),
        *([cell("formula", html.escape(formula))] if formula else []),
        cell("source_form", html.escape(label_of(SOURCE_LABELS, row.get("source_form") or "", lang))),
        cell("unit", html.escape(label_of(UNIT_LABELS, row.get("unit") or "", lang))),
        cell("direction", t(direction, lang) if direction in ("higher_is_better", "lower_is_better", "neutral")
             else "―"),
        cell("target", t("none", lang) if target is None else format_value(target, row.get("unit"), lang)),
    ]
    return (f"<article class='definition-card' id='indicator-{html.escape(row['code'])}'>"
            f"<h2 class='card-title'>{html.escape(name)}</h2>"
            f"<dl>{''.join(fields)}</dl></article>")


TABLE_KEYS = ("indicator", "definition", "formula", "unit", "source_form", "direction", "target")


def definitions_frame(rows: list[dict], lang: str) -> pl.DataFrame:
    """The catalog as the cards say it, one row per indicator (also what the downloads hold)."""
    direction_words = {key: t(key, lang) for key in ("higher_is_better", "lower_is_better", "neutral")}
    return pl.DataFrame([{
        "indicator": row.get("name_en" if lang == "en" else "name_ja") or row["code"],
        "definition": plain_definition(row.get("definition_en" if lang == "en" else "definition_ja") or "", rows,
                                       lang),
        "formula": plain_formula(row.get("formula") or "", rows, lang) or "",
        "unit": label_of(UNIT_LABELS, row.get("unit") or "", lang),
        "source_form": label_of(SOURCE_LABELS, row.get("source_form") or "", lang),
        "direction": direction_words.get(row.get("direction"), "―"),
        "target": t("none", lang) if row.get("target") is None else format_value(row["target"], row.get("unit"),
                                                                                lang),
    } for row in rows], schema={key: pl.String for key in TABLE_KEYS})


def _definitions(snap: data.Snapshot, lang: str) -> tuple[str, pl.DataFrame]:
    """The index and cards (HTML) and the table of the catalog in `lang`: the same for every session of a
    snapshot, so made once (putting the catalog into words is most of the page's own work)."""
    def make() -> tuple[str, pl.DataFrame]:
        rows = data.catalog(snap).to_dicts()
        separator = " ・ " if lang == "ja" else " / "
        index = separator.join(f"<a href='#' onclick=\"{SCROLL_TO.format(code=html.escape(r['code']))}\">"
                            f"{html.escape(r.get('name_en' if lang == 'en' else 'name_ja') or r['code'])}</a>"
                            for r in rows)
        cards = "".join(definition_card(row, lang, rows) for row in rows)
        return (f"<nav class='definition-index'>{index}</nav><div class='definition-grid'>{cards}</div>",
                definitions_frame(rows, lang))

    return snap.memo(("definitions_page", lang), make)


class DefinitionsPage(Page):
    def build(self, snap: data.Snapshot) -> list:
        lang = self.state.lang
        frame = data.catalog(snap)
        if frame.is_empty():
            return [note(t("no_data", lang))]
        cards, table_frame = _definitions(snap, lang)
        return [pn.Tabs(
            (t("definition", lang), pn.pane.HTML(cards, sizing_mode="stretch_width")),
            (t("table", lang), table_with_downloads(
                table_frame, t("page_definitions", lang), Catalog(frame), lang, page_size=40,
                height=560, titles={key: t(key, lang) for key in TABLE_KEYS},
                widths={"definition": 420, "formula": 300}, formatters={"definition": {"type": "textarea"}})),
            sizing_mode="stretch_width", dynamic=True)]
