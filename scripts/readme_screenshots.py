"""The README's screenshots, from the browser tests' artifacts: each PNG the tests kept, scaled to 1280 px wide,
its top cut to at most MAX_HEIGHT, saved as JPEG in docs/screenshots/ — drawn by the same Debian Chromium the
tests use (no image library needed).

    python -m pytest tests/browser && python scripts/readme_screenshots.py

The browser tests withdraw the crises they report, so the screenshots show the demo dataset only.
"""

from __future__ import annotations

import base64
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_ARGS, artifacts_dir  # noqa: E402

WIDTH, MAX_HEIGHT, QUALITY = 1280, 1200, 82
SHOTS = (
    "nation",
    "region",
    "province",
    "chain",
    "indicator",
    "crisis",
    "wall-black-1080p",
    "wall-red-1080p",
    "wall-blue-1080p",
    "wall-white-1080p",
    "wall-subject-province-1080p",
    "wall-white-not-reported-1080p",
    "alert-on-the-red-wall",
    "forecast-what-if",
    "approval-awaiting-region",
    "comment-panel",
    "drill-service-area",
    "drill-school",
)


def main() -> int:
    source, target = artifacts_dir() / "screenshots", ROOT / "docs" / "screenshots"
    missing = [name for name in SHOTS if not (source / f"{name}.png").exists()]
    if missing:
        print(f"run the browser tests first: no {', '.join(missing)} in {source}", file=sys.stderr)
        return 1
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": MAX_HEIGHT})
        for name in SHOTS:
            png = source / f"{name}.png"
            data = base64.b64encode(png.read_bytes()).decode()
            image = f"<img src='data:image/png;base64,{data}' width='{WIDTH}'>"
            page.set_content(f"<body style='margin:0;background:#0b1220'>{image}</body>")
            page.wait_for_function("() => document.images[0].complete && document.images[0].naturalWidth > 0")
            height = min(MAX_HEIGHT, page.evaluate("document.images[0].getBoundingClientRect().height"))
            page.set_viewport_size({"width": WIDTH, "height": round(height)})
            page.screenshot(path=str(target / f"{name}.jpg"), type="jpeg", quality=QUALITY)
            print(f"{name}.jpg {WIDTH}x{round(height)}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
