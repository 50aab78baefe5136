"""Kyoso Monitor (共創モニター): intake, storage and orchestration of the monitoring pipeline."""
