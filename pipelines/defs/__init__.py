"""Dagster definitions, one small module per domain, assembled in pipelines/definitions.py."""
