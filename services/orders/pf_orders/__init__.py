"""PackFinderz orders service.

Owns carts, checkout groups, vendor orders, line items, decisions, TTL/nudge/expire, the attribution snapshot.
"""
