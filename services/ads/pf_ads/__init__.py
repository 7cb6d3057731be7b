"""PackFinderz ads service: ads, creatives, serving, tokens, Redis counters, daily rollups."""
