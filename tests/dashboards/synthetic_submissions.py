"""Synthetic submission register, validation issues, platform reports and domain figures."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import polars as pl

from pipelines import vocab

FORMS = {"municipal_report": "市町村四半期報告", "actor_roster": "多様な主体参画状況",
         "platform_status": "都道府県プラットフォーム構築状況", "survey_responses": "高齢者アンケート"}
ISSUE_TEMPLATES = [
    ("error", "65歳以上人口", "0", "positive_count", "65歳以上人口は1以上の整数で入力してください",
     "population_65plus must be a positive integer"),
    ("error", "団体コード", "131017", "check_digit", "団体コードの検査数字が正しくありません",
     "wrong check digit in municipality code"),
    ("error", "第1層協議体設置", "=TRUE()", "boolean", "「有」または「無」で入力してください",
     "enter a boolean such as 有 / 無"),
    ("warning", "市区町村名", "千代田", "name_mismatch", "市区町村名がマスタと一致しません",
     "municipality name differs from the master"),
    ("warning", "65歳以上人口", "-", "population_change", "65歳以上人口が前期から20%以上変化しています",
     "population_65plus changed by more than 20 % since the previous period"),
]


def _issues(rng, submission_id, pref, form, period, errors, warnings) -> list[dict]:
    rows = []
    picks = [t for t in ISSUE_TEMPLATES if t[0] == "error"][: errors] + \
        [t for t in ISSUE_TEMPLATES if t[0] == "warning"][: warnings]
    for number, (severity, column, value, rule, ja, en) in enumerate(picks, start=1):
        rows.append({"submission_id": submission_id, "issue_no": number, "severity": severity,
                     "sheet": FORMS[form], "row_number": int(rng.integers(2, 60)), "column_name": column,
                     "value": value, "rule": rule, "message_ja": ja, "message_en": en,
                     "prefecture_code": pref, "form": form, "period": period})
    return rows


def build(rng: np.random.Generator, prefectures: pl.DataFrame, periods: list):
    """Submissions with plausible timing; returns (mart_submissions, mart_validation_issues, accepted keys)."""
    submissions, issues, accepted = [], [], set()
    for pref, name, total in prefectures.select("prefecture_code", "prefecture_name", "municipalities_total").rows():
        for index, (fy, q, period, due) in enumerate(periods):
            for form, title in FORMS.items():
                missing = rng.random() < (0.25 if index == len(periods) - 1 else 0.04)
                attempts = [] if missing else ["accepted"]
                if not missing and rng.random() < 0.12:
                    attempts.insert(0, "rejected")
                if not missing and rng.random() < 0.02:
                    attempts = ["rejected"]
                if attempts[-1:] == ["accepted"] and rng.random() < 0.1:
                    attempts.append("accepted")
                late = rng.random() < 0.15
                received = due + timedelta(days=float(rng.uniform(1, 20))) if late else \
                    due - timedelta(days=float(rng.uniform(3, 40)))
                accepted_count = attempts.count("accepted")
                for n, outcome in enumerate(attempts):
                    submission_id = f"{pref}-{form}-{period}-{n + 1}"
                    status = "superseded" if outcome == "accepted" and accepted_count > 1 and n < len(
                        attempts) - 1 else outcome
                    errors = int(rng.integers(1, 4)) if outcome == "rejected" else 0
                    warnings = int(rng.integers(0, 3))
                    first_accepted = outcome == "accepted" and "accepted" not in attempts[:n]
                    submissions.append({
                        "submission_id": submission_id, "form": form, "prefecture_code": pref,
                        "prefecture_name": name, "fiscal_year": fy, "quarter": q, "period": period,
                        "received_at": received, "due_at": due, "user_name": f"{name} 担当者",
                        "file_name": f"{title}_{pref}_{period}.xlsx", "status": status,
                        "rows": {"municipal_report": total, "platform_status": 1}.get(form, total * 30),
                        "errors": errors, "warnings": warnings, "on_time": received <= due,
                        "is_first_accepted": first_accepted,
                    })
                    issues += _issues(rng, submission_id, pref, form, period, errors, warnings)
                    received += timedelta(days=float(rng.uniform(1, 6)))
                if "accepted" in attempts:
                    accepted.add((pref, form, fy, q))
    return pl.DataFrame(submissions), pl.DataFrame(issues), accepted


def platform_reports(rng, prefectures: pl.DataFrame, periods: list, accepted: set) -> pl.DataFrame:
    """Each prefecture climbs the stages at its own pace; a row only where platform_status was accepted."""
    rows = []
    for pref in prefectures["prefecture_code"]:
        stage, pace = int(rng.integers(0, 2)), rng.uniform(0.25, 0.8)
        for fy, q in periods:
            stage = min(4, stage + int(rng.random() < pace))
            if (pref, "platform_status", fy, q) in accepted:
                rows.append({"prefecture_code": pref, "fiscal_year": fy, "quarter": q, "stage": stage,
                             "member_orgs": int(rng.integers(5, 40)) * stage, "events": int(rng.integers(0, 6)),
                             "matches": int(rng.poisson(3 * stage)), "fund_used_kyen": int(rng.integers(0, 9000)),
                             "linked_national": bool(stage >= 3)})
    return pl.DataFrame(rows)


def domain_rows(rng, prefectures: pl.DataFrame, periods: list, accepted: set) -> pl.DataFrame:
    """Per prefecture, period and domain: supply counts and demand shares (None where the form is missing)."""
    popularity = rng.dirichlet(np.ones(len(vocab.DOMAINS)) * 2)
    rows = []
    for pref in prefectures["prefecture_code"]:
        for index, (fy, q) in enumerate(periods):
            roster = (pref, "actor_roster", fy, q) in accepted
            survey = (pref, "survey_responses", fy, q) in accepted
            for (code, _, _), weight in zip(vocab.DOMAINS, popularity, strict=True):
                supply = int(rng.poisson(weight * 900 * (1 + 0.15 * index))) if roster else None
                wanted = float(np.clip(rng.normal(weight * 4, 0.03), 0.01, 0.9)) if survey else None
                used = wanted * float(rng.uniform(0.3, 0.95)) if survey else None
                rows.append({"prefecture_code": pref, "fiscal_year": fy, "quarter": q, "domain_code": code,
                             "supply_engagements": supply,
                             "supply_actors": None if supply is None else int(supply * 0.7),
                             "wanted_share": wanted, "used_share": used})
    return pl.DataFrame(rows, infer_schema_length=None)
