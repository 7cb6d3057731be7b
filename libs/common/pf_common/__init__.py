"""pf_common: the shared runtime of every service (ARCHITECTURE §3) — no business rule.

How a service is wired: one context per process (:mod:`pf_common.context`, whose docstring is
the pattern every service copies), beside the runtime (:mod:`pf_common.runtime`); the app
(:mod:`pf_common.app`) and the worker (:mod:`pf_common.worker`) build both once and hand them
to routes, consumers and jobs.
"""
