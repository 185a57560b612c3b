"""What an agreement says about itself: its kind, title, participants and who represents
them, where, when and by whom it was signed, its legal character, how it is modified and
discontinued, and the other agreements it cites."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from accordgraph.loaders.entities import Found, name_before
from accordgraph.loaders.model import Agreement, Entity, Part, Signature, SourceText, Span
from accordgraph.ontology.ids import slug

_MONTH_DATE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r" \d{1,2}, \d{4}"
)
_KIND = re.compile(
    r"\b[Tt]his (?P<name>Memorandum of Cooperation|Memorandum of Understanding|Agreement|"
    r"Arrangement)\s*\(hereinafter (?:referred to as )?[\"“](?P<abbr>[A-Z]{2,6})[\"”]\)"
)
_KIND_IN_TITLE = re.compile(r"Memorandum of (?:Cooperation|Understanding)|Agreement|Arrangement")
_SHORT_NAME = re.compile(
    r"\bRegarding the (?P<name>(?:[A-Z][\w-]* ){1,5}(?:Deal|Partnership|Initiative|Framework))\b"
)
_SIGNED = re.compile(
    rf"\b(?:Signed|Done|Executed) (?:at|in) (?P<place>[A-Z][^,]*(?:, [A-Z][\w ]*)*?),? on "
    rf"(?P<date>{_MONTH_DATE})(?:, in (?P<copies>\w+))?(?:, in the (?P<lang>[A-Z]\w+) language)?"
)
_FOR_GOVERNMENT = re.compile(r"^For the Government of\b", re.I)
_NON_BINDING = re.compile(
    r"\b(?:does not|do not|shall not|is not intended to)\b[^.]*?\blegally binding\b", re.I
)
_NO_FUNDS = re.compile(
    r"\bNothing in this \w+ commits the [Pp]articipants? to the expenditure of funds"
)
_NOTICE = re.compile(
    r"\b(?P<n>\d{1,4}) (?P<unit>days|months|years) after the date on which (?:written )?notice"
)
_MODIFY = re.compile(r"\bmay modify this \w+ (?P<how>by [^.;]+?)[.;]")
_OPERATIVE = re.compile(r"\b(?:This|The) \w+ becomes operative (?P<when>[^.;]+)[.;]")
_CITED_FORWARD = re.compile(r"\b(?:Agreement|Treaty|Convention|Arrangement) between\b")
_CITED_BACKWARD = re.compile(r"\b(?:Deal|Treaty|Accord|Pact|Agreement)\b")
_LANGUAGES = {
    "english": "en",
    "japanese": "ja",
    "french": "fr",
    "spanish": "es",
    "german": "de",
    "korean": "ko",
    "chinese": "zh",
    "italian": "it",
    "arabic": "ar",
    "russian": "ru",
    "portuguese": "pt",
    "hindi": "hi",
}
_FORWARD_CONNECTORS = {"between", "the", "of", "and", "on", "in", "for"}


def read_agreement(
    source: SourceText, parts: list[Part], found: Found
) -> tuple[Agreement, dict[str, Entity]]:
    """The agreement and the cited agreements and places it names (as new entities)."""
    text = source.text
    new: dict[str, Entity] = {}
    evidence: dict[str, Span] = {}

    kind_match = _KIND.search(text)
    title = source.metadata.get("title")
    title_part = next((p for p in parts if p.kind == "title"), None)
    if not title and title_part is not None:
        title = (
            " ".join(text[title_part.span.start : title_part.span.end].split("\n\n")[1:2]) or None
        )
    agreement_title = None
    if title:
        in_title = _KIND_IN_TITLE.search(title)
        agreement_title = title[in_title.start() :] if in_title else title
    in_title = _KIND_IN_TITLE.search(title) if title else None
    kind_name = (
        kind_match.group("name") if kind_match else in_title.group(0) if in_title else "Agreement"
    )
    kind: Literal["MOC", "MOU", "Agreement"] = (
        "MOC"
        if kind_name == "Memorandum of Cooperation"
        else "MOU"
        if kind_name == "Memorandum of Understanding"
        else "Agreement"
    )
    if kind_match:
        evidence["kind"] = Span(kind_match.start(), kind_match.end())
    short = _SHORT_NAME.search(title or "") or _SHORT_NAME.search(text)

    # Participants: the governments of the opening clause that defines "the Participants".
    opening = next((p for p in parts if p.kind == "preamble"), None)
    scope = opening.span if opening else Span(0, len(text))
    governments = [
        m
        for m in found.mentions
        if scope.contains(m.span) and found.entities[m.entity].org_class == "Government"
    ]
    if not governments:
        governments = [
            m for m in found.mentions if found.entities[m.entity].org_class == "Government"
        ]
    participants = list(dict.fromkeys(m.entity for m in governments))
    if opening:
        evidence["participants"] = opening.span
    representations: list[tuple[str, str]] = []
    orgs_in_scope = [
        m
        for m in found.mentions
        if scope.contains(m.span) and found.entities[m.entity].kind == "organization"
    ]
    for government in governments:
        after = text[government.span.end : government.span.end + 20]
        if re.match(r",? represented by\b", after):
            rep = next((m for m in orgs_in_scope if m.span.start > government.span.end), None)
            if rep is not None and rep.entity not in participants:
                representations.append((government.entity, rep.entity))

    agreement = Agreement(
        key="",
        kind=kind,
        title=agreement_title,
        participants=participants,
        representations=representations,
        evidence=evidence,
    )
    agreement.short_name = short.group("name") if short else None

    signed = _SIGNED.search(text)
    if signed:
        agreement.date = _iso(signed.group("date"))
        agreement.place = signed.group("place").strip()
        lang = signed.group("lang")
        agreement.language = _LANGUAGES.get(lang.casefold()) if lang else None
        evidence["signing"] = Span(signed.start(), signed.end())
        evidence["place"] = Span(
            signed.start("place"), signed.start("place") + len(agreement.place)
        )
        new[f"place-{slug(agreement.place)}"] = Entity(
            "place", f"place-{slug(agreement.place)}", agreement.place
        )
    else:
        dated = re.search(_MONTH_DATE, text[: title_part.span.end] if title_part else "")
        if dated:
            agreement.date = _iso(dated.group(0))
            evidence["date"] = Span(dated.start(), dated.end())
        elif source.metadata.get("date"):
            agreement.date = source.metadata["date"][:10]
    agreement.signatures = _signatures(text, parts, found)

    for name, pattern in (("non_binding", _NON_BINDING), ("commits_funds", _NO_FUNDS)):
        match = pattern.search(text)
        if match:
            setattr(agreement, name, name == "non_binding")
            evidence[name] = Span(match.start(), match.end())
    notice = _NOTICE.search(text)
    if notice:
        agreement.discontinuation_notice = f"P{notice.group('n')}{notice.group('unit')[0].upper()}"
        evidence["discontinuation_notice"] = Span(notice.start(), notice.end())
    for name, pattern, group in (
        ("modification", _MODIFY, "how"),
        ("operative_when", _OPERATIVE, "when"),
    ):
        match = pattern.search(text)
        if match:
            setattr(agreement, name, match.group(group).strip())
            evidence[name] = Span(match.start(group), match.end(group))

    cited = _cited_agreements(text, parts, agreement.short_name)
    for label, span in cited:
        key = f"agreement-{slug(label)}"
        new[key] = Entity("agreement", key, label)
        found.add(new[key], span)
        if key not in agreement.cites:
            agreement.cites.append(key)
    if agreement.place:
        place_key = f"place-{slug(agreement.place)}"
        found.add(new[place_key], evidence["place"])

    codes = sorted({c for p in participants if (c := found.entities[p].country)})
    if codes and agreement.date:
        agreement.key = "-".join([kind.lower(), *(c.lower() for c in codes), agreement.date])
    else:
        agreement.key = f"{kind.lower()}-{source.doc_id}"
    return agreement, new


def _iso(date: str) -> str:
    return datetime.strptime(date, "%B %d, %Y").date().isoformat()


def _signatures(text: str, parts: list[Part], found: Found) -> list[Signature]:
    block = next((p for p in parts if p.kind == "signatures"), None)
    if block is None:
        return []
    signatures: list[Signature] = []
    government: tuple[str, int] | None = None
    for mention in found.mentions:
        if not block.span.contains(mention.span):
            continue
        entity = found.entities[mention.entity]
        line_start = text.rfind("\n", 0, mention.span.start) + 1
        if entity.org_class == "Government" and _FOR_GOVERNMENT.match(text[line_start:]):
            government = (entity.key, line_start)
        elif entity.kind == "person" and government is not None:
            signatures.append(
                Signature(
                    mention.entity,
                    government[0],
                    entity.title,
                    Span(government[1], mention.span.end),
                )
            )
            if entity.country is None:
                entity.country = found.entities[government[0]].country
            government = None
    return signatures


def _cited_agreements(text: str, parts: list[Part], own: str | None) -> list[tuple[str, Span]]:
    title = next((p.span for p in parts if p.kind == "title"), Span(0, 0))
    cited: list[tuple[str, Span]] = []
    for match in _CITED_FORWARD.finditer(text):
        if title.contains(Span(match.start(), match.end())):
            continue
        end = match.end()
        for token in re.finditer(r"[\w'’-]+|\S", text[match.end() :]):
            word = token.group(0)
            if word[0].isupper() or word in _FORWARD_CONNECTORS:
                end = match.end() + token.end()
            else:
                break
        name = text[match.start() : end]
        name = re.sub(r"(?: (?:between|the|of|and|on|in|for))+$", "", name)
        if len(name.split()) >= 4:
            cited.append((name, Span(match.start(), match.start() + len(name))))
    for match in _CITED_BACKWARD.finditer(text):
        if match.group(0) == "Agreement" or title.contains(Span(match.start(), match.end())):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        span = name_before(text, Span(line_start, match.end()), match.end())
        if span is None:
            continue
        name = text[span.start : span.end]
        if (
            len(name.split()) < 3
            or (own and name.endswith(own))
            or any(c[1].overlaps(span) for c in cited)
        ):
            continue
        cited.append((name, span))
    return cited
