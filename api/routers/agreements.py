"""``/api/agreements``: the agreements the stored documents express."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from accordgraph.api.dependencies import JSON_LD_RESPONSE, JsonLdRoute, LookupDep
from accordgraph.graph.records import Agreement, Page

router = APIRouter(
    prefix="/api/agreements",
    tags=["agreements"],
    route_class=JsonLdRoute,
    responses=JSON_LD_RESPONSE,
)


@router.get("", summary="List agreements")
def list_agreements(
    lookup: LookupDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page[Agreement]:
    """Agreements by date of signing."""
    return lookup.agreements(offset, limit)


@router.get("/{agreement_id}", summary="One agreement")
def get_agreement(
    lookup: LookupDep, agreement_id: Annotated[str, Path(examples=["moc-jp-us-2025-10-28"])]
) -> Agreement:
    """Its participants and who represents them, signatories and the signing, legal
    character, and the documents that render it."""
    return lookup.agreement(agreement_id)
