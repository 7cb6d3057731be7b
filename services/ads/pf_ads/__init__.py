"""PackFinderz ads service.

Owns ads, creatives, serving, tokens, Redis counters, daily rollups.
"""
