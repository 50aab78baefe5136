"""Prefecture choropleth and tile-grid map (bokeh). Clicking a prefecture calls `on_pick(code)`."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from bokeh.core.properties import value
from bokeh.models import ColorBar, ColumnDataSource, HoverTool, LinearColorMapper, NumeralTickFormatter, TapTool

from dashboards import geo
from dashboards.components import FONT, new_figure
from dashboards.formatting import SEQUENTIAL, format_value, is_percent

NO_DATA_COLOUR = "#dddddd"


def _mapper(values: pl.Series, direction: str | None) -> LinearColorMapper:
    known = values.drop_nulls().drop_nans() if values.dtype.is_float() else values.drop_nulls()
    low, high = (float(known.min()), float(known.max())) if len(known) else (0.0, 1.0)
    palette = list(reversed(SEQUENTIAL)) if direction == "lower_is_better" else SEQUENTIAL
    return LinearColorMapper(palette=palette, low=low, high=high if high > low else low + 1,
                             nan_color=NO_DATA_COLOUR)


def _short_name(name: str, lang: str) -> str:
    """Tile label: 東京都 → 東京 (北海道 stays); English names past 7 letters are cut to 6 (Yamaga. / Yamagu.)."""
    if lang == "en":
        return name if len(name) <= 7 else name[:6] + "."
    return name[:-1] if name[-1:] in "都府県" and len(name) > 2 else name


def _columns(frame: pl.DataFrame, indicator: str, unit: str | None, lang: str) -> dict[str, list]:
    names = frame["prefecture_name_en" if lang == "en" else "prefecture_name"].to_list()
    values = frame[indicator].cast(pl.Float64).to_list() if indicator in frame.columns else [None] * len(frame)
    return {
        "code": frame["prefecture_code"].to_list(), "name": names,
        "short": [_short_name(n, lang) for n in names],
        "value": [float("nan") if v is None else v for v in values],
        "value_text": [format_value(v, unit, lang) for v in values],
    }


def _with_tap(fig, renderer, source: ColumnDataSource, on_pick: Callable[[str], None]) -> None:
    fig.add_tools(TapTool(renderers=[renderer]),
                  HoverTool(renderers=[renderer], tooltips=[("", "@name"), ("", "@value_text")]))

    def picked(_attr, _old, new) -> None:
        if new:
            on_pick(source.data["code"][new[0]])
    source.selected.on_change("indices", picked)


def _colour_bar(mapper: LinearColorMapper, unit: str | None) -> ColorBar:
    bar = ColorBar(color_mapper=mapper, width=12, major_label_text_font=FONT, major_label_text_font_size="11px")
    if is_percent(unit):
        bar.formatter = NumeralTickFormatter(format="0.00%" if mapper.high - mapper.low < 0.02 else "0.0%")
    return bar


def choropleth(frame: pl.DataFrame, indicator: str, title: str, unit: str | None, direction: str | None,
               lang: str, on_pick: Callable[[str], None]):
    rings = geo.prefecture_rings()
    columns = _columns(frame, indicator, unit, lang)
    columns["xs"] = [rings[code][0] for code in columns["code"]]
    columns["ys"] = [rings[code][1] for code in columns["code"]]
    source = ColumnDataSource(columns)
    mapper = _mapper(frame[indicator] if indicator in frame.columns else pl.Series([], dtype=pl.Float64), direction)
    fig = new_figure(title, height=520, match_aspect=True, x_axis_type=None, y_axis_type=None)
    fig.grid.visible = False
    renderer = fig.patches("xs", "ys", source=source, fill_color={"field": "value", "transform": mapper},
                           line_color="#ffffff", line_width=0.6, hover_line_color="#000000", hover_line_width=2,
                           selection_line_color="#000000", nonselection_fill_alpha=1.0)
    _with_tap(fig, renderer, source, on_pick)
    fig.add_layout(_colour_bar(mapper, unit), "right")
    return fig


def tile_grid(frame: pl.DataFrame, indicator: str, title: str, unit: str | None, direction: str | None,
              lang: str, on_pick: Callable[[str], None]):
    columns = _columns(frame, indicator, unit, lang)
    columns["x"] = [geo.TILE_GRID[code][0] for code in columns["code"]]
    columns["y"] = [-geo.TILE_GRID[code][1] for code in columns["code"]]
    columns["label_y"] = [y + 0.12 for y in columns["y"]]
    columns["value_y"] = [y - 0.25 for y in columns["y"]]
    source = ColumnDataSource(columns)
    mapper = _mapper(frame[indicator] if indicator in frame.columns else pl.Series([], dtype=pl.Float64), direction)
    fig = new_figure(title, height=520, match_aspect=True, x_axis_type=None, y_axis_type=None)
    fig.grid.visible = False
    renderer = fig.rect("x", "y", width=0.94, height=0.94, source=source, line_color="#ffffff",
                        fill_color={"field": "value", "transform": mapper}, hover_line_color="#000000",
                        selection_line_color="#000000", nonselection_fill_alpha=1.0)
    label_size = "9px" if lang == "en" else "11px"  # Latin names are longer than two kanji
    for y_field, size, weight in (("label_y", label_size, "bold"), ("value_y", "9px", "normal")):
        fig.text("x", y_field, text="short" if y_field == "label_y" else "value_text", source=source,
                 text_align="center", text_baseline="middle", text_font=value(FONT), text_font_size=size,
                 text_font_style=weight, text_color="#000000", background_fill_color="#ffffff",
                 background_fill_alpha=0.7)
    _with_tap(fig, renderer, source, on_pick)
    return fig
