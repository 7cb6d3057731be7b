"""Pure rules of identity: no session, no I/O, no clock reads."""
