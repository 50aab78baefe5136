"""Japanese wording and value kinds for the report (pure; the dashboards keep their own formatting)."""

from __future__ import annotations

STAGES_JA = {0: "未着手", 1: "検討開始", 2: "準備会合", 3: "設置", 4: "運用"}
SCHEDULE_STATUS_JA = {"ahead": "前倒し", "on_track": "予定どおり", "behind": "遅れ", "no_data": "報告なし"}
UNIT_JA = {
    "ratio": "割合", "municipalities": "市区町村", "meetings": "回", "projects": "件", "pilots": "件",
    "engagements": "件", "actors": "主体", "types": "種別", "respondents": "人", "score (1–5)": "点（1–5）",
    "stage (0–4)": "段階", "thousand yen": "千円", "per 10,000 aged 65+": "回／65歳以上1万人",
    "index (0–1)": "指数（0–1）", "quarters": "四半期",
}


def period_ja(period: str | None) -> str:
    """'FY2027Q1' → '2027年度第1四半期'; None → '—'."""
    if not period:
        return "—"
    return f"{period[2:6]}年度第{period[7]}四半期"


def stage_ja(stage: int | None) -> str:
    return "報告なし" if stage is None else f"段階{stage}（{STAGES_JA[stage]}）"


def indicator_name(catalog: dict, code: str) -> str:
    return (catalog.get(code) or {}).get("name_ja") or code


def unit_ja(catalog: dict, code: str) -> str:
    unit = (catalog.get(code) or {}).get("unit") or ""
    return UNIT_JA.get(unit, unit)


def unit_kind(catalog: dict, code: str) -> str:
    """How a value of the indicator is shown: ratio (percent), int (count) or number (decimals)."""
    unit = (catalog.get(code) or {}).get("unit") or ""
    if unit == "ratio":
        return "ratio"
    if unit.startswith(("score", "per ", "index")):
        return "number"
    return "int"


def projection_sentence(row: dict) -> str:
    """「このペースでは段階3到達は2027年度第1四半期（予定より2四半期遅れ）」 and its variants."""
    stage, late = row["stage"], row["quarters_late"]
    if row["reached_period"]:
        when = f"段階{stage}は{period_ja(row['reached_period'])}に到達"
    elif row["projected_period"]:
        when = f"このペースでは段階{stage}到達は{period_ja(row['projected_period'])}"
    else:
        return f"段階{stage}の見通しは立てられません（段階の報告がありません）"
    if late is None:
        return when
    if late > 0:
        return f"{when}（予定より{late}四半期遅れ）"
    if late < 0:
        return f"{when}（予定より{-late}四半期早い）"
    return f"{when}（予定どおり）"


def format_value(value, kind: str) -> str:
    """The text the .pdf shows for a value of the given kind."""
    if value is None:
        return "—"
    if kind == "ratio":
        return f"{value * 100:.1f}%"
    if kind == "int":
        return f"{value:,.0f}" if isinstance(value, (int, float)) else str(value)
    if kind == "number":
        return f"{value:,.2f}"
    if kind == "datetime":
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)
