"""PackFinderz finance service: payment intents, the append-only ledger, payouts, subscriptions and Stripe, charges, usage charges."""
