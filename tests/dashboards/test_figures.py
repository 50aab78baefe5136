"""Charts carry no tools but their hover (a drag cannot shift bars out of place); maps keep pan and zoom."""

from dashboards.components.figures import new_figure
from dashboards.maps import Choropleth


def test_a_chart_has_no_tools():
    fig = new_figure("t")
    assert fig.toolbar.tools == []
    assert fig.toolbar_location is None


def test_a_map_keeps_pan_zoom_tap_and_hover():
    chart = Choropleth(lambda code: f"?page=prefecture&pref={code}")
    assert sorted(type(tool).__name__ for tool in chart.fig.toolbar.tools) == [
        "HoverTool", "PanTool", "TapTool", "WheelZoomTool"]
