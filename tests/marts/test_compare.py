"""The comparison helper itself catches the differences it must (so a green mart test means something)."""

from __future__ import annotations

from .conftest import compare_rows, same_value


def test_same_value_is_strict_about_nulls_and_types():
    assert same_value(None, None)
    assert not same_value(None, 0)
    assert not same_value(0, None)
    assert not same_value(1, True)  # a count must not come back as a boolean
    assert not same_value(True, 1)
    assert not same_value(1, 1.0)  # a count must be an integer
    assert not same_value(0.5, 1 / 2 + 1e-9)
    assert same_value(0.1 + 0.2, 0.3)
    assert same_value(0.0, -0.0)
    assert not same_value("01", "1")


def test_compare_rows_reports_every_kind_of_difference():
    expected = [{"prefecture_code": "01", "quarter": 1, "x": 1, "r": None},
                {"prefecture_code": "02", "quarter": 1, "x": 2, "r": 0.5}]
    got = [{"prefecture_code": "1", "quarter": 1, "x": 1, "r": 0.0},
           {"prefecture_code": "03", "quarter": 1, "x": 2, "r": 0.5}]
    problems = compare_rows("t", expected, got, ["prefecture_code", "quarter"], ["x", "r"])
    assert any("keyed as" in p for p in problems)
    assert any("t[01,1].r: expected None got 0.0" in p for p in problems)
    assert any("t[02,1]: row missing" in p for p in problems)
    assert any("t[03,1]: unexpected row" in p for p in problems)
