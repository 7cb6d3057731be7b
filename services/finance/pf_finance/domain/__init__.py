"""Use cases and their queries; no FastAPI imports (HOUSE_STYLE §2)."""
