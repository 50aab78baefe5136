"""Charts carry no tools but their hover (a drag cannot shift bars out of place); maps keep pan and zoom; a drawn
glyph is one model."""

from bokeh.models import ColumnDataSource, FactorRange, Glyph, Line, Scatter

from dashboards.components.figures import draw, new_figure
from dashboards.maps import Choropleth


def test_a_chart_has_no_tools():
    fig = new_figure("t")
    assert fig.toolbar.tools == []
    assert fig.toolbar_location is None


def test_a_map_keeps_pan_zoom_tap_and_hover():
    chart = Choropleth(lambda code: f"?page=prefecture&pref={code}")
    assert sorted(type(tool).__name__ for tool in chart.fig.toolbar.tools) == [
        "HoverTool", "PanTool", "TapTool", "WheelZoomTool"]


def test_draw_adds_one_glyph_model_and_shares_a_legend_entry_by_label():
    fig = new_figure("t", x_range=FactorRange(factors=["a"]))
    source = ColumnDataSource({"period": ["a"], "value": [1]})
    line = draw(fig, Line(x="period", y="value"), source, legend_label="都道府県")
    dots = draw(fig, Scatter(x="period", y="value"), source, legend_label="都道府県")
    target = draw(fig, Line(x="period", y="value"), source, legend_label="目標")
    unlabelled = draw(fig, Scatter(x="period", y="value"), source)
    assert fig.renderers == [line, dots, target, unlabelled]
    # no copies for selected-away or muted points: BokehJS derives them ("auto")
    assert line.nonselection_glyph == "auto" and line.muted_glyph == "auto"
    glyphs = [model for model in fig.references() if isinstance(model, Glyph)]
    assert len(glyphs) == 4
    [legend] = fig.legend
    assert [(item.label.value, item.renderers) for item in legend.items] == [
        ("都道府県", [line, dots]), ("目標", [target])]
