"""The SPARQL query page (``GET /query``, and ``/sparql`` when a browser asks for HTML)
and the gallery of ready-made questions it offers."""

from __future__ import annotations

from html import escape
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from accordgraph.api.dependencies import ServiceDep
from accordgraph.graph.questions import QUESTIONS

router = APIRouter(tags=["page"])


class QuestionOut(BaseModel):
    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "name": "quantum",
                    "title": "What does each document say on quantum?",
                    "sparql": "SELECT …",
                }
            ]
        }
    }
    name: str
    title: str
    sparql: str


def page_html(base: str) -> str:
    """The query page, told the instance base so that it links minted IRIs here."""
    html = resources.files("accordgraph.api").joinpath("static/index.html").read_text("utf-8")
    return html.replace("%INSTANCE_BASE%", escape(base))


@router.get("/query", response_class=HTMLResponse, summary="The SPARQL query page")
def index(service: ServiceDep) -> HTMLResponse:
    return HTMLResponse(page_html(service.graph.ids.base))


@router.get("/questions", response_model=list[QuestionOut], summary="Ready-made questions")
def questions() -> list[QuestionOut]:
    return [QuestionOut(name=q.name, title=q.title, sparql=q.sparql) for q in QUESTIONS.values()]
