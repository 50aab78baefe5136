"""Nightly `kyoso verify` in Dagster: a job that re-hashes raw/ against the register, scheduled after the
nightly refresh; its runs (green, or red with the bad files listed) are the integrity record in the UI."""

import dagster as dg

from pipelines.submissions import integrity


@dg.op(description="Re-hash every stored file against the register; re-read the register and withdrawals.")
def verify_raw_store(context: dg.OpExecutionContext) -> dg.Output[int]:
    submissions, withdrawals, problems = integrity.verify()
    if problems:
        listing = "\n".join(f"- `{problem.path}`: {problem.message}" for problem in problems)
        raise dg.Failure(description=f"{len(problems)} problem(s) in raw/: {problems[0]}",
                         metadata={"problems": dg.MetadataValue.md(listing), "problem_count": len(problems)})
    context.log.info(f"{submissions} submissions and {withdrawals} withdrawal records agree with the register")
    return dg.Output(submissions, metadata={"submissions": submissions, "withdrawal_records": withdrawals})


@dg.job(description="kyoso verify: raw/ agrees with its register (exit status of the CLI = this run's status).",
        tags={"kyoso/kind": "integrity"})
def verify_raw_job():
    verify_raw_store()


nightly_verify = dg.ScheduleDefinition(
    name="nightly_verify",
    job=verify_raw_job,
    cron_schedule="30 2 * * *",  # after the 02:00 nightly refresh
    execution_timezone="Asia/Tokyo",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
