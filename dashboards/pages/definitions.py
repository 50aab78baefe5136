"""指標の定義 — every indicator's definition, formula, source form, unit, direction and target."""

from __future__ import annotations

import html

import panel as pn
import param
from panel.viewable import Viewer

from dashboards import data
from dashboards.components import note, table_with_downloads
from dashboards.formatting import Catalog, format_value, label_of
from dashboards.pages.prefecture_tables import FORM_LABELS
from dashboards.state import AppState
from dashboards.texts import t

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


def definition_card(row: dict, lang: str) -> str:
    def cell(key: str, value: str) -> str:
        return f"<dt>{t(key, lang)}</dt><dd>{value}</dd>"

    name = row.get("name_en" if lang == "en" else "name_ja") or row["code"]
    definition = row.get("definition_en" if lang == "en" else "definition_ja") or ""
    direction = row.get("direction")
    target = row.get("target")
    fields = [
        cell("definition", html.escape(definition)),
        cell("formula", f"<code>{html.escape(row.get('formula') or '')}</code>"),
        cell("source_form", html.escape(label_of(SOURCE_LABELS, row.get("source_form") or "", lang))),
        cell("unit", html.escape(label_of(UNIT_LABELS, row.get("unit") or "", lang))),
        cell("direction", t(direction, lang) if direction in ("higher_is_better", "lower_is_better", "neutral")
             else "―"),
        cell("target", t("none", lang) if target is None else format_value(target, row.get("unit"), lang)),
    ]
    return (f"<article class='definition-card' id='indicator-{html.escape(row['code'])}'>"
            f"<h3>{html.escape(name)} <small><code>{html.escape(row['code'])}</code></small></h3>"
            f"<dl>{''.join(fields)}</dl></article>")


class DefinitionsPage(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends("state.lang", "state.data_version")
    def __panel__(self):
        snap, lang = data.snapshot(), self.state.lang
        frame = data.catalog(snap)
        if frame.is_empty():
            return note(t("no_data", lang))
        rows = frame.to_dicts()
        index = " ・ ".join(f"<a href='#' onclick=\"{SCROLL_TO.format(code=html.escape(r['code']))}\">"
                            f"{html.escape(r.get('name_en' if lang == 'en' else 'name_ja') or r['code'])}</a>"
                            for r in rows)
        cards = "".join(definition_card(row, lang) for row in rows)
        other_language = "_ja" if lang == "en" else "_en"
        return pn.Tabs(
            (t("definition", lang), pn.pane.HTML(f"<nav class='definition-index'>{index}</nav>"
                                                 f"<div class='definition-grid'>{cards}</div>",
                                                 sizing_mode="stretch_width")),
            (t("table", lang), table_with_downloads(
                frame, "indicator_catalog", Catalog(frame), lang, page_size=40, height=560,
                hidden_columns=[c for c in frame.columns if c.endswith(other_language)])),
            sizing_mode="stretch_width", dynamic=True)
