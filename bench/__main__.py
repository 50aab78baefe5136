"""`python -m bench [--scale national|small|x4]`: the benchmark of SPEC §5, written to bench/results/.

Order: setup (demo data, submit every file, dbt manifest) → (b) full refresh from an empty
KYOSO_DATA_DIR → (c) no-change refresh → (d) one prefecture resubmits one quarter → (a) the bare-DuckDB
baseline over the same inputs, checked table by table against the published snapshot → (e) dashboards →
(g) a correction uploaded through the upload page, picked up by the Dagster daemon → (h) one analyst's
session while a 50 MB upload is validated (`bench.upload_probe`), then 20 dashboard sessions at once while
another one is, in rounds (`bench.concurrent`) → with `--scale x4`: (i) the full refresh again at 2× and 4× the
national survey volume (`bench/growth.py`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import duckdb

from bench import baseline, concurrent, dashboards, deployed, growth, proxy, upload_probe, wsclient
from bench.dashboards import free_port
from bench.report import markdown
from bench.resubmit import published_value, write_correction
from bench.survey_upload import write_survey_upload
from bench.system import REPO, System

# rounds: of (e)'s in-process mix; upload_rounds: of (h) (20 sessions open, the mix during one upload, close)
NATIONAL = {"survey_rows": 5_000_000, "last_period": (2026, 4), "engagements": 30.0, "rounds": 10,
            "sessions": 20, "upload_bytes": 50_000_000, "window_s": 20.0, "upload_rounds": 3, "growth": ()}
SCALES = {
    "national": NATIONAL,
    "x4": NATIONAL | {"growth": (2, 4)},
    "small": {"survey_rows": 20_000, "last_period": (2025, 2), "engagements": 4.0, "rounds": 2,
              "sessions": 8, "upload_bytes": 2_000_000, "window_s": 5.0, "upload_rounds": 2, "growth": ()},
}
COMPARED = ("mart_prefecture_quarter", "mart_municipality_quarter", "mart_national_quarter",
            "mart_prefecture_domain_quarter", "mart_submissions", "mart_validation_issues", "dim_municipality",
            "dim_prefecture")
RESUBMITTING_PREFECTURE = "13"  # (d), and the 50 MB survey upload of (h)
DAEMON_PREFECTURE = "27"  # (g)


def _machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text().split()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count(), "memory_gb": round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 2**20, 1),
            "cpu": cpu, "python": platform.python_version(), "duckdb": duckdb.__version__,
            "load_average_at_start": os.getloadavg()}


def _say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def _refreshes(system: System, results: dict, work: Path) -> None:
    """(b) full, (c) no-change, (d) one prefecture resubmits one quarter."""
    from pipelines import submissions

    _say("(b) full refresh from an empty KYOSO_DATA_DIR")
    results |= system.full_refresh()
    _say("(c) no-change refresh")
    before = system.published.stat().st_mtime_ns
    results["noop_refresh_s"] = system.run(["refresh"]).wall_s
    results["noop_kept_snapshot"] = system.published.stat().st_mtime_ns == before

    _say("(d) one prefecture resubmits one quarter")
    correction, period, expected = write_correction(RESUBMITTING_PREFECTURE, work / "correction.csv")
    # the demo's uploads are dated up to after the last quarter's due date (possibly after today):
    # the correction arrives an hour after the last of them, so it is the effective one
    received = max(s.received for s in submissions.list_submissions()) + timedelta(hours=1)
    submit = system.run(["submit", str(correction), "--prefecture", RESUBMITTING_PREFECTURE,
                         "--received-at", received.isoformat()])
    incremental = system.run(["refresh"])
    results["incremental_submit_s"], results["incremental_refresh_s"] = submit.wall_s, incremental.wall_s
    results["incremental_s"] = submit.wall_s + incremental.wall_s
    results["incremental_rss_mb"] = incremental.peak_tree_rss_mb
    results["incremental_steps_s"] = system.last_run_steps()
    results["incremental_published_new_value"] = (
        published_value(system.published, RESUBMITTING_PREFECTURE, period) == expected)


def _baseline(system: System, results: dict, work: Path) -> None:
    """(a) the bare-DuckDB baseline, compared table by table with the published snapshot."""
    _say("(a) bare-DuckDB baseline")
    compiled = work / "baseline"
    shutil.rmtree(compiled, ignore_errors=True)
    compile_env = {**system.env, "KYOSO_WAREHOUSE_PATH": str(compiled / "kyoso.duckdb"),
                   "DBT_TARGET_PATH": str(compiled / "target"), "DBT_LOG_PATH": str(compiled / "logs")}
    dbt = Path(sys.executable).with_name("dbt")
    subprocess.run([str(dbt), "compile", "--quiet", "--project-dir", "dbt_project", "--profiles-dir", "dbt_project"],
                   env=compile_env, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    manifest = str(compiled / "target" / "manifest.json")
    bare = system.run(["-m", "bench.baseline", str(system.raw), manifest, str(compiled / "kyoso.duckdb")])
    results["baseline_s"], results["baseline_rss_mb"] = bare.wall_s, bare.peak_tree_rss_mb
    # the same from the pipeline's normalized Parquet cache (no parsing): for reference, not the floor
    cached = system.run(["-m", "bench.baseline", str(system.raw), manifest,
                         str(compiled / "from-cache" / "kyoso.duckdb"),
                         "--from-normalized-cache", str(system.data / "cache" / "normalized" / "v1")])
    results["baseline_from_cache_s"] = cached.wall_s
    results["baseline_check"] = baseline.compare(compiled / "kyoso.duckdb", system.published, list(COMPARED))
    results["baseline_matches"] = all(not c["only_in_baseline"] and not c["only_in_published"]
                                      for c in results["baseline_check"].values())


def _dashboards(system: System, results: dict, scale: dict) -> None:
    """(e) first pages from a running server, and each interaction's server time in-process."""
    _say("(e) dashboards")
    served = dashboards.first_pages(system.env, REPO, system.log)
    measured = subprocess.run([sys.executable, "-m", "bench.dashboards", str(scale["rounds"])], env=system.env,
                              cwd=REPO, check=True, capture_output=True, text=True)
    views = json.loads(measured.stdout.strip().splitlines()[-1])
    results |= served | views
    # the served figure covers sessions that only opened the first page; the harness session opened
    # every page and made every interaction: report the larger
    results["served_rss_mb"] = served["server_rss_mb"]
    results["server_rss_mb"] = max(served["server_rss_mb"], views["harness_rss_mb"])


def _accounts() -> dict[str, str]:
    """Upload-portal accounts of the prefectures that upload (their passwords)."""
    from pipelines.portal import accounts

    return {code: accounts.add_account(f"bench-{code}", "prefecture", code, "bench")[1]
            for code in (RESUBMITTING_PREFECTURE, DAEMON_PREFECTURE)}


def _deployed(system: System, results: dict, work: Path, passwords: dict) -> None:
    """(g) with `dagster dev` running, a correction through the upload page until it is on the dashboards."""
    _say("(g) a correction picked up by the Dagster daemon")
    since = time.time()
    dagster = deployed.start_dagster(system.env, REPO, work / "dagster-dev.log", free_port())
    server = None
    try:
        results["daemon_ready_s"] = deployed.wait_until_idle(dagster, since)
        server, url, _ = dashboards.start_server(system.env, REPO, system.log)
        results |= deployed.correct(url, f"bench-{DAEMON_PREFECTURE}", passwords[DAEMON_PREFECTURE],
                                    DAEMON_PREFECTURE, work, system.published)
        deployed.wait_until_idle(dagster, since)  # the run has finished before the daemon stops
        results["deployed_runs"] = deployed.runs_since(results["deployed_upload_shown_wall"])
    finally:
        if server:
            dashboards.stop_server(server)
        deployed.stop(dagster)


def _concurrent(system: System, results: dict, scale: dict, work: Path, passwords: dict,
                results_folder: Path) -> None:
    """(h) N dashboard sessions doing the interaction mix while one large upload is validated."""
    _say(f"(h) {scale['sessions']} dashboard sessions during a {scale['upload_bytes'] / 1e6:.0f} MB upload")
    # all written before any is uploaded: each is made from the prefecture's latest survey submission
    deployed_paths, single_paths = _upload_files(work, scale, "deployed"), _upload_files(work, scale, "single")
    _say("(h) one analyst alone with the same upload: does validating it block her?")
    probe_path, _ = write_survey_upload(RESUBMITTING_PREFECTURE, work / "survey-upload-probe.csv",
                                        scale["upload_bytes"], tag="PROBE")
    server, url, _ = dashboards.start_server(system.env, REPO, work / "serve-probe.log")
    try:
        probe = upload_probe.run(url, f"bench-{RESUBMITTING_PREFECTURE}", passwords[RESUBMITTING_PREFECTURE],
                                 probe_path)
    finally:
        dashboards.stop_server(server)
    results |= {"upload_probe": probe, "upload_probe_idle_p95_ms": probe["idle"]["p95_ms"],
                "upload_probe_validation_p95_ms": probe["phases"]["validation"].get("p95_ms")}
    _say("(h) as deployed (docs/deploy.md): nginx with TLS and sticky routing, two dashboard processes")
    deployment = proxy.start(system.env, REPO, work / "deployed-dashboards")
    wsclient.trust(deployment.cert)
    try:
        figures = _sessions_during_upload(deployment.url, deployment.logs, deployment.servers, scale, passwords,
                                          deployed_paths, analyst=_analyst())
    finally:
        deployment.stop()
    during = figures["during_upload"]
    results |= {"concurrent_sessions": scale["sessions"], "concurrent_p50_ms": during.get("p50_ms"),
                "concurrent_p95_ms": during.get("p95_ms"), "concurrent_errors": figures["error_count"],
                "concurrent_server_rss_mb": figures["server_rss_mb"], "concurrent": figures}
    _write_json(results, results_folder)
    _say("(h) the same with one `kyoso serve` and no proxy (as scripts/up.sh runs it)")
    log = work / "serve-concurrent.log"
    server, url, _ = dashboards.start_server(system.env, REPO, log)
    try:
        single = _sessions_during_upload(url, [log], [server], scale, passwords, single_paths)
    finally:
        dashboards.stop_server(server)
    during = single["during_upload"]
    results |= {"concurrent_single_p50_ms": during.get("p50_ms"), "concurrent_single_p95_ms": during.get("p95_ms"),
                "concurrent_single_errors": single["error_count"], "concurrent_single": single}


def _upload_files(work: Path, scale: dict, tag: str) -> list[Path]:
    """One survey file per round of (h), each a new upload (not a duplicate of another)."""
    return [write_survey_upload(RESUBMITTING_PREFECTURE, work / f"survey-upload-{tag}-{n}.csv", scale["upload_bytes"],
                                tag=f"{tag.upper()}{n}")[0] for n in range(1, scale["upload_rounds"] + 1)]


def _analyst() -> tuple[str, str]:
    """A ministry analyst's account (the deployment asks every session to log in)."""
    from pipelines.portal import accounts

    return "bench-analyst", accounts.add_account("bench-analyst", accounts.MINISTRY, None, "bench")[1]


def _sessions_during_upload(url: str, logs: list[Path], servers: list, scale: dict, passwords: dict,
                            paths: list[Path], analyst: tuple[str, str] | None = None) -> dict:
    figures = concurrent.run(url, scale["sessions"], f"bench-{RESUBMITTING_PREFECTURE}",
                             passwords[RESUBMITTING_PREFECTURE], paths, scale["window_s"], logs,
                             [server.pid for server in servers], analyst)
    figures["servers"] = len(servers)
    figures["server_rss_mb"] = max(dashboards.vm_hwm_mb(server.pid) for server in servers)
    for upload, path in zip(figures["uploads"], paths, strict=True):
        upload["rows"] = path.read_bytes().count(b"\n") - 1  # minus the header
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--scale", choices=SCALES, default="national")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a new temporary folder)")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args(argv)
    scale = SCALES[args.scale]
    work = (args.work or Path(tempfile.mkdtemp(prefix="kyoso-bench-"))).resolve()
    system = System(work, work / "bench.log")
    os.environ.update({"KYOSO_RAW_DIR": str(system.raw), "KYOSO_DATA_DIR": str(system.data)})
    os.environ.pop("DAGSTER_HOME", None)
    # x4 is the national run plus the growth runs
    results: dict = {"scale": "national" if scale["growth"] else args.scale, **_machine(),
                     "survey_rows": scale["survey_rows"]}

    _say(f"setup in {work}: demo data ({scale['survey_rows']:,} survey rows)")
    results |= system.prepare(scale["survey_rows"], scale["last_period"], scale["engagements"])
    passwords = _accounts()
    for phase in (lambda: _refreshes(system, results, work), lambda: _baseline(system, results, work),
                  lambda: _dashboards(system, results, scale), lambda: _deployed(system, results, work, passwords),
                  lambda: _concurrent(system, results, scale, work, passwords, args.results)):
        phase()
        _write_json(results, args.results)  # after each phase: a failing later phase keeps what was measured
    _write(results, args.results)
    if scale["growth"]:  # the national figures are written first: the growth runs take longer
        results |= growth.measure(scale, work, results, _say)
        _write(results, args.results)
    print(markdown(results))
    return 0


def _write_json(results: dict, folder: Path) -> None:
    results["load_average_at_end"] = os.getloadavg()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "latest.json").write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")


def _write(results: dict, folder: Path) -> None:
    _write_json(results, folder)
    (folder / "latest.md").write_text(markdown(results), encoding="utf-8")
    _say(f"wrote {folder / 'latest.json'} and latest.md")


if __name__ == "__main__":
    sys.exit(main())
