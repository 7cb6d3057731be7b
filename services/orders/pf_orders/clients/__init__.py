"""Typed clients of other services' internal endpoints and of external providers."""
