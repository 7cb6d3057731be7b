"""HTTP routers: parse, authorise, call one use case, shape the response (HOUSE_STYLE §2)."""
