"""axe-core (npm, pinned in tests/package.json) for the accessibility checks: outside CI a
missing copy skips them; in CI it is an error, since ``.ci/run`` installs it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


def require_axe() -> Path:
    if AXE.exists():
        return AXE
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI needs axe-core: npm ci --prefix tests (.ci/run does it)")
    pytest.skip("axe-core is not installed (npm ci --prefix tests)")
