"""Issue cap: at most 1,000 listed per (rule, column), the rest counted in one summary issue."""

from pipelines.intake import validate_file
from pipelines.intake.issues import ISSUE_CAP, IssueLog


def test_log_caps_per_rule_and_column() -> None:
    log = IssueLog("s.csv")
    for row in range(2, 2 + ISSUE_CAP + 5):
        log.add("error", "satisfaction.out_of_range", "ja", "en", row=row, column="満足度", value="9")
    log.add("error", "satisfaction.out_of_range", "ja", "en", row=3, column="other")
    log.add("warning", "header.extra_column", "ja", "en", row=1, column="備考")
    issues = log.finish()
    assert len(issues) == ISSUE_CAP + 3
    assert issues[0].rule == "header.extra_column"  # row 1 first: issues are ordered by row
    summary = issues[-1]
    assert (summary.severity, summary.row, summary.column, summary.rule) == (
        "error", None, "満足度", "satisfaction.out_of_range",
    )  # fmt: skip
    assert "5 行" in summary.message_ja and "5 more rows" in summary.message_en
    assert log.has_errors


def test_huge_survey_failure_is_capped(files, make) -> None:
    records = [make.survey(str(i), satisfaction="9") for i in range(ISSUE_CAP + 250)]
    result = validate_file(files.csv("s.csv", make.table("survey_responses", records)), "16")
    assert len(result.errors) == ISSUE_CAP + 1
    assert [i.row for i in result.errors[:3]] == [2, 3, 4]
    assert "250" in result.errors[-1].message_ja
