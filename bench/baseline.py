"""(a) The floor: one DuckDB connection, no orchestration, the same raw files, the same marts.

Run as `python -m bench.baseline RAW_DIR COMPILED_MANIFEST DATABASE`. It reads
- the submission register straight from raw/submissions/*/submission.json and issues.json, and the
  withdrawal records from raw/withdrawals/*.json
  (DuckDB's JSON reader; effective status and due dates derived in SQL), and
- the raw upload of every effective submission (raw/submissions/<id>/original.{xlsx,csv,parquet}, named by
  submission.json's `stored_file`) into one all-text staging table per form (bench/baseline_read.py):
  .parquet and UTF-8 CSV with DuckDB's own read_parquet / read_csv; two readers are not DuckDB's, because
  DuckDB here has no Excel reader and reads no CP932: .xlsx through fastexcel (Arrow, every cell as text)
  and CP932 CSV transcoded, streamed, to a UTF-8 temporary file that read_csv then reads;
then normalizes every value (SPEC §3.1–3.6: full-width digits, 令和 years, check digits, labels …) in plain
SQL, one statement per form (bench/baseline_sql.py; of pipelines/ only the form contract and vocabulary
data are imported, no parser or normalizer) — and runs every dbt seed (read_csv)
and model (the SQL `dbt compile` produced, in dependency order) as plain CREATE TABLE / VIEW statements.
No data tests, no Dagster, no dbt at run time, and no validation: the effective files were accepted.

`--from-normalized-cache CACHE_DIR` instead reads the form rows from the pipeline's normalized Parquet
cache ($KYOSO_DATA_DIR/cache/normalized/v1): a second figure without parsing, not the floor.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from bench import baseline_read, baseline_sql

FORMS = ("municipal_report", "actor_roster", "platform_status", "survey_responses")

ENTRIES_SQL = """
create or replace temp table entries as
select * from read_json('{root}/S*/submission.json', format = 'auto', union_by_name = true)
"""

WITHDRAWALS_SQL = """
create or replace temp table withdrawals as
select submission_id::varchar as submission_id, withdrawn_at::varchar as withdrawn_at,
    withdrawn_by::varchar as withdrawn_by, reason::varchar as reason
from read_json('{root}/S*.json', format = 'auto')
"""
NO_WITHDRAWALS_SQL = """
create or replace temp table withdrawals
    (submission_id varchar, withdrawn_at varchar, withdrawn_by varchar, reason varchar)
"""

REGISTER_SQL = """
create or replace table raw.submissions as
with marked as (  -- a withdrawal record counts for an accepted file only
    select e.*, w.withdrawn_at as w_at, w.withdrawn_by as w_by, w.reason as w_reason,
        coalesce(e.outcome = 'accepted' and w.submission_id is not null, false) as withdrawn
    from entries e left join withdrawals w using (submission_id)
),
ranked as (
    select *, cast(received_at as timestamptz) as received,
        row_number() over (
            partition by prefecture_code, form, period
            order by cast(received_at as timestamptz) desc, submission_id desc
        ) as recency
    from marked where outcome = 'accepted' and not withdrawn
),
derived as (
    select m.*, case when m.withdrawn then 'withdrawn' when m.outcome <> 'accepted' then m.outcome
                     when r.recency = 1 then 'accepted' else 'superseded' end as status
    from marked m left join ranked r using (submission_id)
)
select
    submission_id::varchar as submission_id, form::varchar as form, prefecture_code::varchar as prefecture_code,
    fiscal_year::integer as fiscal_year, quarter::integer as quarter, period::varchar as period,
    timezone('UTC', cast(received_at as timestamptz)) as received_at,
    case when fiscal_year is not null and quarter is not null then
        make_date(fiscal_year::integer, 4, 1) + to_months(3 * (quarter::integer - 1) + 4) - interval 1 day
        + interval 14 hour + interval 59 minute + interval 59 second  -- 23:59:59 Tokyo = 14:59:59 UTC
    end::timestamp as due_at,
    "user"::varchar as user_name, sha256::varchar as sha256, file_name::varchar as file_name,
    status::varchar as status, (status = 'accepted') as is_effective,
    "rows"::integer as "rows", errors::integer as errors, warnings::integer as warnings,
    note::varchar as note,
    case when withdrawn then timezone('UTC', cast(w_at as timestamptz)) end::timestamp as withdrawn_at,
    case when withdrawn then w_by end::varchar as withdrawn_by,
    case when withdrawn then w_reason end::varchar as withdrawal_reason
from derived
"""

ISSUES_SQL = """
create or replace table raw.validation_issues as
with files as (
    select regexp_extract(filename, '([^/]+)/issues\\.json$', 1) as submission_id,
        from_json(content, '[{{"severity":"VARCHAR","sheet":"VARCHAR","row":"INTEGER","column":"VARCHAR",
            "value":"VARCHAR","rule":"VARCHAR","message_ja":"VARCHAR","message_en":"VARCHAR"}}]') as issues
    from read_text('{root}/S*/issues.json')
),
numbered as (
    select submission_id, unnest(issues) as issue, generate_subscripts(issues, 1) as issue_no from files
)
select submission_id::varchar as submission_id, issue_no::integer as issue_no,
    issue.severity as severity, issue.sheet as sheet, issue.row as row_number, issue.column as column_name,
    issue.value as value, issue.rule as rule, issue.message_ja as message_ja, issue.message_en as message_en
from numbered
"""

EFFECTIVE_SQL = """
select s.form, s.submission_id, s.prefecture_code, e.stored_file
from raw.submissions as s join entries as e using (submission_id) where s.is_effective order by all
"""


def _load_register(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> Path:
    root = raw_dir / "submissions"
    quoted = str(root).replace("'", "''")
    con.execute("create schema if not exists raw")
    con.execute(ENTRIES_SQL.format(root=quoted))
    if "note" not in [row[0] for row in con.execute("describe entries").fetchall()]:  # stored before notes existed
        con.execute("alter table entries add column note varchar")
    withdrawals = raw_dir / "withdrawals"
    if any(withdrawals.glob("S*.json")):
        con.execute(WITHDRAWALS_SQL.format(root=str(withdrawals).replace("'", "''")))
    else:
        con.execute(NO_WITHDRAWALS_SQL)
    con.execute(REGISTER_SQL)
    con.execute(ISSUES_SQL.format(root=quoted))
    return root


def _load_raw(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> None:
    """raw.* from the raw uploads: read (staging tables), then one normalizing statement per form."""
    root = _load_register(con, raw_dir)
    files = [(form, sid, pref, root / sid / file) for form, sid, pref, file in con.execute(EFFECTIVE_SQL).fetchall()]
    baseline_sql.setup(con)
    with tempfile.TemporaryDirectory(prefix="kyoso-baseline-") as workdir:  # CP932 files transcoded to UTF-8
        baseline_read.load_stages(con, files, Path(workdir))
    for form in FORMS:
        con.execute(baseline_sql.normalize(form))
        con.execute(f"drop table stage_{form}")


def _load_from_cache(con: duckdb.DuckDBPyConnection, raw_dir: Path, cache_dir: Path) -> None:
    """raw.<form> from the pipeline's normalized Parquet cache (<form>/<prefecture>-<sha256>.parquet)."""
    _load_register(con, raw_dir)
    for form in FORMS:
        con.execute(
            f"""create or replace table raw.{form} as
            select s.submission_id, p.* exclude (filename)
            from read_parquet(?, filename = true) as p join raw.submissions as s
              on s.is_effective and s.form = '{form}'
             and p.filename = ? || '/{form}/' || s.prefecture_code || '-' || s.sha256 || '.parquet'""",
            [[str(cache_dir / form / f"{pref}-{sha}.parquet") for pref, sha in con.execute(
                "select prefecture_code, sha256 from raw.submissions where is_effective and form = ?", [form]
            ).fetchall()], str(cache_dir)],
        )


def _seed_sql(node: dict, project_dir: Path) -> str:
    path = str(project_dir / node["original_file_path"]).replace("'", "''")
    types = node["config"].get("column_types") or {}
    type_sql = ", ".join(f"'{name}': '{sql_type}'" for name, sql_type in types.items())
    options = f", types = {{{type_sql}}}" if type_sql else ""
    return f"select * from read_csv('{path}', header = true{options})"


def run(raw_dir: Path, manifest_path: Path, database: Path, cache_dir: Path | None = None) -> dict[str, float]:
    """Load raw.* (from the raw files, or from `cache_dir` when given), then build every seed and model."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    project_dir = Path(__file__).resolve().parent.parent / "dbt_project"  # seeds are read from here
    nodes = {
        uid: node for uid, node in manifest["nodes"].items() if node["resource_type"] in ("model", "seed")
    }
    order = TopologicalSorter(
        {uid: [d for d in node.get("depends_on", {}).get("nodes", []) if d in nodes] for uid, node in nodes.items()}
    ).static_order()
    database.parent.mkdir(parents=True, exist_ok=True)
    database.unlink(missing_ok=True)
    timings = {}
    started = time.perf_counter()
    con = duckdb.connect(str(database))
    if cache_dir is None:
        _load_raw(con, raw_dir)
    else:
        _load_from_cache(con, raw_dir, cache_dir)
    timings["load_s"] = time.perf_counter() - started
    for uid in order:
        node = nodes[uid]
        name = f'"{node["schema"]}"."{node["alias"]}"'
        if node["resource_type"] == "seed":
            con.execute(f"create or replace table {name} as {_seed_sql(node, project_dir)}")
        else:
            kind = "view" if node["config"]["materialized"] == "view" else "table"
            con.execute(f"create or replace {kind} {name} as {node['compiled_code']}")
    con.close()
    timings["total_s"] = time.perf_counter() - started
    timings["transform_s"] = timings["total_s"] - timings["load_s"]
    return timings


def compare(baseline: Path, published: Path, tables: list[str]) -> dict[str, dict]:
    """Rows of each table that are in one database and not the other (doubles rounded to 9 digits)."""
    con = duckdb.connect()
    con.execute(f"attach '{baseline}' as b (read_only)")
    con.execute(f"attach '{published}' as p (read_only)")
    out = {}
    for table in tables:
        columns = con.execute(
            "select column_name, data_type from information_schema.columns"
            " where table_catalog = 'p' and table_schema = 'main' and table_name = ? order by ordinal_position",
            [table],
        ).fetchall()
        select = ", ".join(
            f'round("{name}", 9) as "{name}"' if dtype in ("DOUBLE", "FLOAT") else f'"{name}"'
            for name, dtype in columns
        )
        only_b = con.execute(f"select count(*) from (select {select} from b.main.{table} "
                             f"except all select {select} from p.main.{table})").fetchone()[0]
        only_p = con.execute(f"select count(*) from (select {select} from p.main.{table} "
                             f"except all select {select} from b.main.{table})").fetchone()[0]
        rows = con.execute(f"select count(*) from p.main.{table}").fetchone()[0]
        out[table] = {"rows": rows, "only_in_baseline": only_b, "only_in_published": only_p}
    con.close()
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.baseline")
    parser.add_argument("raw_dir", type=Path)
    parser.add_argument("manifest", type=Path, help="target/manifest.json of `dbt compile`")
    parser.add_argument("database", type=Path, help="the DuckDB file to (re)create")
    parser.add_argument("--from-normalized-cache", type=Path, metavar="CACHE_DIR",
                        help="read the form rows from the pipeline's normalized Parquet cache, not the raw files")
    args = parser.parse_args()
    print(json.dumps(run(args.raw_dir, args.manifest, args.database, args.from_normalized_cache)))
