"""Public codes with check digits: municipality (全国地方公共団体コード), prefecture, corporate number (SPEC §3.1)."""

from __future__ import annotations

import re
from functools import cache

from pipelines.core.reference import municipalities, prefectures
from pipelines.core.vocab import nfkc_compact
from pipelines.intake.issues import Invalid

_PREFECTURE_SUFFIX = re.compile(r"[都府県]$")


def municipality_check_digit(five_digits: str) -> str:
    """`(11 − (6·d1 + 5·d2 + 4·d3 + 3·d4 + 2·d5) mod 11) mod 10`."""
    total = sum(weight * int(digit) for weight, digit in zip((6, 5, 4, 3, 2), five_digits, strict=True))
    return str((11 - total % 11) % 10)


def corporate_check_digit(body12: str) -> str:
    """9 − (Σ P_n·Q_n mod 9); P_n = n-th of the 12 digits from the right, Q_n = 1 (odd n) or 2 (even n)."""
    total = sum(int(digit) * (1 if n % 2 else 2) for n, digit in enumerate(reversed(body12), start=1))
    return str(9 - total % 9)


def corporate_number_is_valid(number: str) -> bool:
    """13 digits whose first is the check digit of the other 12."""
    return bool(re.fullmatch(r"[0-9]{13}", number)) and number[0] == corporate_check_digit(number[1:])


@cache
def _prefecture_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for code, prefecture in prefectures().items():
        names[prefecture.name] = code
        names[_PREFECTURE_SUFFIX.sub("", prefecture.name)] = code  # 東京都 → 東京, 北海道 stays
        names[prefecture.name_en.casefold()] = code
    return names


def normalize_prefecture(value: object) -> str | None:
    """'13', '1', '130001', '東京都', '東京' (full-width too) → '13'; None when not a prefecture."""
    if value is None:
        return None
    text = nfkc_compact(str(value))
    if re.fullmatch(r"[0-9]{1,2}", text):
        code = text.zfill(2)
        return code if code in prefectures() else None
    if re.fullmatch(r"[0-9]{6}", text):
        return next((code for code, p in prefectures().items() if p.lg_code == text), None)
    return _prefecture_names().get(text) or _prefecture_names().get(text.casefold())


def prefecture_label(code: str) -> str:
    prefecture = prefectures().get(code)
    return f"{code} {prefecture.name}" if prefecture else code


def parse_prefecture_code(text: str) -> str:
    code = normalize_prefecture(text)
    if code is None:
        raise Invalid(
            "unknown",
            f"「{text}」は都道府県として読み取れません。"
            "都道府県コード（例: 13）または名称（例: 東京都）を入力してください。",
            f"'{text}' is not a prefecture. Enter a prefecture code (e.g. 13) or name (e.g. 東京都).",
        )
    return code


def parse_municipality_code(text: str, prefecture_code: str) -> str:
    """Normalize to the 6-digit code with check digit and check it against the master (SPEC §3.1)."""
    digits = nfkc_compact(text)
    if not re.fullmatch(r"[0-9]{4,6}", digits):
        raise Invalid(
            "format",
            f"団体コード「{text}」は数字5桁または6桁（検査数字付き）で入力してください。",
            f"Municipality code '{text}' must be 5 digits, or 6 digits with the check digit.",
        )
    master = municipalities()
    digits = digits.zfill(5)
    if len(digits) == 5:
        padded = "0" + digits  # Excel drops the leading zero of a numeric cell
        if padded in master and master[padded].prefecture_code == prefecture_code:
            code = padded
        else:
            code = digits + municipality_check_digit(digits)
    else:
        expected = digits[:5] + municipality_check_digit(digits[:5])
        if digits != expected:
            raise Invalid(
                "check_digit",
                f"団体コード「{text}」の検査数字（6桁目）が正しくありません（正しくは「{expected}」）。"
                "コードをご確認ください。",
                f"Municipality code '{text}' has a wrong check digit (6th digit); the valid code would be "
                f"'{expected}'. Please check the code.",
            )
        code = digits
    municipality = master.get(code)
    if municipality is None:
        raise Invalid(
            "unknown",
            f"団体コード「{text}」（{code}）は全国地方公共団体コードの市区町村一覧にありません。",
            f"Municipality code '{text}' ({code}) is not in the municipality master.",
        )
    if municipality.prefecture_code != prefecture_code:
        raise Invalid(
            "other_prefecture",
            f"団体コード「{text}」（{code} {municipality.name}）は{prefecture_label(municipality.prefecture_code)}"
            f"の市区町村です。提出元（{prefecture_label(prefecture_code)}）の市区町村のみ記入してください。",
            f"Municipality code '{text}' ({code}) belongs to prefecture {municipality.prefecture_code}, "
            f"not to the submitting prefecture {prefecture_code}.",
        )
    return code


def parse_corporate_number(text: str) -> str:
    number = nfkc_compact(text).replace("-", "")
    if not re.fullmatch(r"[0-9]{13}", number):
        raise Invalid(
            "format",
            f"法人番号「{text}」は13桁の数字で入力してください（法人でない団体は空欄で構いません）。",
            f"Corporate number '{text}' must be 13 digits (leave it blank for unincorporated groups).",
        )
    if not corporate_number_is_valid(number):
        raise Invalid(
            "check_digit",
            f"法人番号「{text}」の検査数字（先頭の1桁）が正しくありません。番号をご確認ください。",
            f"Corporate number '{text}' has a wrong check digit (first digit). Please check the number.",
        )
    return number
