"""bench/results/latest.md: each figure, its target, and its ratio to the bare-DuckDB baseline (a)."""

from __future__ import annotations

import statistics

ROWS = [  # key, label, unit, target (None: no target), scale to seconds for the ratio to (a) (None: no ratio)
    ("baseline_s", "(a) bare-DuckDB baseline: load + marts", "s", None, 1),
    ("baseline_from_cache_s", "    the same from the pipeline's normalized Parquet cache (no parsing)", "s", None, 1),
    ("full_refresh_s", "(b) full `kyoso refresh`, empty KYOSO_DATA_DIR", "s", "≤ 60 s and ≤ 3× (a)", 1),
    ("noop_refresh_s", "(c) no-change `kyoso refresh`", "s", "≤ 10 s", 1),
    ("incremental_s", "(d) resubmit one prefecture-quarter: submit + refresh", "s", "≤ 15 s", 1),
    ("incremental_refresh_s", "    of which the refresh", "s", None, 1),
    ("incremental_dbt_s", "    of which its `dbt build` step", "s", None, 1),
    ("first_page_s", "(e) first page served (new session, running server)", "s", "≤ 2 s", 1),
    ("server_listening_s", "    server start until it accepts connections", "s", None, 1),
    ("interaction_p50_ms", "(e) interaction server time p50", "ms", None, 0.001),
    ("interaction_p95_ms", "(e) interaction server time p95", "ms", "≤ 150 ms", 0.001),
    ("server_rss_mb", "(f) dashboard server peak RSS", "MB", "≤ 1024 MB", None),
    ("refresh_rss_mb", "(f) refresh peak RSS (process tree, full refresh)", "MB", "≤ 4096 MB", None),
    ("deployed_correction_s", "(g) correction uploaded on the page → on the dashboards, daemon running", "s",
     "≤ 20 s", 1),
    ("deployed_published_s", "    of which until the snapshot was published", "s", None, 1),
    ("upload_probe_idle_p95_ms", "(h) one analyst alone: interaction p95, nothing else going on", "ms", None, 0.001),
    ("upload_probe_validation_p95_ms", "    the same while an officer's upload is validated", "ms",
     "not blocked: ≈ the line above", 0.001),
    ("concurrent_p50_ms", "(h) interaction p50, {sessions} sessions during an upload, as deployed (nginx, "
     "two dashboard processes)", "ms", None, 0.001),
    ("concurrent_p95_ms", "(h) interaction p95, {sessions} sessions during an upload, as deployed", "ms", "≤ 300 ms",
     0.001),
    ("concurrent_errors", "(h) errors (no answer, failed session, server traceback)", "", "0", None),
    ("concurrent_upload_s", "    an upload: transfer + validation until the outcome is shown (median of rounds)", "s",
     None, 1),
    ("concurrent_server_rss_mb", "(h) dashboard server peak RSS after (h) (the larger process)", "MB", "≤ 1024 MB",
     None),
    ("concurrent_single_p50_ms", "(h) the same with one `kyoso serve`, no proxy: p50", "ms", None, 0.001),
    ("concurrent_single_p95_ms", "    p95", "ms", None, 0.001),
    ("concurrent_single_errors", "    errors", "", "0", None),
    ("x4_full_refresh_s", "(i) full refresh at 4× the survey volume", "s", None, 1),
    ("x4_ratio", "(i) 4× full refresh / (b)", "×", "≤ 4.5×", None),
    ("x4_refresh_rss_mb", "(i) refresh peak RSS at 4× (process tree)", "MB", "≤ 4096 MB", None),
    ("submit_manifest_s", "setup: `kyoso submit-manifest` of every file", "s", None, 1),
    ("demo_data_s", "setup: `demo-data` generation", "s", None, 1),
]


CHECKS = [
    ("noop_kept_snapshot", "no-change refresh kept the snapshot"),
    ("incremental_published_new_value", "the resubmitted value was published"),
    ("deployed_published_new_value", "the value uploaded with the daemon running was published and served"),
    ("baseline_matches", "baseline marts equal the published ones ({tables} tables compared row by row)"),
]


def _number(value: float, unit: str) -> str:
    if unit == "":
        return f"{value:,}"
    if unit == "×":
        return f"{value:.2f}×"
    return f"{value:,.0f} {unit}" if unit in ("MB", "ms") and value >= 100 else f"{value:,.2f} {unit}"


def _with_derived(r: dict) -> dict:
    if "kyoso_dbt_models" in r.get("incremental_steps_s", {}):
        r = r | {"incremental_dbt_s": r["incremental_steps_s"]["kyoso_dbt_models"]}
    concurrent = r.get("concurrent", {})
    uploads = concurrent.get("uploads") or ([concurrent["upload"]] if "upload" in concurrent else [])
    if uploads:
        r = r | {"concurrent_upload_s": statistics.median(u["transfer_s"] + u["validation_s"] for u in uploads)}
    return r


def _table(r: dict) -> list[str]:
    lines = ["| figure | value | target | ratio to (a) |", "| --- | ---: | --- | ---: |"]
    for key, label, unit, target, to_seconds in ROWS:
        if r.get(key) is None:
            if key in ("deployed_correction_s", "concurrent_p95_ms") and key in r:
                lines.append(f"| {label.format(sessions=r.get('concurrent_sessions'))} | not reached | {target} | |")
            continue
        ratio = f"{r[key] * to_seconds / r['baseline_s']:.2f}×" if to_seconds else "—"
        lines.append(f"| {label.format(sessions=r.get('concurrent_sessions'))} | {_number(r[key], unit)} | "
                     f"{target or ''} | {ratio} |")
    return lines


def _growth(r: dict) -> list[str]:
    if not r.get("growth"):
        return []
    lines = ["Growth with the survey volume (full refresh from an empty KYOSO_DATA_DIR; everything but the survey "
             "at national size):", "", "| survey volume | survey rows | full refresh | ratio to 1× | peak RSS | "
             "slowest Dagster steps (s) | outside the steps (re-parse into the cache, start-up) |",
             "| --- | ---: | ---: | ---: | ---: | --- | ---: |"]
    first = r["growth"][0]["full_refresh_s"]
    for row in r["growth"]:
        steps = ", ".join(f"{k} {v:.1f}" for k, v in sorted(row["steps_s"].items(), key=lambda kv: -kv[1])[:4])
        lines.append(f"| {row['factor']}× | {row['survey_rows']:,} | {row['full_refresh_s']:.2f} s | "
                     f"{row['full_refresh_s'] / first:.2f}× | {row['refresh_rss_mb']:,.0f} MB | {steps} | "
                     f"{row['full_refresh_s'] - sum(row['steps_s'].values()):.1f} s |")
    return [*lines, ""]


def _cpu_sentence(cpu: dict | None, servers: int, cores: int | None) -> str:
    if not cpu:
        return ""
    who = "the dashboard server" if servers == 1 else f"the {servers} dashboard servers"
    return (f" While the uploads were under way ({cpu['seconds']:.0f} s in all) {who} used "
            f"{cpu['process_cores']:.2f} of the {cores} cores (the event loop of each can use one), their upload "
            f"workers {cpu['descendants_cores']:.2f}, and the machine was {cpu['machine_busy']:.0%} busy.")


def _concurrent(r: dict) -> list[str]:
    return [*_sessions_during_upload(r, "concurrent", "as deployed"),
            *_sessions_during_upload(r, "concurrent_single", "one `kyoso serve`")]


def _sessions_during_upload(r: dict, key: str, topology: str) -> list[str]:
    c = r.get(key)
    if not c:
        return []
    during, whole = c["during_upload"], c["whole_window"]
    uploads = "; ".join(
        f"{u['bytes'] / 1e6:.1f} MB, {u.get('rows', 0):,} rows, {u['outcome']}, {u['transfer_s']:.1f} s into the "
        f"page and {u['validation_s']:.1f} s from the button to the outcome" for u in c.get("uploads", [c["upload"]]))
    rounds = c.get("rounds", 1)
    per_round = ", ".join(f"{f.get('p95_ms', 0):,.0f} ms (n={f['n']})" for f in during.get("per_round", []))
    lines = [
        f"(h), {topology}: {rounds} round{'s' * (rounds != 1)} of {r['concurrent_sessions']} sessions opened at once "
        f"(at least {c['sessions_opened']} opened in each; opening p50 {c['open']['p50_ms'] or 0:,.0f} ms, max "
        f"{c['open']['max_ms'] or 0:,.0f} ms), each with an upload ({uploads}). Interactions during the uploads: "
        f"{during['n']} (first visible change p95 {during.get('first_answer_p95_ms') or 0:,.0f} ms; until a page "
        f"opened had made its parts below the first screen too, p95 {during.get('complete_p95_ms') or 0:,.0f} ms); "
        f"p95 of each "
        f"round: {per_round or '—'}; over the whole windows, {whole['seconds']:.0f} s in all: "
        f"{whole['n']}, p50 "
        f"{whole.get('p50_ms', 0):,.0f} ms, p95 {whole.get('p95_ms', 0):,.0f} ms, "
        f"max {whole.get('max_ms', 0):,.0f} ms. "
        f"Client CPU {c['client_cpu_s']:.1f} s."
        f"{_cpu_sentence(c.get('cpu_during_upload'), c.get('servers', 1), r.get('cores'))}",
        "",
    ]
    if c["per_interaction"]:
        lines.append(f"(h), {topology}: slowest interactions during the uploads (p95, ms): " + ", ".join(
            f"{kind} {v['p95_ms']:.0f} (n={v['n']})" for kind, v in
            sorted(c["per_interaction"].items(), key=lambda kv: -kv[1]["p95_ms"])[:6]) + ".")
        lines.append("")
    if c["errors"]:
        lines += [f"(h), {topology}: errors:", "", *(f"- `{e[:300]}`" for e in c["errors"][:10]), ""]
    return lines


def _upload_probe(r: dict) -> list[str]:
    probe = r.get("upload_probe")
    if not probe:
        return []
    upload, idle = probe["upload"], probe["idle"]
    phases = "; ".join(
        f"{name}: {f['n']} interactions" + (f", p50 {f['p50_ms']:,.0f} ms, max {f['max_ms']:,.0f} ms" if f["n"] else "")
        for name, f in probe["phases"].items())
    return [f"(h) one analyst alone, the same small interaction (another period on the overview) again and again: "
            f"with nothing else going on {idle['n']} interactions, p50 {idle['p50_ms']:,.0f} ms, max "
            f"{idle['max_ms']:,.0f} ms; then while an officer uploads {upload['bytes'] / 1e6:.1f} MB "
            f"({upload['outcome']}; transfer {upload['transfer_s']:.1f} s, validation {upload['validation_s']:.1f} s), "
            f"by the phase of the upload in which each started — {phases}.", ""]


def _deployed(r: dict) -> list[str]:
    if "deployed_runs" not in r:
        return []
    runs = "; ".join(
        f"{run['trigger']}: requested {run['requested_after_s']:.1f} s after the upload, started "
        f"{run['start_delay_s'] or 0:.1f} s later, ran {run['run_s'] or 0:.1f} s, {run['status']}"
        for run in r["deployed_runs"]) or "none"
    return [f"(g) the daemon was idle {r['daemon_ready_s']:.1f} s after `dagster dev` started; the upload "
            f"({r['deployed_upload']['outcome']}) was validated in {r['deployed_upload']['validation_s']:.2f} s; "
            f"Dagster runs after it: {runs}.", ""]


def markdown(r: dict) -> str:
    r = _with_derived(r)
    factors = [f"{row['factor']}×" for row in r.get("growth", [])[1:]]
    grown = f" (and (i) at {', '.join(factors)} the survey volume)" if factors else ""
    lines = [
        f"Scale **{r['scale']}**{grown}: {r['survey_rows']:,} survey rows generated "
        f"({r.get('survey_rows_loaded', 0):,} in effective submissions); machine: {r['cores']} cores ({r['cpu']}), "
        f"{r['memory_gb']} GB RAM, Python "
        f"{r['python']}, DuckDB {r['duckdb']}; load average (1/5/15 min) at start "
        f"{', '.join(f'{x:.1f}' for x in r['load_average_at_start'])}, at end "
        f"{', '.join(f'{x:.1f}' for x in r['load_average_at_end'])}.",
        "",
        *_table(r),
        "",
        "Checks: " + "; ".join(f"{text.format(tables=len(r.get('baseline_check', ())))}: {r[key]}"
                               for key, text in CHECKS if key in r) + ".",
        "",
        "(e) slowest interactions (p95, ms): " + ", ".join(
            f"{kind} {v['p95_ms']:.0f}" for kind, v in sorted(r["per_interaction"].items(),
                                                              key=lambda kv: -kv[1]["p95_ms"])[:6]) + ".",
        "",
        *([("(e) first opening of each page in a session (server time, ms; the overview's is the session build): "
            + ", ".join(f"{page} {ms:.0f}" for page, ms in r["first_open_ms"].items()) + "."), ""]
          if r.get("first_open_ms") else []),
        *_deployed(r),
        *_upload_probe(r),
        *_concurrent(r),
        *_growth(r),
    ]
    if r.get("interaction_errors"):
        lines += ["Interactions that raised (not timed):", ""]
        lines += [f"- {where}: `{message}`" for where, message in r["interaction_errors"].items()]
        lines.append("")
    return "\n".join(lines)
