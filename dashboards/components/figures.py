"""Bokeh figures with Japanese fonts and quiet styling."""

from __future__ import annotations

from bokeh.plotting import figure

FONT = "'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"


def new_figure(title: str, height: int = 320, **kwargs):
    """A bokeh figure with Japanese fonts and quiet styling."""
    fig = figure(title=title, height=height, sizing_mode="stretch_width", toolbar_location=None, **kwargs)
    fig.title.text_font = FONT
    fig.title.text_font_size = "14px"
    for axis in (*fig.xaxis, *fig.yaxis):
        axis.major_label_text_font = FONT
        axis.axis_label_text_font = FONT
        axis.major_label_text_font_size = "12px"
    fig.outline_line_color = None
    fig.grid.grid_line_alpha = 0.4
    return fig


def style_legend(fig, location: str = "below") -> None:
    """Japanese font; 'below' puts a horizontal legend under the plot so it never hides data."""
    fig.legend.label_text_font = FONT
    fig.legend.label_text_font_size = "12px"
    fig.legend.background_fill_alpha = 0.8
    if location == "below":
        fig.legend.orientation = "horizontal"
        fig.add_layout(fig.legend[0], "below")
    else:
        fig.legend.location = location
