"""Prefecture choropleth and tile-grid map (bokeh). Clicking a prefecture opens its profile's link, like the tiles.

Both maps are made once per session and recoloured in place; the boundary geometry is built once per process.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import polars as pl
from bokeh.models import (
    ColorBar,
    ColumnDataSource,
    CustomJS,
    FixedTicker,
    HoverTool,
    LinearColorMapper,
    NumeralTickFormatter,
    TapTool,
)

from dashboards import geo
from dashboards.components.figures import FONT, MAP_TOOLS, NUMBER_TICKS, new_figure
from dashboards.formatting import SEQUENTIAL, STAGE_COLOURS, STAGE_UNIT, format_value, is_percent, stage_label

NO_DATA_COLOUR = "#dddddd"


def _mapper(values: pl.Series, direction: str | None) -> LinearColorMapper:
    known = values.drop_nulls().drop_nans() if values.dtype.is_float() else values.drop_nulls()
    low, high = (float(known.min()), float(known.max())) if len(known) else (0.0, 1.0)
    palette = list(reversed(SEQUENTIAL)) if direction == "lower_is_better" else SEQUENTIAL
    return LinearColorMapper(palette=palette, low=low, high=high if high > low else low + 1,
                             nan_color=NO_DATA_COLOUR)


def short_name(name: str, lang: str) -> str:
    """Tile label: 東京都 → 東京 (北海道 stays); English names past 5 letters are cut to 4 (Yama. / Kana.)."""
    if lang == "en":
        return name if len(name) <= 5 else name[:4] + "."
    return name[:-1] if name[-1:] in "都府県" and len(name) > 2 else name


def _columns(frame: pl.DataFrame, indicator: str, unit: str | None, lang: str,
             href_of: Callable[[str], str]) -> dict[str, list]:
    names = frame["prefecture_name_en" if lang == "en" else "prefecture_name"].to_list()
    values = frame[indicator].cast(pl.Float64).to_list() if indicator in frame.columns else [None] * len(frame)
    return {
        "code": frame["prefecture_code"].to_list(), "name": names,
        "href": [href_of(code) for code in frame["prefecture_code"].to_list()],
        "value": [float("nan") if v is None else v for v in values],
        "value_text": [format_value(v, unit, lang) for v in values],
    }


def _with_tap(fig, renderer, source: ColumnDataSource) -> None:
    """A picked prefecture is a link to its profile's URL (`href`), followed as a tile's is: a click on a link
    of the app, which the page script follows inside the session (`dashboards.browser`)."""
    fig.add_tools(TapTool(renderers=[renderer]),
                  HoverTool(renderers=[renderer], tooltips=[("", "@name"), ("", "@value_text")]))
    source.selected.js_on_change("indices", CustomJS(args={"source": source}, code="""
const index = source.selected.indices[0];
if (index === undefined) { return; }
source.selected.indices = [];
const link = document.createElement("a");
link.href = source.data.href[index];
link.dataset.link = "map";
document.body.appendChild(link);
link.click();
link.remove();
"""))


def _colour_bar(mapper: LinearColorMapper, kind: str, lang: str | None = None) -> ColorBar:
    """The bar of one kind of scale: stages (0–4, named in `lang`), percent ("0.0%", "0.00%") or plain numbers."""
    bar = ColorBar(color_mapper=mapper, width=12, major_label_text_font=FONT, major_label_text_font_size="11px")
    if kind == "stage":
        bar.ticker = FixedTicker(ticks=[0, 1, 2, 3, 4])
        bar.major_label_overrides = {s: stage_label(s, lang) for s in range(5)}
    else:  # thousands separators, as the tables write numbers (not 2.000e+6)
        bar.formatter = NumeralTickFormatter(format=NUMBER_TICKS if kind == "plain" else kind)
    return bar


def _recolour(mapper: LinearColorMapper, values: pl.Series, direction: str | None) -> None:
    fresh = _mapper(values, direction)
    mapper.update(palette=fresh.palette, low=fresh.low, high=fresh.high)


def _values(frame: pl.DataFrame, indicator: str) -> pl.Series:
    return frame[indicator] if indicator in frame.columns else pl.Series([], dtype=pl.Float64)


@cache
def _geometry(codes: tuple[str, ...]) -> dict[str, list]:
    """The patches' xs/ys for prefectures in this order: made once per process, shared by every session."""
    rings = geo.prefecture_rings()
    return {"xs": [rings[code][0] for code in codes], "ys": [rings[code][1] for code in codes]}


def _map_figure(height: int):
    """A map's figure: no axes, no grid, true proportions, drag to pan and wheel to zoom."""
    fig = new_figure("", height=height, tools=MAP_TOOLS, match_aspect=True, x_axis_type=None, y_axis_type=None)
    fig.grid.visible = False
    return fig


class Choropleth:
    """Prefecture choropleth: the geometry is set once; `update` recolours and relabels in place."""

    def __init__(self, href_of: Callable[[str], str]):
        self._href_of = href_of
        self.fig = _map_figure(520)
        self._source = ColumnDataSource({"xs": [], "ys": [], "code": [], "name": [], "href": [], "value": [],
                                         "value_text": []})
        self._mapper = _mapper(pl.Series([], dtype=pl.Float64), None)
        renderer = self.fig.patches("xs", "ys", source=self._source,
                                    fill_color={"field": "value", "transform": self._mapper},
                                    line_color="#ffffff", line_width=0.6, hover_line_color="#000000",
                                    hover_line_width=2, selection_line_color="#000000", nonselection_fill_alpha=1.0)
        _with_tap(self.fig, renderer, self._source)
        self._bars, self._kind = {"plain": _colour_bar(self._mapper, "plain")}, "plain"
        self.fig.add_layout(self._bars["plain"], "right")

    def update(self, frame: pl.DataFrame, indicator: str, title: str, unit: str | None, direction: str | None,
               lang: str) -> None:
        columns = _columns(frame, indicator, unit, lang, self._href_of)
        codes = tuple(columns["code"])
        if tuple(self._source.data["code"]) != codes:
            self._source.data = {**_geometry(codes), **columns}
        else:
            self._source.data.update(columns)  # only the changed columns travel, not the geometry
        self.fig.title.text = title
        stage = unit == STAGE_UNIT
        if stage:  # stages are categories: one colour each, as in the rollout chart
            self._mapper.update(palette=STAGE_COLOURS, low=-0.5, high=4.5)
        else:
            _recolour(self._mapper, _values(frame, indicator), direction)
        kind = "stage" if stage else ("0.00%" if self._mapper.high - self._mapper.low < 0.02 else "0.0%") \
            if is_percent(unit) else "plain"
        if kind != self._kind:
            # a colour bar keeps the ticks it was drawn with: one bar per kind, made the first time it is needed
            # (new models make Bokeh re-walk the session's model graph) and shown in turn
            bar = self._bars.get(kind)
            if bar is None:
                bar = self._bars[kind] = _colour_bar(self._mapper, kind, lang)
                self.fig.add_layout(bar, "right")
            self._bars[self._kind].visible = False
            bar.visible = True
            self._kind = kind


class ScheduleMap:
    """The choropleth coloured by schedule status (categorical, the colours of `SCHEDULE` everywhere)."""

    def __init__(self, href_of: Callable[[str], str], lang: str):
        self._href_of = href_of
        self.fig = _map_figure(460)
        self._source = ColumnDataSource({"xs": [], "ys": [], "code": [], "name": [], "href": [], "colour": [],
                                         "value_text": []})
        renderer = self.fig.patches("xs", "ys", source=self._source, fill_color="colour", line_color="#ffffff",
                                    line_width=0.6, hover_line_color="#000000", hover_line_width=2,
                                    selection_line_color="#000000", nonselection_fill_alpha=1.0)
        _with_tap(self.fig, renderer, self._source)

    def update(self, frame: pl.DataFrame, title: str, status_text: list[str], colours: list[str],
               lang: str) -> None:
        codes = tuple(frame["prefecture_code"].to_list())
        columns = {"code": list(codes), "name": frame["prefecture_name_en" if lang == "en" else "prefecture_name"]
                   .to_list(), "href": [self._href_of(code) for code in codes], "colour": colours,
                   "value_text": status_text}
        if tuple(self._source.data["code"]) != codes:
            self._source.data = {**_geometry(codes), **columns}
        else:
            self._source.data.update(columns)
        self.fig.title.text = title
