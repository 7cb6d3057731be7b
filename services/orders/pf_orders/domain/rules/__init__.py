"""Pure rules of orders (no session, no I/O, no clock): pricing, gates, the order state machine."""
