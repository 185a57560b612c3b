"""``/api/commitments``: stated intentions, each with its exact source text."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from accordgraph.api.dependencies import JSON_LD_RESPONSE, JsonLdRoute, LookupDep
from accordgraph.graph.records import Commitment, Modality, Page

router = APIRouter(
    prefix="/api/commitments",
    tags=["commitments"],
    route_class=JsonLdRoute,
    responses=JSON_LD_RESPONSE,
)


@router.get("", summary="List commitments")
def list_commitments(
    lookup: LookupDep,
    organization: Annotated[
        str | None,
        Query(
            description="Actor, carried out through it, or via its partnership", examples=["nsf"]
        ),
    ] = None,
    technology: Annotated[
        str | None,
        Query(
            description="About this technology area or one below it",
            examples=["quantum-information-and-enabling-technologies"],
        ),
    ] = None,
    document: Annotated[str | None, Query(examples=["us-japan-tpd-2025"])] = None,
    modality: Annotated[Modality | None, Query(examples=["intend"])] = None,
    action: Annotated[
        str | None, Query(description="The verb, base form", examples=["collaborate"])
    ] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page[Commitment]:
    """Commitments in document and text order, each with its quote, section and span."""
    return lookup.commitments(organization, technology, document, modality, action, offset, limit)


@router.get("/{document_id}/{number}", summary="One commitment")
def get_commitment(
    lookup: LookupDep,
    document_id: Annotated[str, Path(examples=["us-japan-tpd-2025"])],
    number: Annotated[int, Path(ge=1, examples=[3])],
) -> Commitment:
    return lookup.commitment(document_id, number)
