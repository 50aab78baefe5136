"""`python -m bench --scale small` runs end to end and writes every figure (no timing assertions).

At small size it still drives the deployed system: (g) starts `dagster dev` and uploads a correction through
the upload page of a running server, (h) opens real websocket sessions while a survey file is uploaded there
(one analyst alone, then all of them at once).
"""

import json
import subprocess
import sys

import pytest

from bench import proxy
from pipelines.core.config import REPO_ROOT

pytestmark = pytest.mark.slow

KEYS = ("baseline_s", "full_refresh_s", "noop_refresh_s", "incremental_s", "first_page_s", "interaction_p50_ms",
        "interaction_p95_ms", "server_rss_mb", "refresh_rss_mb", "survey_rows", "cores", "deployed_correction_s",
        "deployed_published_s", "concurrent_p50_ms",
        "concurrent_p95_ms", "concurrent_server_rss_mb", "concurrent_single_p50_ms", "concurrent_single_p95_ms")


def test_small_benchmark_writes_every_figure(tmp_path):
    results = tmp_path / "results"
    completed = subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "small", "--work", str(tmp_path / "work"), "--results",
         str(results)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=2400,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    figures = json.loads((results / "latest.json").read_text(encoding="utf-8"))
    for key in KEYS:
        assert isinstance(figures[key], int | float) and not isinstance(figures[key], bool), key
    assert figures["noop_kept_snapshot"] and figures["incremental_published_new_value"] and figures["baseline_matches"]
    # (g): the daemon's run published the uploaded correction, and the dashboards' data layer serves it
    assert figures["deployed_published_new_value"] is True
    assert figures["deployed_upload"]["outcome"] == "accepted"
    assert [run["status"] for run in figures["deployed_runs"]] == ["SUCCESS"]
    # (h), in two rounds: every session opened, the sessions made interactions while the uploads were validated,
    # each upload was accepted, and nothing failed
    concurrent = figures["concurrent"]
    assert concurrent["sessions_opened"] == figures["concurrent_sessions"] == 8
    assert concurrent["rounds"] == 2 and [u["outcome"] for u in concurrent["uploads"]] == ["accepted"] * 2
    assert concurrent["whole_window"]["n"] >= 2 * 8
    assert sum(f["n"] for f in concurrent["during_upload"]["per_round"]) == concurrent["during_upload"]["n"]
    assert figures["concurrent_errors"] == 0, concurrent["errors"]
    # the server served the sessions and the upload while a worker validated it, and no one measured more than
    # the machine has
    cpu = concurrent["cpu_during_upload"]
    assert 0 < cpu["process_cores"] <= figures["cores"] and 0 < cpu["descendants_cores"] <= figures["cores"]
    assert 0 < cpu["machine_busy"] <= 1
    report = (results / "latest.md").read_text(encoding="utf-8")
    assert "the 2 dashboard servers used" in report and "the dashboard server used" in report
    # (h) again with one `kyoso serve` and no proxy
    single = figures["concurrent_single"]
    assert single["sessions_opened"] == 8 and [u["outcome"] for u in single["uploads"]] == ["accepted"] * 2
    assert figures["concurrent_single_errors"] == 0, single["errors"]
    # as deployed, nginx sent every request with a route cookie (each browser's after its first: the page's
    # websocket among them) to the process the cookie names, and the browsers to both processes
    served, websockets = {}, 0
    for uri, upstream, route in proxy.routed_requests(tmp_path / "work" / "deployed-dashboards" / "access.log"):
        if route not in ("", "-"):  # "-": no cookie yet, a new browser
            served.setdefault(route, set()).add(upstream)
            websockets += uri.startswith("/ws")
    assert websockets >= 2 * (8 + 1)  # analysts and the officer, in each round
    assert sorted(served) == ["d1", "d2"] and all(len(upstreams) == 1 for upstreams in served.values()), served
    # (h), one analyst alone with an upload: she made interactions before and during it, and it was accepted
    probe = figures["upload_probe"]
    assert probe["idle"]["n"] == 30 and probe["upload"]["outcome"] == "accepted"
    assert sum(phase["n"] for phase in probe["phases"].values()) >= 1
    assert "| (b) full `kyoso refresh`" in report and "| (g) correction uploaded" in report
    assert "| (h) interaction p95, 8 sessions during an upload, as deployed" in report
    assert "(h), one `kyoso serve`: 2 rounds of 8 sessions opened at once (at least 8 opened in each" in report
    assert "| (h) one analyst alone: interaction p95, nothing else going on" in report
