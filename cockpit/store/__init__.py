"""The store: its tables, opening it (DuckDB or PostgreSQL), its schema version and upgrades, the data version."""
