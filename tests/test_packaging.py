"""The wheel must contain every module: the layers live outside accordgraph/ and are listed
one by one in pyproject.toml, so a new subpackage that is not listed is a broken install."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent
LAYERS = ("ontology", "loaders", "graph", "api")


def test_every_subpackage_is_listed_for_installation() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    mapping = config["setuptools"]["package-dir"]
    found = {
        "accordgraph." + ".".join(init.parent.relative_to(ROOT).parts)
        for layer in LAYERS
        for init in (ROOT / layer).rglob("__init__.py")
    }
    assert found <= listed, f"not in [tool.setuptools] packages: {sorted(found - listed)}"
    for package in found:
        assert mapping[package] == package.removeprefix("accordgraph.").replace(".", "/")


def test_data_files_are_declared() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    data = config["setuptools"]["package-data"]
    assert "static/*" in data["accordgraph.api"]
    assert {"*.ttl", "reference/*.csv"} <= set(data["accordgraph.ontology"])
    assert "assets/*" in data["accordgraph.graph"]  # Cytoscape.js for the interactive page
