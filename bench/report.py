"""bench/results/latest.md: each figure, its target, and its ratio to the bare-DuckDB baseline (a)."""

from __future__ import annotations

ROWS = [  # key, label, unit, target (None: no target), scale to seconds for the ratio
    ("baseline_s", "(a) bare-DuckDB baseline: load + marts", "s", None, 1),
    ("baseline_from_cache_s", "    the same from the pipeline's normalized Parquet cache (no parsing)", "s", None, 1),
    ("full_refresh_s", "(b) full `kyoso refresh`, empty KYOSO_DATA_DIR", "s", "≤ 60 s and ≤ 3× (a)", 1),
    ("noop_refresh_s", "(c) no-change `kyoso refresh`", "s", "≤ 10 s", 1),
    ("incremental_s", "(d) resubmit one prefecture-quarter: submit + refresh", "s", "≤ 15 s", 1),
    ("incremental_refresh_s", "    of which the refresh", "s", None, 1),
    ("first_page_s", "(e) first page served (new session, running server)", "s", "≤ 2 s", 1),
    ("server_listening_s", "    server start until it accepts connections", "s", None, 1),
    ("interaction_p50_ms", "(e) interaction server time p50", "ms", None, 0.001),
    ("interaction_p95_ms", "(e) interaction server time p95", "ms", "≤ 150 ms", 0.001),
    ("server_rss_mb", "(f) dashboard server peak RSS", "MB", "≤ 1024 MB", None),
    ("refresh_rss_mb", "(f) refresh peak RSS (process tree, full refresh)", "MB", "≤ 4096 MB", None),
    ("submit_manifest_s", "setup: `kyoso submit-manifest` of every file", "s", None, 1),
    ("demo_data_s", "setup: `demo-data` generation", "s", None, 1),
]


def _number(value: float, unit: str) -> str:
    return f"{value:,.0f} {unit}" if unit in ("MB", "ms") and value >= 100 else f"{value:,.2f} {unit}"


def markdown(r: dict) -> str:
    lines = [
        f"Scale **{r['scale']}**: {r['survey_rows']:,} survey rows generated ({r.get('survey_rows_loaded', 0):,} in "
        f"effective submissions); machine: {r['cores']} cores ({r['cpu']}), {r['memory_gb']} GB RAM, Python "
        f"{r['python']}, DuckDB {r['duckdb']}; load average (1/5/15 min) at start "
        f"{', '.join(f'{x:.1f}' for x in r['load_average_at_start'])}, at end "
        f"{', '.join(f'{x:.1f}' for x in r['load_average_at_end'])}.",
        "",
        "| figure | value | target | ratio to (a) |",
        "| --- | ---: | --- | ---: |",
    ]
    for key, label, unit, target, to_seconds in ROWS:
        if key not in r:
            continue
        ratio = f"{r[key] * to_seconds / r['baseline_s']:.2f}×" if to_seconds else "—"
        lines.append(f"| {label} | {_number(r[key], unit)} | {target or ''} | {ratio} |")
    lines += [
        "",
        f"Checks: no-change refresh kept the snapshot: {r['noop_kept_snapshot']}; the resubmitted value was "
        f"published: {r['incremental_published_new_value']}; baseline marts equal the published ones "
        f"({len(r['baseline_check'])} tables compared row by row): {r['baseline_matches']}.",
        "",
        "Slowest interactions (p95, ms): " + ", ".join(
            f"{kind} {v['p95_ms']:.0f}" for kind, v in sorted(r["per_interaction"].items(),
                                                              key=lambda kv: -kv[1]["p95_ms"])[:6]) + ".",
        "",
    ]
    if r.get("interaction_errors"):
        lines += ["Interactions that raised (not timed):", ""]
        lines += [f"- {where}: `{message}`" for where, message in r["interaction_errors"].items()]
        lines.append("")
    return "\n".join(lines)
