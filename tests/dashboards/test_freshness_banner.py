"""The failure banner speaks plainly in the page's language and keeps technical detail out."""

from dashboards.shell import freshness_html

FAILED = {
    "state": "failed",
    "last_success_at": "2026-11-28T02:00:41+09:00",
    "last_failure_at": "2026-11-29T02:00:19+09:00",
    "last_failure_reason": "raw__actor_roster: IO Error: Could not set lock on file",
    "latest_submission_received_at": "2026-11-27T10:15:00+09:00",
}


def test_failure_banner_in_japanese_names_both_times_and_no_technical_detail():
    banner = freshness_html(FAILED, "ja")
    assert "最新のデータ更新（2026年11月29日 02:00）は完了しませんでした" in banner
    assert "前回の更新時点（2026年11月28日 02:00）" in banner
    assert "IO Error" not in banner and "raw__" not in banner
    assert "The latest" not in banner


def test_failure_banner_in_english():
    banner = freshness_html(FAILED, "en")
    assert "The latest data refresh (29 Nov 2026, 02:00) did not complete" in banner
    assert "previous refresh (28 Nov 2026, 02:00)" in banner
    assert "IO Error" not in banner and "完了" not in banner
