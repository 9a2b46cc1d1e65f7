"""Where things live. Paths are relative to the repository so a fresh clone runs with no configuration."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
GEO_DIR = DATA_DIR / "geo"
ASSETS_DIR = ROOT / "assets"

DEFAULT_DATABASE_PATH = DATA_DIR / "cockpit.duckdb"
DATABASE_URL_ENV = "COCKPIT_DATABASE_URL"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050

DEMO_SEED = 2568


def database_url() -> str:
    """The store's SQLAlchemy URL: `COCKPIT_DATABASE_URL`, else the embedded DuckDB file under data/."""
    return os.environ.get(DATABASE_URL_ENV) or f"duckdb:///{DEFAULT_DATABASE_PATH}"


WRITE_WAIT_ENV = "COCKPIT_WRITE_WAIT_SECONDS"
DEFAULT_WRITE_WAIT_SECONDS = 10.0


def write_wait_seconds() -> float:
    """How long a write may wait for the writes queued before it before it is answered 503 (nothing written)."""
    raw = os.environ.get(WRITE_WAIT_ENV)
    try:
        return max(0.01, float(raw)) if raw else DEFAULT_WRITE_WAIT_SECONDS
    except ValueError:
        return DEFAULT_WRITE_WAIT_SECONDS
