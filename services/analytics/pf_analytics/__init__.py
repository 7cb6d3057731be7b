"""PackFinderz analytics service.

Owns warehouse ingestion (BigQuery; DuckDB embedded) and KPI queries.
"""
