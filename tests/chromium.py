"""Debian's Chromium for the browser tests, driven by Playwright. A module that needs it
calls :func:`require_chromium` at import: outside CI a missing Chromium skips the
module; in CI (``CI=true``) it is an error, since ``.ci/run`` installs it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI needs Chromium at /usr/bin/chromium (.ci/run installs it)")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


def launch_chromium() -> Iterator[object]:
    """A headless Chromium for a module-scoped fixture (closed after the last test)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


def confine(context: Any, origin: str) -> list[str]:
    """Let ``context`` reach ``origin`` only; every other request is refused and noted
    in the list returned (empty when a page fetched nothing from elsewhere)."""
    outside: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(origin)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    return outside
