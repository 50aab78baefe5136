"""The system under test in one folder: its raw and data folders, demo data submitted, and full refreshes.

`prepare` is what a deployment has before its first refresh: every demo file submitted (`kyoso
submit-manifest`) and dbt's parse state for this warehouse (scripts/up.sh's first refresh leaves it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bench import procs

REPO = Path(__file__).resolve().parent.parent


@dataclass
class System:
    folder: Path
    log: Path

    @property
    def raw(self) -> Path:
        return self.folder / "raw"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def demo(self) -> Path:
        return self.folder / "demo"

    @property
    def published(self) -> Path:
        return self.data / "published" / "kyoso.duckdb"

    @property
    def env(self) -> dict:
        env = {**os.environ, "KYOSO_RAW_DIR": str(self.raw), "KYOSO_DATA_DIR": str(self.data)}
        for name in ("KYOSO_REQUIRE_LOGIN", "DAGSTER_HOME"):  # DAGSTER_HOME: the project's default, in data/
            env.pop(name, None)
        return env

    def run(self, args: list[str]) -> procs.Measured:
        """`kyoso ARGS` (or `python ARGS` when the first one is `-c`/`-m`), measured; raise if it fails."""
        command = [sys.executable, *args] if args[0] in ("-c", "-m") else kyoso(args)
        measured = procs.run(command, self.env, REPO, self.log)
        if measured.returncode != 0:
            raise SystemExit(f"{' '.join(args[:2])} failed (exit {measured.returncode}):\n{measured.output}")
        return measured

    def prepare(self, survey_rows: int, last_period: tuple[int, int], engagements: float) -> dict:
        """Fresh raw/data/demo folders, demo data generated and submitted, dbt parsed; the setup times."""
        for folder in (self.raw, self.data, self.demo):
            shutil.rmtree(folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        demo = self.run(["-m", "bench.system", "generate", str(self.demo), str(survey_rows), *map(str, last_period),
                         str(engagements)])
        submitted = self.run(["submit-manifest", str(self.demo / "manifest.csv")])
        self.run(["-c", "from pipelines.warehouse.manifest import parse_project; parse_project()"])
        return {"demo_data_s": demo.wall_s, "submit_manifest_s": submitted.wall_s}

    def full_refresh(self) -> dict:
        """`kyoso refresh` from an empty KYOSO_DATA_DIR: wall time, peak RSS of its process tree, rows loaded,
        and the seconds of each step of its Dagster run."""
        shutil.rmtree(self.data)
        full = self.run(["refresh"])
        with duckdb.connect(str(self.data / "warehouse" / "kyoso.duckdb"), read_only=True) as con:
            loaded = con.execute("select count(*) from raw.survey_responses").fetchone()[0]
        return {"full_refresh_s": full.wall_s, "refresh_rss_mb": full.peak_tree_rss_mb, "survey_rows_loaded": loaded,
                "steps_s": self.last_run_steps()}

    def last_run_steps(self) -> dict[str, float]:
        """Seconds per step of the latest run in this system's Dagster instance ({} if none is recorded)."""
        probe = subprocess.run([sys.executable, "-m", "bench.system", "steps"], env=self.env, cwd=REPO,
                               capture_output=True, text=True)
        return json.loads(probe.stdout.strip().splitlines()[-1]) if probe.returncode == 0 else {}


def kyoso(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "pipelines.cli", *args]


def _generate(out: str, survey_rows: str, last_fy: str, last_quarter: str, engagements: str) -> dict:
    from pipelines.core.periods import periods_between
    from pipelines.demo import generate_demo_data

    generate_demo_data(Path(out), seed=7, survey_rows=int(survey_rows),
                       periods=periods_between((2025, 1), (int(last_fy), int(last_quarter))),
                       engagements_per_municipality=float(engagements))
    return {}


def _steps() -> dict[str, float]:
    from pipelines.instance import open_instance

    instance = open_instance()
    records = instance.get_run_records(limit=1)
    if not records:
        return {}
    stats = instance.get_run_step_stats(records[0].dagster_run.run_id)
    return {s.step_key: s.end_time - s.start_time for s in stats if s.end_time and s.start_time}


if __name__ == "__main__":  # helpers run in their own process: `generate OUT ROWS FY Q ENGAGEMENTS` | `steps`
    print(json.dumps(_generate(*sys.argv[2:]) if sys.argv[1] == "generate" else _steps()))
