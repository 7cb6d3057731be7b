"""Pure rules of catalog: no session, no I/O, no clock reads."""
