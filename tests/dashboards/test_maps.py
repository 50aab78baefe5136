"""The prefecture choropleth's colour bar follows the indicator's kind of unit, one bar shown at a time."""

from __future__ import annotations

import polars as pl
from bokeh.document import Document
from bokeh.models import ColorBar, FixedTicker, NumeralTickFormatter

from dashboards.formatting import STAGE_UNIT
from dashboards.maps import Choropleth

FRAME = pl.DataFrame({"prefecture_code": ["31", "32", "33"], "prefecture_name": ["鳥取県", "島根県", "岡山県"],
                      "prefecture_name_en": ["Tottori", "Shimane", "Okayama"],
                      "rate": [0.1, 0.5, 0.9], "members": [3.0, 40.0, 120.0], "stage": [0, 2, 4]})


def _shown(choropleth: Choropleth) -> ColorBar:
    (bar,) = [item for item in choropleth.fig.right if isinstance(item, ColorBar) and item.visible]
    return bar


def test_the_colour_bar_follows_the_unit_and_is_made_once_per_kind():
    choropleth = Choropleth(lambda code: f"?pref={code}")
    Document().add_root(choropleth.fig)

    choropleth.update(FRAME, "rate", "率", "ratio", "higher_is_better", "ja")
    ratio_bar = _shown(choropleth)
    assert isinstance(ratio_bar.formatter, NumeralTickFormatter) and ratio_bar.formatter.format == "0.0%"

    choropleth.update(FRAME, "members", "会員数", "count", "higher_is_better", "ja")
    count_bar = _shown(choropleth)
    assert count_bar is not ratio_bar and count_bar.formatter.format == "0,0.[00]"  # 2,000,000, not 2.000e+6

    choropleth.update(FRAME, "stage", "段階", STAGE_UNIT, None, "en")
    stage_bar = _shown(choropleth)
    assert isinstance(stage_bar.ticker, FixedTicker) and stage_bar.ticker.ticks == [0, 1, 2, 3, 4]
    assert stage_bar.major_label_overrides[4].startswith("Stage 4 (")  # in the language of the session

    choropleth.update(FRAME, "rate", "率", "ratio", "higher_is_better", "ja")
    assert _shown(choropleth) is ratio_bar
    assert len([item for item in choropleth.fig.right if isinstance(item, ColorBar)]) == 3
