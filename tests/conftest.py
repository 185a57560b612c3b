"""Shared fixtures: the bundled document and a second agreement, extracted once."""

from __future__ import annotations

from pathlib import Path

import pytest

from accordgraph import bundled_document
from accordgraph.loaders import Extraction, extract_file

FIXTURES = Path(__file__).parent / "fixtures"
JAPAN = FIXTURES / "us-japan-tpd-2025.txt"
UK = FIXTURES / "us-uk-tpd-2025.md"


@pytest.fixture(scope="session")
def uk_file() -> Path:
    """The US–UK MOU (Markdown with front matter), a fixture copied from the corpus."""
    return UK


@pytest.fixture(scope="session")
def japan() -> Extraction:
    return extract_file(bundled_document())


@pytest.fixture(scope="session")
def uk() -> Extraction:
    return extract_file(UK)
