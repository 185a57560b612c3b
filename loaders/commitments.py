"""Commitments: every stated intention ("The Participants intend to …") and every item of
a list introduced by a modal lead-in ("Focus areas … are intended to include:"); with
their modality, actions, actors, the organizations and partnerships they go through,
their technology areas, and the organization–technology links of each sentence or bullet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from accordgraph.loaders.entities import Found
from accordgraph.loaders.lemma import lemma
from accordgraph.loaders.model import Commitment, Link, Mention, Part, Partnership, Span
from accordgraph.loaders.segment import sentence_spans
from accordgraph.ontology.reference import Reference

_ADVERB = r"(?:also|further|jointly|together|closely|continue to|\w+ly)"
_PASSIVE = re.compile(r"^(?:is|are) ")
_NEGATION = re.compile(r"^\s*(?:Nothing|No)\b|\bnot\b", re.I)
_GERUND = re.compile(r"^(?P<verb>[A-Za-z]+ing)\b(?: and (?P<verb2>[a-z]+ing)\b)?")


@dataclass
class Unit:
    """A sentence of a paragraph, or a whole bullet: the scope of a commitment or link."""

    span: Span
    part: Part
    bullet: bool


@dataclass
class Trigger:
    modality: str
    span: Span
    verbs: list[str]
    passive: bool


class CommitmentFinder:
    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        phrases = sorted(ref.modality_triggers, key=len, reverse=True)
        self.trigger = re.compile(
            r"(?<![\w])(?P<trigger>" + "|".join(re.escape(p) for p in phrases) + r")"
            rf"(?P<adverbs>(?: {_ADVERB})*) (?:be )?(?P<verb>[a-z]+)"
            rf"(?P<more>(?:,? and (?:to )?(?:{_ADVERB} )?[a-z]+)*)",
            re.I,
        )

    def triggers(self, text: str, span: Span, found: Found) -> list[Trigger]:
        """Modal expressions in a unit whose subject is an actor (or that are passive)."""
        result: list[Trigger] = []
        clause_start = span.start
        for match in self.trigger.finditer(text, span.start, span.end):
            phrase = match.group("trigger").casefold()
            passive = bool(_PASSIVE.match(phrase))
            subject = text[clause_start : match.start()]
            clause_start = match.end()
            if _NEGATION.search(subject):
                continue
            if not passive and not self._has_actor(subject, Span(span.start, match.start()), found):
                continue
            verbs = [match.group("verb")]
            verbs += re.findall(r"([a-z]+)$|and (?:to )?(?:\w+ly )?([a-z]+)", match.group("more"))
            lemmas: list[str] = []
            for verb in verbs:
                word = verb if isinstance(verb, str) else next((v for v in verb if v), "")
                if word and word not in {"to", "be"}:
                    lemmas.append(lemma(word, self.ref.actions))
            result.append(
                Trigger(
                    self.ref.modality_triggers[phrase],
                    Span(match.start("trigger"), match.end("trigger")),
                    list(dict.fromkeys(lemmas)),
                    passive,
                )
            )
        return result

    @staticmethod
    def _has_actor(subject: str, span: Span, found: Found) -> bool:
        if re.search(r"\bParticipants?\b", subject):
            return True
        return any(
            span.contains(m.span) and found.entities[m.entity].kind == "organization"
            for m in found.mentions
        )


def units(text: str, parts: list[Part]) -> Iterator[Unit]:
    """Sentences of paragraphs and preamble clauses, and whole bullets, in reading order."""
    for part in parts:
        if part.kind in ("paragraph", "preamble"):
            for sentence in sentence_spans(text[part.span.start : part.span.end], part.span.start):
                yield Unit(sentence, part, bullet=False)
        elif part.kind == "bullet":
            children_start = min(
                (p.span.start for p in parts if p.parent == part.index), default=part.span.end
            )
            end = min(part.span.end, children_start)
            own = text[part.span.start : end].rstrip()
            yield Unit(Span(part.span.start, part.span.start + len(own)), part, bullet=True)


def find_commitments(
    text: str,
    parts: list[Part],
    found: Found,
    participants: list[str],
    ref: Reference,
) -> tuple[list[Commitment], list[Partnership], list[Link]]:
    finder = CommitmentFinder(ref)
    commitments: list[Commitment] = []
    partnerships: list[Partnership] = []
    links: list[Link] = []
    lead_in: tuple[Trigger, int | None] | None = None  # (trigger, container part)
    for unit in units(text, parts):
        part = unit.part
        quote = text[unit.span.start : unit.span.end]
        in_mentions = [m for m in found.mentions if unit.span.contains(m.span)]
        orgs = _unique(m.entity for m in in_mentions if _kind(found, m) == "organization")
        commitment: Commitment | None = None
        if unit.bullet and lead_in is not None and _under(parts, part, lead_in[1]):
            commitment = Commitment(
                len(commitments),
                "focus",
                unit.span,
                part.index,
                lead_in[0].modality,
                lead_in[0].span,
                actions=_gerunds(quote, ref),
            )
        elif not unit.bullet:
            lead_in = None
            triggers = (
                []
                if part.final_provisions or part.kind == "preamble"
                else (finder.triggers(text, unit.span, found))
            )
            if triggers and quote.rstrip().endswith(":") and triggers[0].verbs[:1] == ["include"]:
                lead_in = (triggers[0], part.parent)
            elif triggers:
                commitment = Commitment(
                    len(commitments),
                    "statement",
                    unit.span,
                    part.index,
                    triggers[0].modality,
                    triggers[0].span,
                    actions=_unique(v for t in triggers for v in t.verbs),
                )
                commitment.actors = _actors(text, unit.span, triggers[0], found, participants)
        if commitment is not None:
            if not commitment.actors:
                commitment.actors = list(participants)
            commitment.through = [o for o in orgs if o not in commitment.actors]
            for members, span in _partnerships(text, unit.span, in_mentions, found):
                commitment.partnerships.append(len(partnerships))
                partnerships.append(Partnership(members, span))
            commitment.concerns = _unique(
                m.entity for m in in_mentions if _kind(found, m) in ("facility", "program")
            )
            commitments.append(commitment)
        techs = [(m.entity, m.span) for m in in_mentions if _kind(found, m) == "technology"]
        inherited = not techs
        if inherited:
            techs = _heading_technologies(text, parts, part, found)
        if commitment is not None:
            commitment.technologies = _unique(t for t, _ in techs)
        for org in orgs:
            for tech, evidence in _unique_pairs(techs):
                links.append(
                    Link(
                        org,
                        tech,
                        unit.span,
                        evidence,
                        inherited,
                        commitment.index if commitment else None,
                    )
                )
    return commitments, partnerships, links


def _kind(found: Found, mention: Mention) -> str:
    return found.entities[mention.entity].kind


def _unique(items: Iterator[str] | list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _unique_pairs(pairs: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    seen: dict[str, Span] = {}
    for tech, span in pairs:
        seen.setdefault(tech, span)
    return list(seen.items())


def _under(parts: list[Part], part: Part, container: int | None) -> bool:
    """Whether ``part`` is (a descendant of) a direct child of ``container``."""
    parent = part.parent
    while parent is not None and parts[parent].kind == "bullet":
        parent = parts[parent].parent
    return parent == container


def _gerunds(quote: str, ref: Reference) -> list[str]:
    match = _GERUND.match(quote)
    if not match:
        return []
    return _unique(lemma(v, ref.actions) for v in match.groups() if v)


def _actors(
    text: str, span: Span, trigger: Trigger, found: Found, participants: list[str]
) -> list[str]:
    """Who states the intention: the participants, or the organizations in the subject."""
    subject = text[span.start : trigger.span.start]
    if trigger.passive or re.search(r"\bParticipants?\b", subject):
        return list(participants)
    named = [
        m.entity
        for m in found.mentions
        if span.start <= m.span.start
        and m.span.end <= trigger.span.start
        and found.entities[m.entity].kind == "organization"
    ]
    return _unique(named) or list(participants)


_BETWEEN = re.compile(r"\bpartnership between\b", re.I)
_SEPARATOR = re.compile(r"^(?:,? (?:and )?|, )(?:the )?$")


def _partnerships(
    text: str, span: Span, mentions: list[Mention], found: Found
) -> list[tuple[list[str], Span]]:
    """ "a partnership between X and Y" and "an X-Y partnership" with X, Y organizations."""
    orgs = [m for m in mentions if found.entities[m.entity].kind == "organization"]
    result: list[tuple[list[str], Span]] = []
    for match in _BETWEEN.finditer(text, span.start, span.end):
        members: list[Mention] = []
        cursor = match.end()
        for mention in orgs:
            if mention.span.start < cursor:
                continue
            gap = text[cursor : mention.span.start]
            if (not members and gap.strip() in ("", "the")) or (members and _SEPARATOR.match(gap)):
                members.append(mention)
                cursor = mention.span.end
            else:
                break
        keys = _unique(m.entity for m in members)
        if len(keys) >= 2:
            result.append((keys, Span(match.start(), members[-1].span.end)))
    for first, second in pairwise(orgs):
        gap = text[first.span.end : second.span.start]
        tail = text[second.span.end : second.span.end + 12]
        if gap in ("-", "–") and tail.startswith(" partnership") and first.entity != second.entity:
            result.append(
                (
                    [first.entity, second.entity],
                    Span(first.span.start, second.span.end + len(" partnership")),
                )
            )
    return result


def _heading_technologies(
    text: str, parts: list[Part], part: Part, found: Found
) -> list[tuple[str, Span]]:
    """Technology areas named in the nearest enclosing heading that names any."""
    index = part.parent if part.kind not in ("subarea", "area") else part.index
    while index is not None:
        ancestor = parts[index]
        if ancestor.heading:
            line_end = text.find("\n", ancestor.span.start, ancestor.span.end)
            heading = Span(ancestor.span.start, ancestor.span.end if line_end < 0 else line_end)
            techs = [
                (m.entity, m.span)
                for m in found.mentions
                if heading.contains(m.span) and found.entities[m.entity].kind == "technology"
            ]
            if techs:
                return techs
        index = ancestor.parent
    return []
