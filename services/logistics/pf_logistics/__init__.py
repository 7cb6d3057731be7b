"""PackFinderz logistics service: the agents projection, assignments, pickup/deliver, the cash collection record."""
