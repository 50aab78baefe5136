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

UNIT_LABELS = [("ratio", "割合（%表示）", "Ratio (shown as %)"), ("count", "件数・人数", "Count"),
               ("per_10k", "高齢者1万人当たり", "Per 10,000 aged 65+"), ("index", "指数（0〜1）", "Index (0–1)"),
               ("stage", "段階（0〜4）", "Stage (0–4)"), ("score", "点（1〜5）", "Score (1–5)"),
               ("kyen", "千円", "Thousand yen")]

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
        cell("source_form", html.escape(label_of(FORM_LABELS, row.get("source_form") or "", lang))),
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
