"""Writes of data: results, crisis reports and their lifecycle, file import."""
