"""Deliberate errors (rejected files), corrections (resubmissions) and warning-only quirks.

Each function takes a deep copy of canonical rows and returns (rows, note detail). Rows carry
`_cells` for literal cell values, so the error is exactly what a careless officer would type.
Row numbers in notes are Excel rows (header = 1).
"""

from __future__ import annotations

import copy

import numpy as np

from pipelines.core.reference import municipalities_of, prefectures
from pipelines.demo.styles import domains_cell
from pipelines.intake.codes import corporate_number_is_valid


def _pick(rng: np.random.Generator, n: int, low: int = 0) -> int:
    return int(rng.integers(min(low, n - 1), n))


def _neighbor(prefecture_code: str) -> str:
    codes = sorted(prefectures())
    return codes[(codes.index(prefecture_code) + 1) % len(codes)]


def _literal(row: dict, key: str, value) -> None:
    row.setdefault("_cells", {})[key] = value


def check_digit(rows, rng, fmt):
    rows = copy.deepcopy(rows)
    i = _pick(rng, len(rows), 1)
    code = rows[i]["municipality_code"]
    wrong = code[:5] + str((int(code[5]) + int(rng.integers(1, 10))) % 10)
    _literal(rows[i], "municipality_code", wrong)
    return rows, f"wrong check digit (row {i + 2}: {wrong}, correct {code})"


def other_prefecture(rows, rng, fmt):
    rows = copy.deepcopy(rows)
    i = _pick(rng, len(rows), 1)
    stranger = municipalities_of(_neighbor(rows[i]["municipality_code"][:2]))
    code = stranger[_pick(rng, len(stranger))].code
    _literal(rows[i], "municipality_code", code)
    return rows, f"municipality of another prefecture (row {i + 2}: {code})"


def negative_count(rows, rng, fmt, key="town_meetings"):
    rows = copy.deepcopy(rows)
    i = _pick(rng, len(rows))
    value = -int(rng.integers(1, 4))
    _literal(rows[i], key, value if fmt == "xlsx" else str(value))
    return rows, f"negative count (row {i + 2}: {key} = {value})"


def layer2_exceeds(rows, rng, fmt):
    rows = copy.deepcopy(rows)
    i = _pick(rng, len(rows))
    rows[i]["sc_layer2_areas_covered"] = rows[i]["daily_living_areas"] + int(rng.integers(1, 3))
    return rows, (
        f"sc_layer2_areas_covered > daily_living_areas (row {i + 2}: "
        f"{rows[i]['sc_layer2_areas_covered']} > {rows[i]['daily_living_areas']})"
    )


def mixed_periods(rows, rng, fmt, previous):
    rows = copy.deepcopy(rows)
    codes = sorted({r["municipality_code"] for r in rows})
    victim = codes[_pick(rng, len(codes), 1)] if len(codes) > 1 else codes[0]
    hit = [i for i, r in enumerate(rows) if r["municipality_code"] == victim]
    for i in hit:
        rows[i]["fiscal_year"], rows[i]["quarter"] = previous
    return rows, f"mixed periods (rows {hit[0] + 2}–{hit[-1] + 2} carry FY{previous[0]}Q{previous[1]})"


def bad_corporate_number(rows, rng, fmt):
    rows = copy.deepcopy(rows)
    candidates = [i for i, r in enumerate(rows) if r["corporate_number"]]
    i = candidates[_pick(rng, len(candidates))]
    number = rows[i]["corporate_number"]
    digits = list(number)
    while True:
        pos = int(rng.integers(1, 13))
        digits[pos] = str((int(number[pos]) + int(rng.integers(1, 9))) % 10)
        if not corporate_number_is_valid("".join(digits)):
            break
        digits = list(number)
    wrong = "".join(digits)
    _literal(rows[i], "corporate_number", wrong)
    return rows, f"wrong corporate-number check digit (row {i + 2}: {wrong})"


def unknown_domain(rows, rng, style):
    rows = copy.deepcopy(rows)
    i = _pick(rng, len(rows))
    _literal(rows[i], "domains", domains_cell(rows[i]["domains"], style) + "、配食サービス")
    return rows, f"unknown domain (row {i + 2}: 配食サービス)"


def wrong_prefecture(rows, rng, fmt):
    rows = copy.deepcopy(rows)
    other = _neighbor(rows[0]["prefecture_code"])
    rows[0]["prefecture_code"] = other
    return rows, f"prefecture code of another prefecture (row 2: {other}, template copied)"


# --- accepted corrections and warning-only quirks ---------------------------------------------------


def correct_municipal(rows, rng):
    rows = copy.deepcopy(rows)
    for i in sorted({_pick(rng, len(rows)) for _ in range(3)}):
        rows[i]["program_spend_kyen"] = int(round(rows[i]["program_spend_kyen"] * rng.uniform(0.9, 1.25)))
        rows[i]["town_meetings"] += 1
        rows[i]["meeting_participants_residents"] += int(rng.integers(10, 40))
    return rows, "corrected figures"


def correct_roster(rows, rng):
    rows = copy.deepcopy(rows)
    del rows[_pick(rng, len(rows))]
    return rows, "one engagement listed by mistake removed"


def correct_platform(rows, rng):
    rows = copy.deepcopy(rows)
    rows[0]["member_orgs"] += int(rng.integers(1, 6))
    rows[0]["matches"] += 1
    return rows, "corrected member and match counts"


def omit_municipalities(rows, rng):
    rows = copy.deepcopy(rows)
    drop = sorted({_pick(rng, len(rows), 1) for _ in range(int(rng.integers(1, 4)))})
    omitted = [rows[i]["municipality_code"] for i in drop]
    return [r for i, r in enumerate(rows) if i not in drop], omitted


def name_variants(rows, rng):
    rows = copy.deepcopy(rows)
    hit = sorted({_pick(rng, len(rows)) for _ in range(2)})
    for i in hit:
        rows[i]["municipality_name"] = rows[i]["municipality_name"][:-1]  # 函館市 → 函館
    return rows, f"municipality name differs from master (rows {', '.join(str(i + 2) for i in hit)})"


def model_outside_a(rows, rng):
    rows = copy.deepcopy(rows)
    candidates = [i for i, r in enumerate(rows) if r["service_category"] not in ("home_a", "day_a")]
    i = candidates[_pick(rng, len(candidates))]
    rows[i]["model_type"] = "1-2"
    return rows, f"model type given for a category other than service A (row {i + 2})"
