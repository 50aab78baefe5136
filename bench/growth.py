"""(i) How a full refresh grows with the survey volume: the same demo data at 2× and 4× the survey rows.

Everything else stays at national size (1,741 municipalities, the same quarters and engagements), so what
grows is the survey: its upload files, its re-parse into the normalized cache, its load and its aggregates.
Each size is its own system (raw and data folders): demo data → submit every file → dbt parse → full
`kyoso refresh` from an empty KYOSO_DATA_DIR, timed with the peak RSS of its whole process tree.
"""

from __future__ import annotations

from pathlib import Path

from bench.system import System


def measure(scale: dict, work: Path, national: dict, say) -> dict:
    """`x{f}_full_refresh_s`, `x{f}_ratio` (to this run's national full refresh), `x{f}_refresh_rss_mb` for
    every factor f, and the growth table (1× from the national run) with each run's step times."""
    table = [{"factor": 1, "survey_rows": national["survey_rows_loaded"], "full_refresh_s": national["full_refresh_s"],
              "refresh_rss_mb": national["refresh_rss_mb"], "steps_s": national.get("steps_s", {})}]
    out: dict = {}
    for factor in scale["growth"]:
        rows = scale["survey_rows"] * factor
        say(f"(i) growth ×{factor}: {rows:,} survey rows")
        system = System(work / f"x{factor}", work / f"x{factor}.log")
        setup = system.prepare(rows, scale["last_period"], scale["engagements"])
        say(f"(i) growth ×{factor}: full refresh")
        refresh = system.full_refresh()
        table.append({"factor": factor, "survey_rows": refresh["survey_rows_loaded"], **setup,
                      "full_refresh_s": refresh["full_refresh_s"], "refresh_rss_mb": refresh["refresh_rss_mb"],
                      "steps_s": refresh["steps_s"]})
        out |= {f"x{factor}_full_refresh_s": refresh["full_refresh_s"],
                f"x{factor}_ratio": refresh["full_refresh_s"] / national["full_refresh_s"],
                f"x{factor}_refresh_rss_mb": refresh["refresh_rss_mb"]}
    out["growth"] = table
    return out
