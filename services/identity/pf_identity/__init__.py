"""PackFinderz identity service.

Owns users, stores, memberships, roles, auth sessions, licenses (KYC), audit log, store
notifications (in-app + email).
"""
