"""The actor-type chart: 100 % stacked bars of engagement shares, all bars one glyph, a legend entry per type."""

import polars as pl
import pytest

from dashboards.views.actors import ActorChart


def composition(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"period": pl.String, "actor_type": pl.String, "label_ja": pl.String,
                                      "label_en": pl.String, "is_traditional": pl.Boolean, "share": pl.Float64,
                                      "engagements": pl.Int64}, orient="row")


# two periods; the second has no roster (no rows at all); three types, the welfare corporation traditional
ROWS = [("FY2025Q1", "social_welfare", "社会福祉法人", "Social welfare corp.", True, 0.5, 10),
        ("FY2025Q1", "npo", "NPO法人", "NPO", False, 0.3, 6),
        ("FY2025Q1", "company", "民間企業", "Company", False, 0.2, 4),
        ("FY2025Q2", "social_welfare", "社会福祉法人", "Social welfare corp.", True, None, None),
        ("FY2025Q2", "npo", "NPO法人", "NPO", False, None, None),
        ("FY2025Q2", "company", "民間企業", "Company", False, None, None)]


def test_the_bars_stack_the_shares_of_each_period_in_one_glyph():
    chart = ActorChart("ja")
    chart.update(composition(ROWS), pl.DataFrame({"period": ["FY2025Q1", "FY2025Q2"],
                                                  "actor_type_diversity": [1.03, None]}))
    bars = chart._bars.data
    # type by type, each over both periods: welfare 0–0.5, NPO 0.5–0.8, company 0.8–1.0; nothing in FY2025Q2
    assert list(bars["period"]) == ["FY2025Q1", "FY2025Q2"] * 3
    assert list(bars["bottom"]) == pytest.approx([0.0, 0.0, 0.5, 0.0, 0.8, 0.0])
    assert list(bars["top"]) == pytest.approx([0.5, 0.0, 0.8, 0.0, 1.0, 0.0])
    assert list(bars["engagements"]) == [10, 0, 6, 0, 4, 0]
    # the traditional type grey and hatched, the others in the palette's first colours and not hatched
    assert list(bars["colour"]) == ["#BBBBBB"] * 2 + ["#332288"] * 2 + ["#88CCEE"] * 2
    assert list(bars["hatch"]) == ["/", "/", " ", " ", " ", " "]
    assert list(bars["type"][::2]) == ["社会福祉法人（従来型）", "NPO法人", "民間企業"]
    assert list(chart._marks.data["text"]) == ["多様性 1.03", "データなし"]

    glyphs = [r for r in chart.fig.renderers if type(r.glyph).__name__ == "VBar"]
    assert len(glyphs) == 1
    legend = chart.fig.legend[0].items
    assert [item.label.value for item in legend] == ["社会福祉法人（従来型）", "NPO法人", "民間企業"]
    # each entry draws a bar of its own type (its colour and hatching in the legend)
    assert [bars["type"][item.index] for item in legend] == [item.label.value for item in legend]


def test_a_prefecture_with_other_periods_keeps_each_legend_entry_on_its_type():
    chart = ActorChart("en")
    chart.update(composition(ROWS[:3]), pl.DataFrame({"period": ["FY2025Q1"], "actor_type_diversity": [1.03]}))
    legend = chart.fig.legend[0].items
    assert [item.index for item in legend] == [0, 1, 2]
    chart.update(composition(ROWS), pl.DataFrame({"period": ["FY2025Q1", "FY2025Q2"],
                                                  "actor_type_diversity": [1.03, None]}))
    assert chart.fig.legend[0].items == legend  # the same figure, refilled
    assert [item.index for item in legend] == [0, 2, 4]
    assert [chart._bars.data["type"][item.index] for item in legend] == [
        "Social welfare corp. (traditional)", "NPO", "Company"]
