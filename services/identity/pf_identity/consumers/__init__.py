"""One module per consumed event type; CONSUMERS is assembled in worker.py."""
