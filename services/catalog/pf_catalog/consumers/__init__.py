"""Consumers, one module per domain module they feed (``consumers/stores.py`` → ``domain/stores.py``,
``reservations``, ``media_projection``); CONSUMERS is assembled in worker.py."""
