"""`python -m bench [--scale national|small]`: the benchmark of SPEC §5, written to bench/results/.

Order: setup (demo data, submit every file, dbt manifest) → (b) full refresh from an empty
KYOSO_DATA_DIR → (c) no-change refresh → (d) one prefecture resubmits one quarter → (a) the bare-DuckDB
baseline over the same inputs, checked table by table against the published snapshot → (e) dashboards.
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

from bench import baseline, dashboards, procs
from bench.report import markdown
from pipelines.periods import periods_between

REPO = Path(__file__).resolve().parent.parent
SCALES = {
    "national": {"survey_rows": 5_000_000, "last_period": (2026, 4), "engagements": 30.0, "rounds": 10},
    "small": {"survey_rows": 20_000, "last_period": (2025, 2), "engagements": 4.0, "rounds": 2},
}
COMPARED = ("mart_prefecture_quarter", "mart_municipality_quarter", "mart_national_quarter",
            "mart_prefecture_domain_quarter", "mart_submissions", "mart_validation_issues", "dim_municipality",
            "dim_prefecture")
RESUBMITTING_PREFECTURE = "13"


def _machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text().split()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count(), "memory_gb": round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 2**20, 1),
            "cpu": cpu, "python": platform.python_version(), "duckdb": duckdb.__version__,
            "load_average_at_start": os.getloadavg()}


def _kyoso(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "pipelines.cli", *args]


def _check(measured: procs.Measured, what: str) -> None:
    if measured.returncode != 0:
        raise SystemExit(f"{what} failed (exit {measured.returncode}):\n{measured.output}")


def _published_value(published: Path, period: str) -> int:
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute("select town_meetings from mart_prefecture_quarter where prefecture_code = ? "
                           "and period = ?", [RESUBMITTING_PREFECTURE, period]).fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--scale", choices=SCALES, default="national")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a new temporary folder)")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args(argv)
    scale = SCALES[args.scale]
    work = (args.work or Path(tempfile.mkdtemp(prefix="kyoso-bench-"))).resolve()
    raw, data, demo, log = work / "raw", work / "data", work / "demo", work / "bench.log"
    for folder in (raw, data, demo):
        shutil.rmtree(folder, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "KYOSO_RAW_DIR": str(raw), "KYOSO_DATA_DIR": str(data)}
    env.pop("KYOSO_REQUIRE_LOGIN", None)
    env.pop("DAGSTER_HOME", None)
    os.environ.update({"KYOSO_RAW_DIR": str(raw), "KYOSO_DATA_DIR": str(data)})
    results: dict = {"scale": args.scale, **_machine()}
    say = lambda text: print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)  # noqa: E731

    say(f"setup in {work}: demo data ({scale['survey_rows']:,} survey rows)")
    from pipelines.demo import generate_demo_data

    started = time.perf_counter()
    manifest = generate_demo_data(demo, seed=7, survey_rows=scale["survey_rows"],
                                  periods=periods_between((2025, 1), scale["last_period"]),
                                  engagements_per_municipality=scale["engagements"])
    results["demo_data_s"] = time.perf_counter() - started
    submitted = procs.run(_kyoso(["submit-manifest", str(manifest)]), env, REPO, log)
    _check(submitted, "submit-manifest")
    results["submit_manifest_s"] = submitted.wall_s
    # as at deployment (scripts/up.sh's first refresh): dbt's manifest and parse state for this warehouse
    procs.run([sys.executable, "-c", "from pipelines.dbt_manifest import parse_project; parse_project()"],
              env, REPO, log)

    say("(b) full refresh from an empty KYOSO_DATA_DIR")
    shutil.rmtree(data)
    full = procs.run(_kyoso(["refresh"]), env, REPO, log)
    _check(full, "full refresh")
    results["full_refresh_s"], results["refresh_rss_mb"] = full.wall_s, full.peak_tree_rss_mb
    published = data / "published" / "kyoso.duckdb"
    results["survey_rows"] = scale["survey_rows"]  # generated; survey_rows_loaded = rows of effective files
    with duckdb.connect(str(data / "warehouse" / "kyoso.duckdb"), read_only=True) as con:
        results["survey_rows_loaded"] = con.execute("select count(*) from raw.survey_responses").fetchone()[0]

    say("(c) no-change refresh")
    before = published.stat().st_mtime_ns
    noop = procs.run(_kyoso(["refresh"]), env, REPO, log)
    _check(noop, "no-change refresh")
    results["noop_refresh_s"] = noop.wall_s
    results["noop_kept_snapshot"] = published.stat().st_mtime_ns == before

    say("(d) one prefecture resubmits one quarter")
    from bench.resubmit import write_correction
    from pipelines import store

    correction, period, expected = write_correction(RESUBMITTING_PREFECTURE, work / "correction.csv")
    # the demo's uploads are dated up to after the last quarter's due date (possibly after today):
    # the correction arrives an hour after the last of them, so it is the effective one
    received = max(s.received for s in store.list_submissions()) + timedelta(hours=1)
    submit = procs.run(_kyoso(["submit", str(correction), "--prefecture", RESUBMITTING_PREFECTURE,
                               "--received-at", received.isoformat()]), env, REPO, log)
    _check(submit, "resubmission")
    incremental = procs.run(_kyoso(["refresh"]), env, REPO, log)
    _check(incremental, "incremental refresh")
    results["incremental_submit_s"], results["incremental_refresh_s"] = submit.wall_s, incremental.wall_s
    results["incremental_s"] = submit.wall_s + incremental.wall_s
    results["incremental_rss_mb"] = incremental.peak_tree_rss_mb
    results["incremental_published_new_value"] = _published_value(published, period) == expected

    say("(a) bare-DuckDB baseline")
    compiled = work / "baseline"
    shutil.rmtree(compiled, ignore_errors=True)
    compile_env = {**env, "KYOSO_WAREHOUSE_PATH": str(compiled / "kyoso.duckdb"),
                   "DBT_TARGET_PATH": str(compiled / "target"), "DBT_LOG_PATH": str(compiled / "logs")}
    dbt = Path(sys.executable).with_name("dbt")
    subprocess.run([str(dbt), "compile", "--quiet", "--project-dir", "dbt_project", "--profiles-dir", "dbt_project"],
                   env=compile_env, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    bare = procs.run([sys.executable, "-m", "bench.baseline", str(raw), str(compiled / "target" / "manifest.json"),
                      str(compiled / "kyoso.duckdb")], env, REPO, log)
    _check(bare, "baseline")
    results["baseline_s"], results["baseline_rss_mb"] = bare.wall_s, bare.peak_tree_rss_mb
    # the same from the pipeline's normalized Parquet cache (no parsing): for reference, not the floor
    cached = procs.run([sys.executable, "-m", "bench.baseline", str(raw), str(compiled / "target" / "manifest.json"),
                        str(compiled / "from-cache" / "kyoso.duckdb"), "--from-normalized-cache",
                        str(data / "cache" / "normalized" / "v1")], env, REPO, log)
    _check(cached, "baseline from the normalized cache")
    results["baseline_from_cache_s"] = cached.wall_s
    results["baseline_check"] = baseline.compare(compiled / "kyoso.duckdb", published, list(COMPARED))
    results["baseline_matches"] = all(not c["only_in_baseline"] and not c["only_in_published"]
                                      for c in results["baseline_check"].values())

    say("(e) dashboards")
    served = dashboards.first_pages(env, REPO, log)
    measured = subprocess.run([sys.executable, "-m", "bench.dashboards", str(scale["rounds"])], env=env, cwd=REPO,
                              check=True, capture_output=True, text=True)
    views = json.loads(measured.stdout.strip().splitlines()[-1])
    results |= served | views
    # the served figure covers sessions that only opened the first page; the harness session opened
    # every page and made every interaction: report the larger
    results["served_rss_mb"] = served["server_rss_mb"]
    results["server_rss_mb"] = max(served["server_rss_mb"], views["harness_rss_mb"])
    results["load_average_at_end"] = os.getloadavg()

    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "latest.json").write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    (args.results / "latest.md").write_text(markdown(results), encoding="utf-8")
    say(f"wrote {args.results / 'latest.json'} and latest.md")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
