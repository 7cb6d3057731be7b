"""Placeholder: filled in by the #7 work."""

from pf_common.scheduler import Job

JOBS: list[Job] = []
