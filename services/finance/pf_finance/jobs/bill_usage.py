"""Billing job: bill_usage — being built (issue 18)."""

from pf_common.scheduler import Job

JOBS: list[Job] = []
