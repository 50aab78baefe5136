"""A short read-only table as one HTML <table>: one Bokeh model where a Tabulator makes three per column.

For tables that fit on screen without a pager or filters (the prefecture's comparison with the nation, the stage
projection). The server writes every cell's text the way the Tabulator's formatters would (the same values,
`columns.shown_values`, and formatter objects, `columns.column_headers`), with a sort key; a header is a button
that sorts the rows in the browser, ascending then descending (`aria-sort` says which). Cells are text
(`textContent`), never HTML.
"""

from __future__ import annotations

import math
from datetime import date, datetime

import param
import polars as pl
from bokeh.models import DateFormatter, NumberFormatter, StringFormatter
from panel.custom import JSComponent

from dashboards.catalog import Catalog
from dashboards.components.columns import column_headers, shown_values
from dashboards.formatting import VERDICT_STYLES

_ESM = """
const missing = (value) => value === null || value === undefined;

export function render({ model, el }) {
  const table = document.createElement("table");
  let order = null;  // {index, ascending}: the column the reader sorted by
  const draw = (focus) => {
    const columns = model.columns;
    const rows = model.rows.slice();
    if (order && order.index < columns.length) {
      const i = order.index, sign = order.ascending ? 1 : -1;
      rows.sort((a, b) => {  // gaps last either way
        const x = a[i][1], y = b[i][1];
        if (missing(x) || missing(y)) { return missing(x) - missing(y); }
        return (x < y ? -1 : x > y ? 1 : 0) * sign;
      });
    }
    table.replaceChildren();
    table.setAttribute("aria-label", model.caption);
    const head = table.createTHead().insertRow();
    columns.forEach((column, i) => {
      const cell = document.createElement("th");
      cell.scope = "col";
      cell.style.textAlign = column.align;
      const sorted = order && order.index === i;
      cell.setAttribute("aria-sort", sorted ? (order.ascending ? "ascending" : "descending") : "none");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = column.title;
      button.addEventListener("click", () => {
        order = {index: i, ascending: !(sorted && order.ascending)};
        draw(i);
      });
      cell.append(button);
      head.append(cell);
      if (focus === i) { queueMicrotask(() => button.focus()); }
    });
    const body = table.createTBody();
    for (const row of rows) {
      const line = body.insertRow();
      row.forEach(([text, , style], i) => {
        const cell = line.insertCell();
        cell.textContent = text;
        cell.style.textAlign = columns[i].align;
        if (style) { cell.style.cssText += style; }
      });
    }
  };
  draw(null);
  model.on(["rows", "columns", "caption"], () => draw(null));
  return table;
}
"""

_CSS = """
:host { display: block; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th { background: #f3f3f3; border-bottom: 2px solid #999; padding: 0; white-space: nowrap; }
th button { all: unset; box-sizing: border-box; width: 100%; padding: 6px 8px; cursor: pointer; font-weight: bold; }
th button:focus-visible { outline: 2px solid #0050b3; outline-offset: -2px; }
th[aria-sort=ascending] button::after { content: " ▲"; }
th[aria-sort=descending] button::after { content: " ▼"; }
td { border-bottom: 1px solid #ddd; padding: 5px 8px; }
tbody tr:nth-child(even) { background: #fafafa; }
"""


class HtmlTable(JSComponent):
    """The table: `columns` ({field, title, align}) and `rows` (per column [text, sort key, css])."""

    caption = param.String(default="", doc="the table's accessible name")
    columns = param.List(default=[])
    rows = param.List(default=[])

    _esm = _ESM
    _stylesheets = [_CSS]


def cell_text(value, formatter) -> str:
    """A value as the Tabulator shows it with this formatter (the kinds `column_headers` chooses)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return formatter.nan_format if isinstance(formatter, NumberFormatter | DateFormatter) else ""
    if isinstance(formatter, dict):  # a lookup: yes/no in words
        return formatter[str(value).lower()]
    if isinstance(formatter, DateFormatter):
        return value.strftime(formatter.format)
    if isinstance(formatter, NumberFormatter):
        if formatter.format == "0.0%":
            return f"{value * 100:.1f}%"
        if formatter.format == "0":
            return f"{value:.0f}"
        if formatter.format == "0,0.[00]":
            return f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
        raise ValueError(f"no HTML text for the number format {formatter.format!r}")
    if formatter is None or isinstance(formatter, StringFormatter):
        return str(value)
    raise ValueError(f"no HTML text for {type(formatter).__name__}")


def _sort_key(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.isoformat() if isinstance(value, date | datetime) else value


def table_content(frame: pl.DataFrame, catalog: Catalog, lang: str, titles: dict[str, str] | None = None,
                  units: dict[str, str | None] | None = None, hidden_columns: list[str] = (),
                  text_align: dict[str, str] | None = None, sort_by: dict[str, str] | None = None) -> dict:
    """`columns` and `rows` of an HtmlTable: headers and texts as the Tabulator of `tables.table` shows them;
    a column sorts by its own values or by another column (`sort_by`, e.g. a number behind its text);
    comparisons with the nation in their verdict's colour, bold."""
    labels, formatters = column_headers(frame, catalog, lang, titles, units)
    shown = [name for name in frame.columns if name not in set(hidden_columns)]
    align = text_align or {}
    columns = [{"field": name, "title": labels.get(name, name),
                "align": align.get(name) or ("right" if frame.schema[name].is_numeric() else "left")}
               for name in shown]
    sort_by = sort_by or {}
    verdicts = frame["verdict"].to_list() if "verdict" in frame.columns else [None] * frame.height
    rows = []
    for record, verdict in zip(shown_values(frame, lang).iter_rows(named=True), verdicts, strict=True):
        style = VERDICT_STYLES.get(verdict, "")
        rows.append([[cell_text(record[name], formatters.get(name)), _sort_key(record[sort_by.get(name, name)]),
                      style if name == "vs_national" else ""]
                     for name in shown])
    return {"columns": columns, "rows": rows}
