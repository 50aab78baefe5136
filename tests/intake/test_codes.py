"""Check digits and code normalization (SPEC §3.1); expected values worked out by hand from the formulas."""

import pytest

from pipelines.intake.codes import (
    corporate_number_is_valid,
    municipality_check_digit,
    normalize_prefecture,
    parse_corporate_number,
    parse_municipality_code,
)
from pipelines.intake.issues import Invalid


@pytest.mark.parametrize(
    ("five", "six"),
    [
        ("13101", "131016"),  # 6+15+4+0+2 = 27; 27 mod 11 = 5; (11-5) mod 10 = 6
        ("01213", "012131"),  # 0+5+8+3+6 = 22; 22 mod 11 = 0; 11 mod 10 = 1
        ("11000", "110001"),  # 6+5 = 11; 11 mod 11 = 0; 11 mod 10 = 1
        ("09000", "090000"),  # 45 mod 11 = 1; 10 mod 10 = 0
    ],
)
def test_municipality_check_digit(five: str, six: str) -> None:
    assert five + municipality_check_digit(five) == six


@pytest.mark.parametrize(
    ("text", "prefecture", "code"),
    [
        ("131016", "13", "131016"),
        ("13101", "13", "131016"),  # 5 digits: check digit computed
        ("11002", "01", "011002"),  # Excel dropped the leading zero of 札幌市 011002
        ("01213", "01", "012131"),
        ("1213", "01", "012131"),  # 4 digits: zero-padded to 01213 first
        ("１３１０１", "13", "131016"),  # full-width digits
        (" 131016 ", "13", "131016"),
    ],
)
def test_municipality_code_normalized(text: str, prefecture: str, code: str) -> None:
    assert parse_municipality_code(text, prefecture) == code


@pytest.mark.parametrize(
    ("text", "prefecture", "rule"),
    [
        ("131017", "13", "check_digit"),
        ("11002", "11", "unknown"),  # read as 11002 + check digit 7 = 110027: no such municipality
        ("11000", "11", "unknown"),  # 110001 is Saitama's prefecture code, not a municipality
        ("131016", "01", "other_prefecture"),
        ("13101", "01", "other_prefecture"),  # 013101 is not in Hokkaido, so it is 131016 (Tokyo)
        ("1310", "13", "unknown"),  # 01310 → 013102 does not exist
        ("131", "13", "format"),
        ("1310166", "13", "format"),
        ("13-101", "13", "format"),
    ],
)
def test_municipality_code_rejected(text: str, prefecture: str, rule: str) -> None:
    with pytest.raises(Invalid) as raised:
        parse_municipality_code(text, prefecture)
    assert raised.value.problem.rule == rule


def test_check_digit_message_gives_the_valid_code() -> None:
    with pytest.raises(Invalid) as raised:
        parse_municipality_code("131017", "13")
    assert "131016" in raised.value.problem.message_ja
    assert "131016" in raised.value.problem.message_en


def test_corporate_number_check_digit() -> None:
    # 12 digits 000012050002 from the right: 2·1 + 0·2 + 0·1 + 0·2 + 5·1 + 0·2 + 2·1 + 1·2 = 11; 9 − 11 mod 9 = 7
    assert corporate_number_is_valid("7000012050002")
    assert not corporate_number_is_valid("7000012050003")
    assert not corporate_number_is_valid("700001205000")


def test_corporate_number_parsing() -> None:
    assert parse_corporate_number("７００００１２０５０００２") == "7000012050002"
    with pytest.raises(Invalid) as wrong:
        parse_corporate_number("7000012050003")
    assert wrong.value.problem.rule == "check_digit"
    with pytest.raises(Invalid) as short:
        parse_corporate_number("70000120500")
    assert short.value.problem.rule == "format"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("13", "13"),
        ("1", "01"),
        (1, "01"),
        ("130001", "13"),
        ("東京都", "13"),
        ("東京", "13"),
        ("１３", "13"),
        ("北海道", "01"),
        ("京都", "26"),
        ("大阪府", "27"),
        ("Tokyo", "13"),
        ("48", None),
        ("0", None),
        ("東京市", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_prefecture(value: object, code: str | None) -> None:
    assert normalize_prefecture(value) == code
