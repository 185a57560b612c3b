"""The query page (``GET /``, and ``/sparql`` when a browser asks for HTML) and the
gallery of ready-made questions it offers."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

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


def page_html() -> str:
    return resources.files("accordgraph.api").joinpath("static/index.html").read_text("utf-8")


@router.get("/", response_class=HTMLResponse, summary="The SPARQL query page")
def index() -> HTMLResponse:
    return HTMLResponse(page_html())


@router.get("/questions", response_model=list[QuestionOut], summary="Ready-made questions")
def questions() -> list[QuestionOut]:
    return [QuestionOut(name=q.name, title=q.title, sparql=q.sparql) for q in QUESTIONS.values()]
