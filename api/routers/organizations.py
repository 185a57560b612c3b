"""``/api/organizations``: governments, agencies and institutes, with what they commit to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from accordgraph.api.dependencies import JSON_LD_RESPONSE, JsonLdRoute, LookupDep
from accordgraph.graph.records import Organization, OrganizationDetail, OrganizationKind, Page

router = APIRouter(
    prefix="/api/organizations",
    tags=["organizations"],
    route_class=JsonLdRoute,
    responses=JSON_LD_RESPONSE,
)


@router.get("", summary="List organizations")
def list_organizations(
    lookup: LookupDep,
    country: Annotated[
        str | None,
        Query(description="ISO 3166-1 alpha-2 code", examples=["JP"], pattern="^[A-Za-z]{2}$"),
    ] = None,
    kind: Annotated[OrganizationKind | None, Query(examples=["government-agency"])] = None,
    document: Annotated[
        str | None,
        Query(description="Only those this document names", examples=["us-japan-tpd-2025"]),
    ] = None,
    category: Annotated[
        str | None,
        Query(
            description="Only those linked to this technology area or one below it",
            examples=["integrated-communication-and-networking-technologies"],
        ),
    ] = None,
    q: Annotated[
        str | None,
        Query(description="Part of the name, acronym or Japanese name", examples=["総務省"]),
    ] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page[Organization]:
    """Organizations in label order, with a total for paging."""
    return lookup.organizations(country, kind, document, category, q, offset, limit)


@router.get("/{org_id}", summary="One organization")
def get_organization(
    lookup: LookupDep, org_id: Annotated[str, Path(examples=["nsf"])]
) -> OrganizationDetail:
    """The organization with its parent and children, the documents and commitments that
    name it, its technology areas and its identifiers (ROR, Wikidata)."""
    return lookup.organization(org_id)
