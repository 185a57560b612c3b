"""The query page in a real browser: Debian's Chromium, driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from chromium import confine, launch_chromium, require_chromium
from live_server import LiveServer

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch_chromium()  # type: ignore[misc]


@pytest.fixture
def page(browser: Browser, server: LiveServer) -> Page:
    context = browser.new_context()
    outside = confine(context, server.url)
    page = context.new_page()
    page.goto(server.url + "/query")
    yield page
    context.close()
    assert outside == [], f"the page asked for something outside the server: {outside}"


def test_type_a_query_run_it_see_rows(page: Page) -> None:
    editor = page.locator("#query")
    editor.fill("")
    editor.type("SELECT ?label WHERE { ?o skos:altLabel 'NICT' ; rdfs:label ?label }")
    page.click("#run")
    expect(page.locator("#results td")).to_have_text(
        ["National Institute of Information and Communications Technology @en"]
    )
    expect(page.locator("#status")).to_contain_text("1 row")
    href = page.locator("#download-csv").get_attribute("href")
    assert href and "format=csv" in href


def test_keyboard_shortcut_and_errors(page: Page) -> None:
    page.locator("#query").fill("SELECT ?x WHERE { ?x ?y }")
    page.locator("#query").press("Control+Enter")
    expect(page.locator("#status")).to_contain_text("400: SPARQL syntax error")


def test_gallery_question_and_sortable_table(page: Page) -> None:
    page.click("#questions button[data-name='agencies-by-category']")
    rows = page.locator("#results tbody tr")
    expect(rows.first).to_be_visible()
    categories = rows.locator("td:first-child")
    first_sorted = categories.all_inner_texts()
    assert first_sorted == sorted(first_sorted)
    page.click("#results th:first-child")  # ascending (already)
    page.click("#results th:first-child")  # descending
    expect(page.locator("#results th:first-child")).to_have_attribute("aria-sort", "descending")
    assert categories.all_inner_texts() == sorted(first_sorted, reverse=True)
    assert any("Integrated Communication" in text for text in first_sorted)


def test_prefix_completion(page: Page) -> None:
    editor = page.locator("#query")
    editor.fill("")
    editor.type("PREFIX sk")
    expect(page.locator("#completions li")).to_have_text(
        ["skos: <http://www.w3.org/2004/02/skos/core#>"]
    )
    editor.press("Enter")
    assert editor.input_value() == "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>"


def test_a_browser_asking_for_sparql_gets_the_page(server: LiveServer) -> None:
    response = httpx.get(server.sparql, headers={"Accept": "text/html,application/xhtml+xml"})
    assert response.status_code == 200 and "<textarea" in response.text


def test_the_interactive_api_docs_work_offline(page: Page, server: LiveServer) -> None:
    """Swagger UI from local assets: open an operation, try it out, see the answer."""
    page.goto(server.url + "/docs")
    operation = page.locator(
        "#operations-organizations-get_organization_api_organizations__org_id__get"
    )
    expect(operation).to_be_visible()
    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.locator("input[placeholder='org_id']").fill("nict")
    page.get_by_role("button", name="Execute").click()
    body = page.locator(".live-responses-table .response-col_description pre").first
    expect(body).to_contain_text("National Institute of Information and Communications Technology")


def test_an_entity_page_links_to_its_neighbours(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/id/org/nict")  # a browser lands on the organization's page
    expect(page.locator("h1")).to_have_text(
        "National Institute of Information and Communications Technology (NICT)"
    )
    page.locator("a[href='/organizations/mic']").first.click()
    expect(page.locator("h1")).to_have_text("Ministry of Internal Affairs and Communications (MIC)")
    page.goto(server.url + "/id/doc/us-japan-tpd-2025/commitment/3")  # no reader's page
    page.locator("a[href='/id/org/riken']").first.click()
    expect(page.locator("h1")).to_have_text("RIKEN")


def test_only_web_iris_become_links_in_results(page: Page) -> None:
    editor = page.locator("#query")
    editor.fill(
        "SELECT ?x WHERE { VALUES ?x { <javascript:alert(document.domain)> "
        "<https://example.org/a> } }"
    )
    page.click("#run")
    expect(page.locator("#status")).to_contain_text("2 rows")
    cells = page.locator("#results td")
    expect(cells).to_have_text(["javascript:alert(document.domain)", "https://example.org/a"])
    assert page.locator("#results a[href^='javascript']").count() == 0
    assert page.locator("#results a[href='https://example.org/a']").count() == 1
