"""``/api/documents``: stored source documents, their text and what was extracted; upload
and removal with the server's bearer token."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile as StarletteUploadFile
from starlette.formparsers import MultiPartException

from accordgraph.api.dependencies import (
    JSON_LD_RESPONSE,
    JsonLdRoute,
    LookupDep,
    ServiceDep,
    write_refusal,
)
from accordgraph.api.problems import problem, problem_response
from accordgraph.graph.executor import WorkerError
from accordgraph.graph.lookup import NotFound
from accordgraph.graph.records import Document, DocumentDetail, Page
from accordgraph.graph.writer import WriteFailed

router = APIRouter(
    prefix="/api/documents", tags=["documents"], route_class=JsonLdRoute, responses=JSON_LD_RESPONSE
)
DocumentId = Annotated[str, Path(examples=["us-japan-tpd-2025"], pattern=r"^[a-z0-9][a-z0-9-]*$")]


class ExtractionSummary(BaseModel):
    """What the loader extracted: the JSON that ``accordgraph inspect --json`` prints."""

    model_config = {"json_schema_extra": {"examples": [{"document": {"id": "us-japan-tpd-2025"}}]}}
    document: dict[str, Any]
    participants: list[dict[str, Any]] = []
    organizations: list[dict[str, Any]] = []
    technologies: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    commitments: list[dict[str, Any]] = []
    people: list[dict[str, Any]] = []
    facilities: list[str] = []
    programs: list[str] = []


class LoadResult(BaseModel):
    """The outcome of an upload."""

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "us-japan-tpd-2025",
                    "changed": True,
                    "triples": 3500,
                    "organizations": 13,
                    "commitments": 26,
                    "location": "/api/documents/us-japan-tpd-2025",
                }
            ]
        }
    }
    id: str
    changed: bool = Field(description="False when the same file was already stored")
    triples: int
    organizations: int
    commitments: int
    location: str
    summary: ExtractionSummary | None = None


@router.get("", summary="List documents")
def list_documents(
    lookup: LookupDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page[Document]:
    return lookup.documents(offset, limit)


@router.get("/{document_id}", summary="One document with its parts")
def get_document(lookup: LookupDep, document_id: DocumentId) -> DocumentDetail:
    return lookup.document(document_id)


@router.get(
    "/{document_id}/text",
    summary="The document's text, or a span of it",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def get_text(
    lookup: LookupDep,
    document_id: DocumentId,
    start: Annotated[int | None, Query(ge=0, description="First character (from 0)")] = None,
    end: Annotated[int | None, Query(ge=0, description="One past the last character")] = None,
) -> PlainTextResponse:
    """The normalized text that every span's offsets refer to (``start``/``end`` give the
    exact characters of a span, as the commitments' ``text_url`` do)."""
    return PlainTextResponse(lookup.document_text(document_id, start, end))


@router.get("/{document_id}/summary", summary="What was extracted from the document")
def get_summary(
    service: ServiceDep, lookup: LookupDep, document_id: DocumentId
) -> ExtractionSummary:
    lookup.document(document_id)  # 404 for an unknown document
    summary = service.graph.extraction_summary(document_id)
    if summary is None:
        raise NotFound(f"no extraction summary stored for {document_id!r}; load it again")
    return ExtractionSummary(**summary)


UPLOAD_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "A .txt, .md, .html or .pdf file",
                        },
                        "document_id": {
                            "type": "string",
                            "pattern": "^[a-z0-9][a-z0-9-]*$",
                            "description": "Id to store it under (default: from the file name)",
                        },
                    },
                }
            }
        },
    }
}
DOCUMENT_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


@router.post(
    "",
    summary="Upload a document (text, Markdown, HTML or PDF)",
    status_code=201,
    openapi_extra=UPLOAD_FORM,
    responses={
        200: {"description": "The same file was already stored", "model": LoadResult},
        400: problem_response("The file could not be read"),
        403: problem_response("Writes are disabled, or the bearer token is missing or wrong"),
        408: problem_response("The file was not sent in time"),
        413: problem_response("The file is too large"),
        503: problem_response("The store could not be written in time"),
    },
)
async def upload_document(request: Request, service: ServiceDep) -> Response:
    """Extract the file and store it as its own named graph, replacing an earlier version
    atomically; loading the same file again changes nothing. The token is checked before
    a byte of the body is read; the body is bounded in size and time as it arrives, and
    the file is read and extracted in the store's writer process, never in the server."""
    refusal = write_refusal(request, service)
    if refusal is not None:
        return refusal
    limit = service.settings.max_upload_bytes
    try:
        form = await request.form(max_files=1, max_fields=1, max_part_size=1024)
    except MultiPartException as exc:
        return problem(400, f"the upload is not a valid multipart form: {exc.message}")
    try:
        upload = form.get("file")
        if not isinstance(upload, StarletteUploadFile):
            return problem(400, "send the document as the multipart field 'file'")
        document_id = form.get("document_id")
        if document_id is not None and not (
            isinstance(document_id, str) and DOCUMENT_ID.fullmatch(document_id)
        ):
            return problem(422, "document_id: lowercase letters, digits and hyphens only")
        data = await upload.read(limit + 1)
        if len(data) > limit:
            return problem(413, f"the file is larger than {limit:,} bytes")
        name = upload.filename or "upload.txt"
    finally:
        await form.close()
    try:
        written = await service.write(
            "load", (data, name, document_id), service.settings.write_timeout
        )
    except WriteFailed as exc:
        return problem(400 if exc.kind in ("loader", "invalid") else 503, str(exc))
    except WorkerError as exc:
        return problem(503, f"the document could not be stored: {exc}")
    report, summary = written.result
    location = f"/api/documents/{report.doc_id}"
    result = LoadResult(
        id=report.doc_id,
        changed=report.changed,
        triples=report.triples,
        organizations=report.organizations,
        commitments=report.commitments,
        location=location,
        summary=summary,
    )
    return JSONResponse(
        result.model_dump(mode="json"),
        status_code=201 if report.changed else 200,
        headers={"Location": location, "X-Store-Version": str(written.generation)},
    )


@router.delete(
    "/{document_id}",
    summary="Remove a document",
    status_code=204,
    responses={
        403: problem_response("Writes are disabled, or the bearer token is missing or wrong")
    },
)
async def delete_document(
    request: Request, service: ServiceDep, document_id: DocumentId
) -> Response:
    """Remove the document's named graph (and its extraction summary) in one transaction."""
    refusal = write_refusal(request, service)
    if refusal is not None:
        return refusal
    try:
        written = await service.write("remove", document_id, service.settings.write_timeout)
    except WorkerError as exc:
        return problem(503, f"the document could not be removed: {exc}")
    if not written.result:
        return problem(404, f"no document {document_id!r}")
    return Response(status_code=204, headers={"X-Store-Version": str(written.generation)})
