"""PackFinderz finance service.

Owns payment intents, the append-only ledger, payouts, subscriptions and Stripe, charges, usage charges.
"""
