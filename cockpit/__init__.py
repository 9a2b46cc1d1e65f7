"""Cockpit core: everything that knows no Dash (store, reference and demo data, rules, queries, API, CLI)."""
