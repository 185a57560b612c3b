"""Pictures and the interactive page, looked at by software someone else wrote: Pillow
for the PNG, Chromium for the SVG, Cytoscape.js in Chromium for the Cytoscape.js JSON
export and for the self-contained HTML page (pan, zoom, search, click for quotes)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from chromium import confine, launch_chromium, require_chromium
from PIL import Image

from accordgraph.graph.analytics import Analytics
from accordgraph.graph.export import COLOURS

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

NSF = "https://w3id.org/accordgraph/id/org/nsf"
PROJECTION = "organization-technology"


@pytest.fixture(scope="module")
def graph(japan_only: Analytics) -> nx.Graph:  # type: ignore[type-arg]
    return japan_only.graph(PROJECTION)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch_chromium()  # type: ignore[misc]


@pytest.fixture
def offline(browser: Browser) -> Iterator[Page]:
    """A page that may load nothing but file: URLs and inline content."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    outside = confine(context, "file:")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert outside == [], f"the page asked for something outside the file: {outside}"
    assert errors == [], f"script errors: {errors}"


def share(pixels: Image.Image, colour: str) -> float:
    """The share of pixels within a small distance of ``colour`` (#rrggbb)."""
    want = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    rgb = np.asarray(pixels.convert("RGB"), dtype=int).reshape(-1, 3)
    return float((np.abs(rgb - want).sum(axis=1) < 30).mean())


def test_png_has_the_size_the_colours_of_each_type_and_is_not_blank(
    japan_only: Analytics,
) -> None:
    data = japan_only.export("png", PROJECTION)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (1800, 1350)
    assert share(image, "#ffffff") < 0.97  # something is drawn
    assert share(image, COLOURS["organization"]) > 0.002  # organizations (blue)
    assert share(image, COLOURS["technology"]) > 0.002  # technology areas (green)


def test_svg_is_valid_titled_and_renders_in_chromium(
    japan_only: Analytics, offline: Page, tmp_path: Path
) -> None:
    svg = japan_only.export("svg", PROJECTION, document="us-japan-tpd-2025").decode()
    # matplotlib names each text it draws in a comment: the title, the legend, labels.
    assert (
        "<!-- Organizations and the technology areas they work on "
        "(document us-japan-tpd-2025) -->" in svg
    )
    assert "<!-- RIKEN -->" in svg  # labels wrap: "National Science" / "Foundation"
    assert "<!-- National Science -->\n" in svg and "<!-- Foundation -->" in svg
    # organizations by country, other nodes by type
    assert "<!-- organization, JP (6) -->" in svg and "<!-- organization, US (3) -->" in svg
    assert "<!-- technology (13) -->" in svg
    file = tmp_path / "graph.svg"
    file.write_text(svg)
    offline.goto(file.as_uri())
    size = offline.evaluate(
        "() => { const b = document.querySelector('svg').getBBox(); return [b.width, b.height] }"
    )
    assert size[0] > 800 and size[1] > 600
    shot = Image.open(io.BytesIO(offline.screenshot()))
    assert share(shot, "#ffffff") < 0.97
    assert share(shot, COLOURS["organization"]) > 0.001


def test_japanese_labels_in_pictures(japan_only: Analytics) -> None:
    svg = japan_only.export("svg", PROJECTION, language="ja").decode()
    assert "<!-- 総務省 -->" in svg and "<!-- 米国国立科学財団 -->" in svg


def test_cytoscape_json_renders_in_cytoscape_js(
    japan_only: Analytics,
    graph: nx.Graph,  # type: ignore[type-arg]
    offline: Page,
    tmp_path: Path,
) -> None:
    library = resources.files("accordgraph.graph") / "assets" / "cytoscape.min.js"
    exported = json.loads(japan_only.export("cytoscape", PROJECTION))
    page = tmp_path / "cytoscape.html"
    page.write_text(
        '<div id="cy" style="width:1000px;height:800px"></div>'
        f"<script>{library.read_text()}</script>"
        f"<script>const data = {json.dumps(exported)};"
        "window.cy = cytoscape({container: document.getElementById('cy'),"
        " elements: data.elements, layout: {name: 'cose', animate: false}});</script>"
    )
    offline.goto(page.as_uri())
    counts = offline.evaluate(_RENDERED)
    assert counts == {"nodes": len(graph), "rendered": len(graph), "edges": graph.number_of_edges()}
    label = offline.evaluate(f"() => cy.getElementById({json.dumps(NSF)}).data('label')")
    assert label == "National Science Foundation"


# Nodes Cytoscape.js has drawn: visible, with a rendered box inside the container.
_RENDERED = """() => {
  const w = cy.width(), h = cy.height();
  const drawn = cy.nodes().filter((n) => {
    const b = n.renderedBoundingBox();
    return n.visible() && b.w > 0 && b.x1 < w && b.x2 > 0 && b.y1 < h && b.y2 > 0;
  });
  return {nodes: cy.nodes().length, rendered: drawn.length, edges: cy.edges().length};
}"""


@pytest.fixture
def interactive(japan_only: Analytics, offline: Page, tmp_path: Path) -> Page:
    file = tmp_path / "graph.html"
    file.write_bytes(japan_only.export("html", PROJECTION))
    offline.goto(file.as_uri())
    offline.wait_for_function("() => window.cy && cy.nodes().length > 0")
    return offline


def test_the_page_renders_every_node(
    interactive: Page,
    graph: nx.Graph,  # type: ignore[type-arg]
) -> None:
    counts = interactive.evaluate(_RENDERED)
    assert counts == {"nodes": len(graph), "rendered": len(graph), "edges": graph.number_of_edges()}
    expect(interactive.locator("h1")).to_contain_text(
        f"{len(graph)} nodes, {graph.number_of_edges()} edges"
    )
    expect(interactive.locator(".legend li")).to_have_text(
        ["organization, JP (6)", "organization, US (3)", "technology (13)"]
    )
    colours = interactive.evaluate(
        "() => [...new Set(cy.nodes('[type = \"organization\"]').map(n => n.data('colour')))]"
    )
    assert sorted(colours) == ["#1f77b4", "#d62728"]  # one colour per country


def test_clicking_a_node_shows_its_commitments_and_quotes(interactive: Page) -> None:
    where = interactive.evaluate(f"() => cy.getElementById({json.dumps(NSF)}).renderedPosition()")
    box = interactive.locator("#graph").bounding_box()
    assert box is not None
    interactive.mouse.click(box["x"] + where["x"], box["y"] + where["y"])
    details = interactive.locator("#details")
    expect(details.locator("h2")).to_have_text("National Science Foundation")
    expect(details.locator("h3")).to_have_text(re.compile(r"^\d+ commitments$"))
    expect(details.locator("blockquote").first).to_contain_text("Driving innovative research")
    link = details.locator(".source a").first
    expect(link).to_have_text(re.compile(r"^us-japan-tpd-2025 \d+–\d+$"))
    faded = interactive.evaluate("() => cy.nodes('.faded').length")
    assert faded > 0  # the rest of the graph steps back


def test_search_highlights_and_zooms(interactive: Page) -> None:
    before = interactive.evaluate("() => cy.zoom()")
    search = interactive.locator("#search")
    search.fill("riken")
    expect(interactive.locator("#matches")).to_have_text("1 match")
    search.press("Enter")
    expect(interactive.locator("#details h2")).to_have_text("RIKEN")
    interactive.wait_for_function(f"() => cy.zoom() > {before}")
    interactive.wait_for_timeout(400)  # the animation's end, where the zoom is capped
    assert interactive.evaluate("() => cy.zoom()") <= 2.5  # its neighbourhood, not a blur
    search.fill("ai ")
    expect(interactive.locator("#matches")).to_have_text(re.compile(r"^\d+ matches$"))


def test_downloads_of_the_picture_and_the_data(interactive: Page) -> None:
    with interactive.expect_download() as picture:
        interactive.click("#save-png")
    assert Path(picture.value.path()).read_bytes()[:4] == b"\x89PNG"
    with interactive.expect_download() as data:
        interactive.click("#save-json")
    saved = json.loads(Path(data.value.path()).read_text())
    assert {e["data"]["label"] for e in saved["elements"]["nodes"]} >= {"RIKEN", "AI for science"}


def test_pan_and_zoom(interactive: Page) -> None:
    zoom = interactive.evaluate("() => cy.zoom()")
    interactive.click("#zoom-in")
    assert interactive.evaluate("() => cy.zoom()") == pytest.approx(zoom * 1.4)
    interactive.click("#fit")
    assert interactive.evaluate("() => cy.zoom()") == pytest.approx(zoom, rel=0.01)
    pan = interactive.evaluate("() => cy.pan()")
    box = interactive.locator("#graph").bounding_box()
    assert box is not None
    # Drag from an empty corner of the canvas.
    interactive.mouse.move(box["x"] + 5, box["y"] + box["height"] - 5)
    interactive.mouse.down()
    interactive.mouse.move(box["x"] + 105, box["y"] + box["height"] - 65, steps=5)
    interactive.mouse.up()
    moved = interactive.evaluate("() => cy.pan()")
    assert moved["x"] == pytest.approx(pan["x"] + 100, abs=2)
    assert moved["y"] == pytest.approx(pan["y"] - 60, abs=2)


@pytest.mark.parametrize("chart", ["heatmap", "timeline"])
def test_charts_draw_inside_their_frame(
    japan_only: Analytics, offline: Page, tmp_path: Path, chart: str
) -> None:
    """Nothing of a chart (its slanted category names, the colour bar) is drawn outside
    the picture, as seen by Chromium."""
    file = tmp_path / f"{chart}.svg"
    file.write_bytes(japan_only.chart(chart, "svg", {}))
    offline.goto(file.as_uri())
    drawn, frame = offline.evaluate(
        """() => { const svg = document.querySelector('svg'); const b = svg.getBBox();
                   const v = svg.viewBox.baseVal;
                   return [[b.x, b.y, b.x + b.width, b.y + b.height], [v.width, v.height]] }"""
    )
    assert drawn[0] >= -0.5 and drawn[1] >= -0.5, drawn
    assert drawn[2] <= frame[0] + 0.5 and drawn[3] <= frame[1] + 0.5, (drawn, frame)
