"""``/api/search``: one box for everything (English and Japanese, typo-tolerant)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from accordgraph.api.dependencies import JSON_LD_RESPONSE, JsonLdRoute, LookupDep
from accordgraph.graph.records import SearchHit, SearchType

router = APIRouter(
    prefix="/api", tags=["search"], route_class=JsonLdRoute, responses=JSON_LD_RESPONSE
)


@router.get("/search", summary="Search by label, acronym or alias")
def search(
    lookup: LookupDep,
    q: Annotated[str, Query(min_length=1, max_length=200, examples=["総務省", "quantm"])],
    type: Annotated[list[SearchType] | None, Query(description="Only these kinds")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[SearchHit]:
    """Ranked: exact match 1.0, prefix 0.9, word prefix 0.85, substring 0.75, then close
    spellings scored by similarity (below 0.7)."""
    return lookup.search(q, limit, set(type) if type else None)
