"""``/api/technologies``: the technology taxonomy (US CET categories at the top)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from accordgraph.api.dependencies import JSON_LD_RESPONSE, JsonLdRoute, LookupDep
from accordgraph.graph.records import TechnologyDetail, TechnologyNode

router = APIRouter(
    prefix="/api/technologies",
    tags=["technologies"],
    route_class=JsonLdRoute,
    responses=JSON_LD_RESPONSE,
)


@router.get("", summary="The technology tree")
def technology_tree(lookup: LookupDep) -> list[TechnologyNode]:
    """Top concepts (CET categories first) with their narrower areas; counts include
    everything below a node."""
    return lookup.technology_tree()


@router.get("/{technology_id}", summary="One technology area")
def get_technology(
    lookup: LookupDep, technology_id: Annotated[str, Path(examples=["open-ran"])]
) -> TechnologyDetail:
    """The area's broader and narrower areas, and the organizations and commitments under
    it (including its narrower areas)."""
    return lookup.technology(technology_id)
