"""Dash components built from plain data. Nothing here runs a query."""
