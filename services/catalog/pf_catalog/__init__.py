"""PackFinderz catalog service.

Owns products, inventory and reservations, volume discounts, browse/search, the visibility
projection, COA product drafts.
"""
