"""What an agreement says about itself: its kind, title, participants and who represents
them, where, when and by whom it was signed, its legal character, how it is modified and
discontinued, and the other agreements it cites."""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import datetime
from typing import Literal

from accordgraph.loaders.entities import NAME_WINDOW, Found, name_before
from accordgraph.loaders.model import (
    Agreement,
    Covered,
    Entity,
    Part,
    Signature,
    SourceText,
    Span,
)
from accordgraph.loaders.segment import headline
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
# Repetitions are bounded ({0,200}, {0,500} …: far more than any real place or clause)
# so that an occurrence whose end never comes does not make the search scan the rest
# of the text, once for each occurrence (quadratic time).
_SIGNED = re.compile(
    r"\b(?:Signed|Done|Executed) (?:at|in) "
    r"(?P<place>[A-Z][^,]{0,200}(?:, [A-Z][\w ]{0,100}){0,5}?),? on "
    rf"(?P<date>{_MONTH_DATE})(?:, in (?P<copies>\w+))?(?:, in the (?P<lang>[A-Z]\w+) language)?"
)
_FOR_GOVERNMENT = re.compile(r"For the Government of\b", re.I)  # at a line start
_NON_BINDING = re.compile(
    r"\b(?:does not|do not|shall not|is not intended to)\b[^.]{0,500}?\blegally binding\b", re.I
)
_NO_FUNDS = re.compile(
    r"\bNothing in this \w+ commits the [Pp]articipants? to the expenditure of funds"
)
_NOTICE = re.compile(
    r"\b(?P<n>\d{1,4}) (?P<unit>days|months|years) after the date on which (?:written )?notice"
)
_MODIFY = re.compile(r"\bmay modify this \w+ (?P<how>by [^.;]{1,500}?)[.;]")
_OPERATIVE = re.compile(r"\b(?:This|The) \w+ becomes operative (?P<when>[^.;]{1,500})[.;]")
_CITED_FORWARD = re.compile(r"\b(?:Agreement|Treaty|Convention|Arrangement) between\b")
# (not where a longer name goes on: "North Atlantic Treaty Organization" is a body's)
_CITED_BACKWARD = re.compile(r"\b(?:Deal|Treaty|Accord|Pact|Agreement)\b(?! [A-Z])")
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
_CITED_NAME_LENGTH = 500  # characters after "Agreement between" read for the name


def read_agreement(
    source: SourceText, parts: list[Part], found: Found
) -> tuple[Agreement, dict[str, Entity]]:
    """The agreement and the cited agreements and places it names (as new entities)."""
    text = source.text
    new: dict[str, Entity] = {}
    evidence: dict[str, Span] = {}

    kind_match = _KIND.search(text)
    title = source.metadata.get("title") or headline(text, parts)
    title_part = next((p for p in parts if p.kind == "title"), None)
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
    orgs_in_scope.sort(key=lambda m: m.span.start)
    org_starts = [m.span.start for m in orgs_in_scope]
    for government in governments:
        after = text[government.span.end : government.span.end + 20]
        if re.match(r",? represented by\b", after):
            # the first organization after the government (found by bisection: a scan
            # from the start for each government is quadratic)
            first_after = bisect_right(org_starts, government.span.end)
            rep = orgs_in_scope[first_after] if first_after < len(orgs_in_scope) else None
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
    agreement.cites = list(dict.fromkeys(f"agreement-{slug(label)}" for label, _ in cited))
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
    # The start of each mention's line, found by searching back only to the previous
    # mention (searching back to the text's start for each one is quadratic).
    line_start, searched_to = 0, 0
    for mention in sorted(found.mentions, key=lambda m: (m.span.start, m.span.end)):
        if not block.span.contains(mention.span):
            continue
        entity = found.entities[mention.entity]
        newline = text.rfind("\n", searched_to, mention.span.start)
        line_start = newline + 1 if newline >= 0 else line_start
        searched_to = mention.span.start
        if entity.org_class == "Government" and _FOR_GOVERNMENT.match(text, line_start):
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
    taken = Covered()
    for match in _CITED_FORWARD.finditer(text):
        if title.contains(Span(match.start(), match.end())):
            continue
        end = match.end()
        following = text[match.end() : match.end() + _CITED_NAME_LENGTH]
        for token in re.finditer(r"[\w'’-]+|\S", following):
            word = token.group(0)
            if word[0].isupper() or word in _FORWARD_CONNECTORS:
                end = match.end() + token.end()
            else:
                break
        name = text[match.start() : end]
        # Drop the connectors it ends with (a pattern "( the| of…)+$" is quadratic).
        while (last := name.rpartition(" "))[1] and last[2] in _FORWARD_CONNECTORS:
            name = last[0]
        if len(name.split()) >= 4:
            cited.append((name, Span(match.start(), match.start() + len(name))))
            taken.add(cited[-1][1])
    for match in _CITED_BACKWARD.finditer(text):
        if match.group(0) == "Agreement" or title.contains(Span(match.start(), match.end())):
            continue
        # name_before looks back NAME_WINDOW characters at most: so does the line search
        window = max(0, match.end() - NAME_WINDOW)
        line_start = text.rfind("\n", window, match.start()) + 1
        span = name_before(text, Span(line_start, match.end()), match.end())
        if span is None:
            continue
        name = text[span.start : span.end]
        if len(name.split()) < 3 or (own and name.endswith(own)) or taken.overlaps(span):
            continue
        cited.append((name, span))
        taken.add(span)
    return cited
