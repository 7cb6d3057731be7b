"""PackFinderz logistics service.

Owns the agents projection, assignments, pickup/deliver, the cash collection record.
"""
