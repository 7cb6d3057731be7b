"""Billing routes: webhooks (API.md §3.6) — being built (issue 18)."""

from fastapi import APIRouter

router = APIRouter(tags=["billing"])
