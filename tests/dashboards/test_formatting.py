"""Japanese conventions and the comparison rule, against values worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from dashboards.formatting import (
    compare,
    format_change,
    format_date,
    format_datetime,
    format_value,
    interval_text,
    period_label,
    period_short,
    stage_label,
    verdict,
    wilson_interval,
)


@pytest.mark.parametrize(("rate", "n", "low", "high"), [
    # 50/100: centre 0.5, half-width 1.959964 / 1.0384146 × √(0.0025 + 0.0000960) = 0.096169
    (0.5, 100, 0.403831, 0.596169),
    # 5/50: centre (0.1 + 0.0384146) / 1.0768292 = 0.128539, half-width 0.085063
    (0.1, 50, 0.043476, 0.213602),
    # 0/20: the interval starts at 0 and reaches z² / (n + z²) = 3.841459 / 23.841459
    (0.0, 20, 0.0, 0.161125),
])
def test_wilson_interval_by_hand(rate, n, low, high):
    got_low, got_high = wilson_interval(rate, n)
    assert got_low == pytest.approx(low, abs=1e-6)
    assert got_high == pytest.approx(high, abs=1e-6)


def test_survey_rate_is_compared_by_its_interval():
    # 50 % of 100 respondents: 95 % interval 40.38 %–59.62 %
    assert compare(0.5, 0.59, "ratio", respondents=100) == "similar"
    assert compare(0.5, 0.41, "ratio", respondents=100) == "similar"
    assert compare(0.5, 0.60, "ratio", respondents=100) == "lower"
    assert compare(0.5, 0.40, "ratio", respondents=100) == "higher"
    # the same gap with 10,000 respondents (interval ±0.98 pt) is a real difference
    assert compare(0.5, 0.52, "ratio", respondents=10_000) == "lower"
    assert compare(0.5, 0.52, "ratio", respondents=0) == "no_data"


@pytest.mark.parametrize(("value", "reference", "unit", "expected"), [
    (1.46, 1.46, "index (0–1)", "similar"),
    (1.4649, 1.4551, "index (0–1)", "similar"),  # both shown as 1.46
    (1.466, 1.464, "index (0–1)", "higher"),  # 1.47 against 1.46
    (0.08234, 0.08249, "ratio", "similar"),  # 8.2 % against 8.2 %
    (0.0826, 0.0824, "ratio", "higher"),  # 8.3 % against 8.2 %
    (0.0814, 0.0826, "ratio", "lower"),
    (1.4549, 1.46, "index (0–1)", "lower"),  # 1.45 against 1.46
    (None, 0.5, "ratio", "no_data"),
])
def test_compare_at_displayed_precision(value, reference, unit, expected):
    assert compare(value, reference, unit) == expected


def test_verdict_follows_the_direction():
    assert verdict("higher", "higher_is_better") == "better"
    assert verdict("higher", "lower_is_better") == "worse"
    assert verdict("lower", "lower_is_better") == "better"
    assert verdict("similar", "lower_is_better") == "similar"
    assert verdict("higher", "neutral") == "none"


def test_interval_text():
    assert interval_text(0.5, 100, "ja") == "95%信頼区間 40.4%〜59.6%（回答者100人）"
    assert interval_text(0.5, 100, "en") == "95% CI 40.4%–59.6% (100 respondents)"
    assert interval_text(0.5, None, "ja") == ""


@pytest.mark.parametrize(("period", "lang", "era", "expected"), [
    ("FY2026Q2", "ja", False, "2026年度第2四半期（7〜9月）"),
    ("FY2026Q2", "ja", True, "令和8年度第2四半期（7〜9月）"),
    ("FY2019Q4", "ja", True, "令和元年度第4四半期（1〜3月）"),
    ("FY2025Q1", "ja", False, "2025年度第1四半期（4〜6月）"),
    ("FY2025Q3", "en", False, "FY2025 Q3 (Oct–Dec)"),
])
def test_period_label(period, lang, era, expected):
    assert period_label(period, lang, era=era) == expected


def test_period_short():
    assert period_short("FY2026Q2", "ja") == "2026年度 第2四半期"
    assert period_short("FY2026Q2", "en") == "FY2026 Q2"


def test_axis_period_in_two_lines():
    from dashboards.components.figures import axis_period

    assert axis_period("FY2026Q2", "ja") == "2026年度\n第2四半期"
    assert axis_period("FY2025Q4", "en") == "FY2025\nQ4"


def test_dates_in_japan_time():
    assert format_datetime("2026-10-31T23:59:59+09:00", "ja", as_of=True) == "2026年10月31日 23:59 時点"
    assert format_datetime("2026-10-31T14:59:59+00:00", "ja") == "2026年10月31日 23:59"
    assert format_datetime("2026-10-31T14:59:59+00:00", "en", as_of=True) == "as of 31 Oct 2026, 23:59"
    assert format_datetime(None, "ja") == "―"
    assert format_date(date(2026, 4, 1), "ja") == "2026年4月1日"


@pytest.mark.parametrize(("value", "unit", "lang", "expected"), [
    (12, "meetings", "ja", "12回"),
    (1234, "respondents", "ja", "1,234人"),
    (3, "projects", "ja", "3件"),
    (52_000, "thousand yen", "ja", "52,000千円"),
    (52_000, "thousand yen", "en", "52,000 thousand yen"),
    (0.08234, "ratio", "ja", "8.2%"),
    (1.0, "ratio", "ja", "100.0%"),
    (0.4567, "index (0–1)", "ja", "0.46"),
    (True, "boolean", "ja", "はい"),
    (None, "meetings", "ja", "―"),
])
def test_format_value_with_units(value, unit, lang, expected):
    assert format_value(value, unit, lang) == expected


@pytest.mark.parametrize(("change", "unit", "lang", "expected"), [
    (-0.787, "ratio", "ja", "78.7ポイント低下"),
    (0.012, "ratio", "ja", "1.2ポイント上昇"),
    (-3, "projects", "ja", "3件減少"),
    (5, "meetings", "ja", "5回増加"),
    (0.0004, "ratio", "ja", "変化なし"),
    (-3, "projects", "en", "down 3 projects"),
    (None, "ratio", "ja", "―"),
])
def test_format_change(change, unit, lang, expected):
    assert format_change(change, unit, lang) == expected


def test_stage_label():
    assert stage_label(3, "ja") == "段階3（設置）"
    assert stage_label(0, "en") == "Stage 0 (Not started)"
