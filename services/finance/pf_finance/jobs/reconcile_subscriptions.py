"""Billing job: reconcile_subscriptions — being built (issue 18)."""

from pf_common.scheduler import Job

JOBS: list[Job] = []
