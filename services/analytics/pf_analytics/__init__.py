"""PackFinderz analytics service: warehouse ingestion (BigQuery; DuckDB embedded) and KPI queries."""
