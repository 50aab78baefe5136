"""What a failed refresh says in refresh_status.json: each failed step's own error (such as the dbt tests
that failed), not only Dagster's "Execution of step … failed"."""

from collections.abc import Iterable

import dagster as dg


def failure_reason(events: Iterable[dg.DagsterEvent], fallback: str = "refresh failed") -> str:
    messages = []
    for event in events:
        if event.event_type != dg.DagsterEventType.STEP_FAILURE:
            continue
        data = event.step_failure_data
        detail = (data.user_failure_data and data.user_failure_data.description) or (
            data.error and data.error.message.strip())
        messages.append(f"{event.step_key}: {detail}" if detail else event.message or event.event_type_value)
    return " | ".join(messages) or fallback
