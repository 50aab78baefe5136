"""What the prefecture's quarterly report says (SPEC §4.6), read from the published snapshot only.

The content is a list of table sections (each becomes one .xlsx sheet and one block of the .pdf) plus the
series the .pdf charts. Every cell keeps its real value and says how it is shown (`kind`), so the .xlsx
writes numbers with number formats and the .pdf formats the same values as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from pipelines.core import config
from pipelines.core.vocab import STATUS_JA
from pipelines.report import labels

# Key indicators of mart_prefecture_quarter, in the report's order.
KEY_INDICATORS = (
    "completeness", "partnership_program_rate", "town_meetings", "town_meetings_per_10k_65plus",
    "org_participant_share", "projects_started", "pilots_running", "kayoi_participation_rate", "sc_layer1_rate",
    "sc_layer2_coverage", "council_layer1_rate", "council_layer2_coverage", "engagements", "actors",
    "actor_type_diversity", "non_traditional_share", "domain_coverage", "service_a_engagements",
    "diverse_municipality_rate", "survey_respondents", "survey_participation_rate", "survey_satisfaction_mean",
    "platform_stage", "spend_fy_to_date_kyen", "spend_ratio",
)
FORMS = ("municipal_report", "actor_roster", "platform_status", "survey_responses")


class NoPublishedData(LookupError):
    """Nothing published for the requested prefecture and period (exit status 1)."""


@dataclass(frozen=True)
class Cell:
    value: object
    kind: str = "text"  # text | int | ratio | number | datetime


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""


@dataclass
class ReportContent:
    prefecture_code: str
    prefecture_name: str
    period: str
    previous_period: str | None
    published_at: datetime | None
    summary: list[tuple[str, Cell]]
    sections: list[Section] = field(default_factory=list)
    stage_series: list[dict] = field(default_factory=list)
    projection: list[dict] = field(default_factory=list)
    comparisons: list[tuple[str, float | None, float | None]] = field(default_factory=list)
    outlook: list[str] = field(default_factory=list)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()}


def build_report(prefecture_code: str, period: str | None = None, snapshot: Path | None = None) -> ReportContent:
    """The report of one prefecture and period (default: the latest published period)."""
    path = snapshot or config.published_path()
    if not path.exists():
        raise NoPublishedData("公開データがありません / nothing has been published yet")
    con = duckdb.connect(str(path), read_only=True)
    try:
        return _build(con, prefecture_code, period)
    finally:
        con.close()


def _build(con: duckdb.DuckDBPyConnection, code: str, period: str | None) -> ReportContent:
    periods = [r["period"] for r in _rows(con, "select distinct period, fiscal_year, quarter from "
                                               "mart_prefecture_quarter order by fiscal_year, quarter")]
    if not periods or (period is not None and period not in periods):
        shown = period or "-"
        raise NoPublishedData(f"{shown} の公開データがありません / no published data for {shown}")
    period = period or periods[-1]
    position = periods.index(period)
    previous = periods[position - 1] if position else None
    series = _rows(con, "select * from mart_prefecture_quarter where prefecture_code = ? "
                        "order by fiscal_year, quarter", [code])
    by_period = {r["period"]: r for r in series}
    if period not in by_period:
        raise NoPublishedData(f"都道府県 {code} の公開データがありません / no published data for prefecture {code}")
    submissions = _rows(con, "select submission_id, form, form_label_ja, period, status, received_at_jst, note "
                             "from mart_submissions where prefecture_code = ? order by received_at", [code])
    if not any(s["status"] == "accepted" and _ordinal(s["period"]) <= _ordinal(period) for s in submissions):
        raise NoPublishedData(f"都道府県 {code} には {period} までの有効な提出がありません / "
                              f"prefecture {code} has no effective submission up to {period}")
    catalog = {r["code"]: r for r in _rows(con, "select * from indicator_catalog")}
    national = {r["period"]: r for r in _rows(con, "select * from mart_national_quarter")}
    name = _rows(con, "select prefecture_name from dim_prefecture where prefecture_code = ?", [code])[0]
    row, before = by_period[period], by_period.get(previous, {})
    tables = _tables(con)
    content = ReportContent(
        prefecture_code=code, prefecture_name=name["prefecture_name"], period=period, previous_period=previous,
        published_at=_published_at(con, tables), summary=[],
    )
    content.summary = _summary(content, row)
    content.sections.append(_key_indicators(row, national.get(period, {}), before, catalog))
    content.sections.append(_stage_timeline(series, period))
    projection = _rows(con, "select * from mart_prefecture_stage_projection where prefecture_code = ? "
                            "order by stage", [code]) if "mart_prefecture_stage_projection" in tables else []
    content.projection = projection
    content.outlook = [labels.projection_sentence(p) for p in projection]
    content.sections.append(_projection(projection, row))
    content.sections.append(_period_changes(row, before, catalog, previous))
    if "mart_indicator_changes" in tables:
        content.sections.append(_published_changes(con, code, period, catalog, submissions))
    content.sections.extend(_actor_sections(con, code, period, tables))
    content.sections.append(_domains(con, code, period))
    content.sections.append(_submission_status(row, submissions, period))
    # the whole series up to the latest period: the projection starts there, whatever period is reported
    content.stage_series = [{"period": p, "stage": r["platform_stage"], "target": r["target_stage"]}
                            for p, r in by_period.items()]
    content.comparisons = [(labels.indicator_name(catalog, c), row[c], national.get(period, {}).get(c))
                           for c in KEY_INDICATORS if labels.unit_kind(catalog, c) == "ratio"
                           and c in national.get(period, {})]
    return content


def _ordinal(period: str) -> int:
    return int(period[2:6]) * 4 + int(period[7]) - 1


def _published_at(con: duckdb.DuckDBPyConnection, tables: set[str]) -> datetime | None:
    if "mart_indicator_changes" not in tables:
        return None
    return con.execute("select max(published_at) from mart_indicator_changes").fetchone()[0]


def _summary(content: ReportContent, row: dict) -> list[tuple[str, Cell]]:
    return [
        ("都道府県", Cell(f"{content.prefecture_code} {content.prefecture_name}")),
        ("対象期間", Cell(labels.period_ja(content.period))),
        ("前期", Cell(labels.period_ja(content.previous_period) if content.previous_period else "—")),
        ("構築段階", Cell(labels.stage_ja(row["platform_stage"]))),
        ("目標段階", Cell(labels.stage_ja(row["target_stage"]))),
        ("スケジュール", Cell(labels.SCHEDULE_STATUS_JA[row["schedule_status"]])),
        ("遅れ四半期数", Cell(row["quarters_behind"], "int")),
        ("市町村報告の提出率", Cell(row["completeness"], "ratio")),
    ]


def _key_indicators(row: dict, national: dict, before: dict, catalog: dict) -> Section:
    rows = []
    for code in KEY_INDICATORS:
        kind = labels.unit_kind(catalog, code)
        target = catalog.get(code, {}).get("target")
        rows.append([
            Cell(labels.indicator_name(catalog, code)), Cell(labels.unit_ja(catalog, code)),
            Cell(row.get(code), kind), Cell(national.get(code), kind),
            Cell(target, kind if target is not None else "text"), Cell(before.get(code), kind),
        ])
    return Section("key_indicators", "主要指標（全国値・目標との比較）",
                   ["指標", "単位", "当期値", "全国値", "目標", "前期値"], rows,
                   "全国値は全市区町村の合計から算出（都道府県平均ではない）。空欄は未提出または定義なし。")


def _stage_timeline(series: list[dict], period: str) -> Section:
    rows = [[Cell(labels.period_ja(r["period"])), Cell(r["platform_stage"], "int"), Cell(r["target_stage"], "int"),
             Cell(r["stage_gap"], "int"), Cell(labels.SCHEDULE_STATUS_JA[r["schedule_status"]]),
             Cell(r["quarters_behind"], "int"), Cell("あり" if r["platform_stage_reported"] else "なし")]
            for r in series if _ordinal(r["period"]) <= _ordinal(period)]
    return Section("stage_timeline", "構築段階とスケジュール",
                   ["期間", "構築段階", "目標段階", "差", "状況", "遅れ四半期数", "当期報告"], rows,
                   "構築段階は報告のない期には直近の報告値を引き継ぐ。")


def _projection(projection: list[dict], row: dict) -> Section:
    rows = [[Cell(f"段階{p['stage']} {labels.STAGES_JA[p['stage']]}"), Cell(labels.period_ja(p["scheduled_period"])),
             Cell(labels.period_ja(p["reached_period"])), Cell(labels.period_ja(p["projected_period"])),
             Cell(p["quarters_late"], "int")]
            for p in projection]
    return Section("projection", "段階到達の見通し",
                   ["段階", "予定到達期", "到達期", "到達見込み期", "予定比の遅れ（四半期）"], rows,
                   "見込み＝最新期＋ceil((段階−現在の段階)×ペース)。ペースは最初の報告からの四半期数÷上がった段階数"
                   "（上がっていなければ全国の中央値）。負の遅れは前倒し。")


def _period_changes(row: dict, before: dict, catalog: dict, previous: str | None) -> Section:
    rows = []
    for code in KEY_INDICATORS:
        kind = labels.unit_kind(catalog, code)
        old, new = before.get(code), row.get(code)
        if old is None and new is None:
            continue
        delta = new - old if old is not None and new is not None else None
        rows.append([Cell(labels.indicator_name(catalog, code)), Cell(old, kind), Cell(new, kind),
                     Cell(delta, kind)])
    title = f"前期（{labels.period_ja(previous)}）からの変化" if previous else "前期からの変化（前期なし）"
    return Section("period_changes", title, ["指標", "前期値", "当期値", "増減"], rows,
                   "前期・当期とも値のない指標は省略。")


def _published_changes(con, code: str, period: str, catalog: dict, submissions: list[dict]) -> Section:
    notes = {s["submission_id"]: s["note"] for s in submissions if s["note"]}
    changes = _rows(con, "select * from mart_indicator_changes where prefecture_code = ? and period = ? "
                         "order by published_at desc, indicator", [code, period])
    rows = []
    for c in changes:
        kind = labels.unit_kind(catalog, c["indicator"])
        ids = (c["cause_submission_ids"] or "").split(",") if c["cause_submission_ids"] else []
        rows.append([Cell(c["published_at"], "datetime"), Cell(labels.indicator_name(catalog, c["indicator"])),
                     Cell(c["old_value"], kind), Cell(c["new_value"], kind),
                     Cell(", ".join(ids) or "スケジュール等の変更"),
                     Cell(" / ".join(notes[i] for i in ids if i in notes))])
    return Section("published_changes", "公開更新による当期値の修正",
                   ["公開日時", "指標", "旧値", "新値", "原因となった提出", "提出者の備考"], rows,
                   "再提出・取り下げ・スケジュール変更で当期の値が変わった記録。" if rows
                   else "修正の記録はありません。")


def _actor_sections(con, code: str, period: str, tables: set[str]) -> list[Section]:
    actor_rows = _rows(con, "select t.label_ja, a.engagements, a.actors, a.municipalities_with_type "
                            "from mart_prefecture_actor_type_quarter a join actor_types t on t.code = a.actor_type "
                            "where a.prefecture_code = ? and a.period = ? order by t.sort_order", [code, period])
    total = sum(r["engagements"] or 0 for r in actor_rows)
    actors = Section("actor_types", "多様な主体の参画（主体種別）",
                     ["主体種別", "参画件数", "主体数", "市区町村数", "構成比"],
                     [[Cell(r["label_ja"]), Cell(r["engagements"], "int"), Cell(r["actors"], "int"),
                       Cell(r["municipalities_with_type"], "int"),
                       Cell(r["engagements"] / total if total and r["engagements"] is not None else None, "ratio")]
                      for r in actor_rows],
                     "" if total or any(r["engagements"] is not None for r in actor_rows)
                     else "当期の多様な主体参画状況は未提出です。")
    sections = [actors]
    if "mart_prefecture_model_type_quarter" in tables:
        model_rows = _rows(con, "select t.label_ja, m.engagements, m.municipalities_with_model "
                                "from mart_prefecture_model_type_quarter m join model_types t on t.code = m.model_type "
                                "where m.prefecture_code = ? and m.period = ? order by t.sort_order", [code, period])
        sections.append(Section("model_types", "サービスAのモデル類型", ["モデル類型", "参画件数", "市区町村数"],
                                [[Cell(r["label_ja"]), Cell(r["engagements"], "int"),
                                  Cell(r["municipalities_with_model"], "int")] for r in model_rows]))
    return sections


def _domains(con, code: str, period: str) -> Section:
    rows = _rows(con, "select d.label_ja, m.* from mart_prefecture_domain_quarter m "
                      "join domains d on d.code = m.domain_code where m.prefecture_code = ? and m.period = ? "
                      "order by d.sort_order", [code, period])
    return Section("domains", "生活支援の分野（担い手と高齢者の希望）",
                   ["分野", "担い手の参画件数", "担い手の主体数", "希望する回答者", "利用中の回答者", "未充足率"],
                   [[Cell(r["label_ja"]), Cell(r["supply_engagements"], "int"), Cell(r["supply_actors"], "int"),
                     Cell(r["demand_respondents"], "int"), Cell(r["used_respondents"], "int"),
                     Cell(r["unmet_rate"], "ratio")] for r in rows],
                   "未充足率＝希望しているが利用していない回答者÷回答者数。空欄は当期の多様な主体参画状況・"
                   "高齢者アンケートが未提出。")


def _submission_status(row: dict, submissions: list[dict], period: str) -> Section:
    rows = []
    for s in submissions:
        if s["period"] != period:
            continue
        rows.append([Cell(s["form_label_ja"] or "（様式不明）"), Cell(s["submission_id"]),
                     Cell(STATUS_JA.get(s["status"], s["status"])), Cell(s["received_at_jst"], "datetime"),
                     Cell(s["note"] or "")])
    on_time = row["municipal_report_on_time"]
    note = ("市町村報告は期限内に提出されました。" if on_time else "市町村報告は期限後に提出されました。"
            if on_time is False else "市町村報告は未提出です。")
    return Section("submissions", "提出状況と備考", ["様式", "提出ID", "状態", "受信日時（日本時間）", "備考"],
                   rows, note)
