"""PackFinderz orders service: carts, checkout groups, vendor orders, line items, decisions, TTL/nudge/expire, the attribution snapshot."""
