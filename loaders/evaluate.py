"""Score the loader against hand annotations (``tests/fixtures/gold``): precision, recall
and F1 of organizations, organization → CET-category links and commitment actors, per
document and over all documents, with the errors behind them.

The gold format and the annotation rules are in ``tests/fixtures/gold/README.md``. A
predicted organization is right when one of the forms it is written with (its label,
acronym or any mention) is one of the forms the gold lists for an organization; a second
prediction of the same gold organization is a duplicate, so wrong. A government is
also right when the gold has the government of its country, however either names it
("Government of the United States" and "… of America" are one government). A link is right when
its organization is right and its technology rolls up to the gold category. A commitment
actor is right when the commitment contains the start of a gold commitment and the actor
is one of that commitment's gold actors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from accordgraph.loaders.extract import extract_file
from accordgraph.loaders.model import Extraction
from accordgraph.ontology.reference import Reference, load_reference


def form(text: str) -> str:
    """The form under which names are compared: case, articles, possessives, quotes,
    dashes and spacing do not count.

    >>> form("the U.S. Department of Commerce’s") == form("U.S. Department  of Commerce")
    True
    """
    text = text.replace("’", "'").replace("–", "-").replace("—", "-").replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip().casefold()
    text = re.sub(r"^the ", "", text)
    return re.sub(r"'s$", "", text)


@dataclass
class GoldOrganization:
    name: str
    forms: frozenset[str]
    country: str | None
    type: str | None


@dataclass
class GoldCommitment:
    text: str
    actors: frozenset[int]  # indexes into Gold.organizations


@dataclass
class Gold:
    """One annotated document."""

    document: Path
    kind: str
    organizations: list[GoldOrganization]
    links: frozenset[tuple[int, str]]  # (organization index, CET category label)
    commitments: list[GoldCommitment]

    def organization(self, name: str) -> int:
        key = form(name)
        for index, org in enumerate(self.organizations):
            if key in org.forms:
                return index
        raise ValueError(f"{self.document.name}: {name!r} is not an annotated organization")


def read_gold(path: Path) -> Gold:
    """The annotations in ``NAME.yaml`` of the document ``NAME.md`` beside it."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    organizations = [
        GoldOrganization(
            name=o["name"],
            forms=frozenset(form(f) for f in [o["name"], *(o.get("also") or [])]),
            country=o.get("country"),
            type=o.get("type"),
        )
        for o in data.get("organizations") or []
    ]
    gold = Gold(path.with_suffix(".md"), data.get("kind", "other"), organizations, frozenset(), [])
    gold.links = frozenset((gold.organization(o), c) for o, c in data.get("links") or [])
    gold.commitments = [
        GoldCommitment(c["text"], frozenset(gold.organization(a) for a in c.get("actors") or []))
        for c in data.get("commitments") or []
    ]
    return gold


def gold_documents(directory: Path) -> list[Gold]:
    """Every annotated document under ``directory`` (recursively), by path."""
    return [read_gold(p) for p in sorted(Path(directory).rglob("*.yaml"))]


@dataclass
class Score:
    """Counts of one measure: true positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    false: list[str] = field(default_factory=list)  # what was found wrongly
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: Score) -> Score:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        self.false += other.false
        self.missed += other.missed
        return self


MEASURES = ("organizations", "links", "actors")


@dataclass
class DocumentScore:
    document: str
    scores: dict[str, Score]


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _organization_forms(x: Extraction) -> dict[str, set[str]]:
    forms: dict[str, set[str]] = {}
    for key, entity in x.entities.items():
        if entity.kind == "organization":
            forms[key] = {form(entity.label)} | (
                {form(entity.acronym)} if entity.acronym else set()
            )
    for mention in x.mentions:
        if mention.entity in forms:
            forms[mention.entity].add(form(x.source.quote(mention.span)))
    return forms


def score(x: Extraction, gold: Gold, ref: Reference | None = None) -> dict[str, Score]:
    """Organizations, links and commitment actors of one extraction against its gold."""
    ref = ref or load_reference()
    label = {k: e.label for k, e in x.entities.items()}
    # Predicted organization → gold organization, in the order they are first mentioned.
    first: dict[str, int] = {}
    for mention in x.mentions:
        first.setdefault(mention.entity, mention.span.start)
    forms = _organization_forms(x)
    matched: dict[str, int] = {}
    orgs = Score()
    taken: set[int] = set()
    governments = {g.country: i for i, g in enumerate(gold.organizations) if g.type == "government"}
    for key in sorted(forms, key=lambda k: first.get(k, 0)):
        index = next((i for i, g in enumerate(gold.organizations) if forms[key] & g.forms), None)
        entity = x.entities[key]
        if index is None and entity.org_class == "Government":
            index = governments.get(entity.country)
        if index is None:
            orgs.fp += 1
            orgs.false.append(label[key])
        elif index in taken:
            orgs.fp += 1
            orgs.false.append(f"{label[key]} (again {gold.organizations[index].name})")
            matched[key] = index
        else:
            orgs.tp += 1
            taken.add(index)
            matched[key] = index
    for index, org in enumerate(gold.organizations):
        if index not in taken:
            orgs.fn += 1
            orgs.missed.append(org.name)

    def name(index: int) -> str:
        return gold.organizations[index].name

    predicted_links: set[tuple[Any, str]] = set()
    for link in x.links:
        concept = ref.technologies.get(link.technology)
        if concept is None or not ref.technologies[concept.top].cet:
            continue
        category = ref.technologies[concept.top].pref_label
        predicted_links.add((matched.get(link.organization, label[link.organization]), category))
    links = _compare(
        predicted_links,
        gold.links,
        lambda pair: f"{name(pair[0]) if isinstance(pair[0], int) else pair[0]} → {pair[1]}",
    )

    # Commitment actors: (gold commitment, gold organization) pairs.
    starts = [_words(c.text) for c in gold.commitments]
    predicted_actors: set[tuple[Any, Any]] = set()
    for commitment in x.commitments:
        quote = _words(x.source.quote(commitment.span))
        which: Any = next((i for i, s in enumerate(starts) if s and s in quote), None)
        if which is None:
            which = x.source.quote(commitment.span)[:60]
        for actor in commitment.actors:
            predicted_actors.add((which, matched.get(actor, label.get(actor, actor))))
    gold_actors = {(i, a) for i, c in enumerate(gold.commitments) for a in c.actors}

    def actor_text(pair: tuple[Any, Any]) -> str:
        where = gold.commitments[pair[0]].text if isinstance(pair[0], int) else pair[0]
        who = name(pair[1]) if isinstance(pair[1], int) else pair[1]
        return f"{who} in “{where}…”"

    actors = _compare(predicted_actors, gold_actors, actor_text)
    return {"organizations": orgs, "links": links, "actors": actors}


def _compare(predicted: set[Any], gold: Iterable[Any], describe: Callable[[Any], str]) -> Score:
    gold = set(gold)
    result = Score(tp=len(predicted & gold), fp=len(predicted - gold), fn=len(gold - predicted))
    result.false = sorted(describe(p) for p in predicted - gold)
    result.missed = sorted(describe(g) for g in gold - predicted)
    return result


def evaluate(directory: Path) -> Iterator[DocumentScore]:
    """Extract and score each annotated document under ``directory``."""
    ref = load_reference()
    for gold in gold_documents(directory):
        name = str(gold.document.relative_to(directory))
        yield DocumentScore(name, score(extract_file(gold.document), gold, ref))


def total(documents: Iterable[DocumentScore]) -> dict[str, Score]:
    """Micro-averaged counts over ``documents``."""
    result = {m: Score() for m in MEASURES}
    for doc in documents:
        for measure in MEASURES:
            result[measure] += doc.scores[measure]
    return result
