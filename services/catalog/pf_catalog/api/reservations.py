"""Placeholder: filled in by the #7 work."""

from fastapi import APIRouter

router = APIRouter()
