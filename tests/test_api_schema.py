"""Property-based tests of the HTTP API against its own OpenAPI schema (schemathesis):
generated requests to every lookup, Linked Data and document operation of a live server
never get a 5xx, and every response matches the documented status codes, media types
and schemas."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from live_server import LiveServer
from schemathesis.checks import positive_data_acceptance


@pytest.fixture(scope="session")
def api_schema(server: LiveServer) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(server.url + "/openapi.json")


# /sparql has its own conformance suite (the W3C protocol tests).
# The same examples on every run, so CI is reproducible; ACCORDGRAPH_FUZZ=N explores N
# fresh random examples per operation instead.
FUZZ = int(os.environ.get("ACCORDGRAPH_FUZZ", "0"))
EXAMPLES = FUZZ or 30
DERANDOMIZE = FUZZ == 0
FUZZING = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=DERANDOMIZE,
)

schema = schemathesis.pytest.from_fixture("api_schema").include(path_regex=r"^/(api|id|ontology)")


@schema.parametrize()
@FUZZING
def test_the_api_matches_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate()


@pytest.fixture(scope="session")
def writable_schema(start_server: Callable[..., LiveServer]) -> schemathesis.BaseSchema:
    writable = start_server("--updates", env={"ACCORDGRAPH_UPDATE_TOKEN": "t"})
    return schemathesis.openapi.from_url(writable.url + "/openapi.json")


# Uploads with the token: random multipart bodies reach the loader in the writer process.
writes = schemathesis.pytest.from_fixture("writable_schema").include(path_regex=r"^/api/documents")


@writes.parametrize()
@FUZZING
def test_writes_with_random_bodies_match_the_schema(case: schemathesis.Case) -> None:
    # A schema-valid upload may still be no document (a PNG): its 400 is right, so the
    # check that schema-valid data is accepted does not apply; every other check does.
    case.call_and_validate(
        headers={"Authorization": "Bearer t"}, excluded_checks=[positive_data_acceptance]
    )
