"""Reads: every figure a screen or the API shows, from queries to the views pages are built from."""
