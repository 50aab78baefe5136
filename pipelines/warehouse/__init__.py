"""From the register to the published snapshot: ingest, the dbt run's helpers, publish, the change
log, what changed since the last refresh (fingerprint) and the refresh status file."""
