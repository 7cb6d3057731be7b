"""Scheduled jobs, one module per job; JOBS is assembled in worker.py."""
