"""Read-only tables: each comparison with the nation coloured by its verdict."""

import pandas as pd

from dashboards.components.tables import verdict_colours


def test_only_the_comparison_is_coloured_by_its_verdict():
    frame = pd.DataFrame({"indicator": ["a", "b", "c", "d", "e"],
                          "vs_national": ["高い", "低い", "同程度", "—", "比較なし"],
                          "verdict": ["better", "worse", "similar", "none", None]})
    styles = verdict_colours(frame)
    assert styles["vs_national"].tolist() == ["color: #005A8C; font-weight: bold", "color: #A63D00; font-weight: bold",
                                             "color: #444444; font-weight: bold", "color: #595959; font-weight: bold",
                                             ""]
    assert styles["indicator"].tolist() == [""] * 5
    assert styles["verdict"].tolist() == [""] * 5
    assert list(styles.index) == list(frame.index)


def test_a_table_without_comparison_is_plain():
    frame = pd.DataFrame({"indicator": ["a"], "verdict": ["better"]})
    assert verdict_colours(frame).to_dict("list") == {"indicator": [""], "verdict": [""]}
