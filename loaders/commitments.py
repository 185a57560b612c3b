"""Commitments: every stated intention ("The Participants intend to …") and every item of
a list introduced by a modal lead-in ("Focus areas … are intended to include:"); with
their modality, actions, actors, the organizations and partnerships they go through,
their technology areas, and the organization–technology links of each sentence or bullet.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice, pairwise, product

from accordgraph.loaders.entities import Found, starts_with
from accordgraph.loaders.kind import DocumentKind
from accordgraph.loaders.lemma import lemma
from accordgraph.loaders.model import Commitment, Entity, Link, Mention, Part, Partnership, Span
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
    directed: Span | None = None  # whom a document directs to act ("directs the … to")


class _Mentions:
    """The mentions in order, to list those inside a span without scanning all of them
    (per sentence, that scan made long documents quadratic)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.span.start, m.span.end))
        self.starts = [m.span.start for m in self.mentions]

    def within(self, span: Span) -> list[Mention]:
        first = bisect_left(self.starts, span.start)
        last = bisect_right(self.starts, span.end)
        return [m for m in self.mentions[first:last] if m.span.end <= span.end]


@lru_cache(maxsize=4)
def _trigger_pattern(ref: Reference) -> re.Pattern[str]:
    """The modal phrases of the reference data, compiled once per reference (a
    document's extraction took 0.3 ms to compile it again)."""
    phrases = sorted(
        (p for p, m in ref.modality_triggers.items() if m != DIRECT),
        key=len,
        reverse=True,
    )
    return re.compile(
        # a lookahead for the phrases' first letters rejects most positions at once
        rf"(?={starts_with([*phrases, *(p.upper() for p in phrases)])})"
        r"\b(?P<trigger>" + "|".join(re.escape(p) for p in phrases) + r")"
        rf"(?:(?P<adverbs>(?: {_ADVERB})*) (?:be )?(?P<verb>[a-z]+)"
        rf"(?P<more>(?:,? and (?:to )?(?:{_ADVERB} )?[a-z]+)*)"
        # "shall, in coordination with …, advance": the verb is beyond this clause; "The
        # leaders committed to:", "The order will:": the verbs are the bullets'
        r"|(?=, |:))",
        re.I,
    )


DIRECT = "Direct"  # the modality whose actors are those the trigger's object names


@lru_cache(maxsize=4)
def _direct_pattern(ref: Reference) -> re.Pattern[str]:
    """ "directs the Attorney General to prioritize …", "tasked the working groups to":
    the phrases of ag:Direct, whom (``directed``), "to" and the verb."""
    phrases = sorted((p for p, m in ref.modality_triggers.items() if m == DIRECT), key=len)
    return re.compile(
        rf"(?={starts_with(phrases)})\b(?P<trigger>{'|'.join(map(re.escape, reversed(phrases)))})"
        # (whom: not a phrase "with …", nor one with a clause of its own, "the … Program,
        # a center that integrates …"; then a verb, not "to the …")
        r" (?!(?:with|by|in|on|at|for|from|as|that|to)\b)"
        r"(?P<directed>(?:(?!\b(?:that|which|who|whose)\b)[^.;:!?\n]){1,200}?)"
        r" to (?:\w+ly )?(?!(?:the|a|an|this|that|these|its|their|our|his|her|all|any|each)\b)"
        r"(?P<verb>[a-z]+)\b"
    )


# Who can be directed, when no organization is named: "directs appropriate agencies",
# "the heads of executive departments", "the Federal government"
_DIRECTED = re.compile(
    r"\b(?:agencies|departments|heads|Secretar(?:y|ies)|Administrators?|Directors?|officials|"
    r"[Gg]overnment|[Mm]inisters|Attorney General)\b"
)


class CommitmentFinder:
    def __init__(
        self,
        ref: Reference,
        collective: bool = False,
        issuer: str | None = None,
        directs: bool = True,
    ) -> None:
        self.ref = ref
        # the government that issues the document, whose officials it directs
        self.issuer = issuer
        # whether the document gives tasks (not remarks: "have you directed any officials
        # to …?" is a question)
        self.directs = directs
        # Whether "we", "the leaders", "our two countries" speak for the participants
        # (in agreements and joint statements; in remarks "we" is the speaker's side).
        self.collective = collective
        self.trigger = _trigger_pattern(ref)
        self.direct = _direct_pattern(ref)

    def for_participants(self, subject: str) -> bool:
        """Whether a subject is the participants ("The Participants", "We", …)."""
        return bool(
            _PARTICIPANT.search(subject) or (self.collective and _COLLECTIVE.search(subject))
        )

    def triggers(
        self, text: str, span: Span, found: Found, mentions: list[Mention]
    ) -> list[Trigger]:
        """Modal expressions in a unit whose subject is an actor (or that are passive);
        ``mentions`` are those in the unit."""
        result: list[Trigger] = []
        clause_start = span.start
        # An organization is in the subject of a trigger if it ends before the trigger.
        first_org_end = min(
            (m.span.end for m in mentions if _kind(found, m) == "organization"), default=None
        )
        for match in self.trigger.finditer(text, span.start, span.end):
            phrase = match.group("trigger").casefold()
            passive = bool(_PASSIVE.match(phrase))
            subject = text[clause_start : match.start()]
            clause_start = match.end()
            if _NEGATION.search(subject):
                continue
            org_before = first_org_end is not None and first_org_end <= match.start()
            if not passive and not (org_before or self.for_participants(subject)):
                continue
            modality = self.ref.modality_triggers[phrase]
            if modality in _ACTIONS_THEMSELVES:  # "launched a …": the trigger is the action
                verbs = [phrase.rsplit(" ", 1)[-1]]
            else:
                verbs = [match.group("verb")] if match.group("verb") else []
                verbs += re.findall(
                    r"([a-z]+)$|and (?:to )?(?:\w+ly )?([a-z]+)", match.group("more") or ""
                )
            lemmas: list[str] = []
            for verb in verbs:
                word = verb if isinstance(verb, str) else next((v for v in verb if v), "")
                if word and word not in {"to", "be"}:
                    lemmas.append(lemma(word, self.ref.actions))
            result.append(
                Trigger(
                    modality,
                    Span(match.start("trigger"), match.end("trigger")),
                    list(dict.fromkeys(lemmas)),
                    passive,
                )
            )
        if self.directs:
            result += self._directions(text, span, found, mentions)
        return sorted(result, key=lambda t: t.span.start)

    def _directions(
        self, text: str, span: Span, found: Found, mentions: list[Mention]
    ) -> list[Trigger]:
        """ "The Order directs the Attorney General to prioritize …": a task, whatever
        the subject, for those directed (organizations, or bodies named generically)."""
        result = []
        for match in self.direct.finditer(text, span.start, span.end):
            directed = Span(match.start("directed"), match.end("directed"))
            subject = text[span.start : match.start()]
            if _NEGATION.search(subject):
                continue
            named = any(
                directed.contains(m.span) and _kind(found, m) == "organization" for m in mentions
            )
            if not named and not _DIRECTED.search(match.group("directed")):
                continue
            if not named and not (self.issuer or self.for_participants(subject)):
                continue  # "directs Federal agencies …" of a government the text never names
            verb = lemma(match.group("verb"), self.ref.actions)
            trigger_span = Span(match.start("trigger"), match.end("trigger"))
            result.append(Trigger(DIRECT, trigger_span, [verb], False, directed))
        return result


_PARTICIPANT = re.compile(r"\bParticipants?\b")
_COLLECTIVE = re.compile(
    r"\b(?:[Ww]e|[Oo]ur (?:two |three |four )?(?:countries|nations|governments)|"
    r"[Tt]he (?:two |three |four )?(?:[Ll]eaders|[Ss]ides|[Pp]arties|[Gg]overnments)|"
    r"[Bb]oth (?:countries|sides|governments|[Ll]eaders))\b"
)
_NESTED_MARKER = re.compile(r"\n[ \t]*(?:[•*+–-]|\d{1,3}[.)]|\(?[a-z]\))$")
_ACTIONS_THEMSELVES = {"Announce"}  # modalities whose trigger word is the action


def units(text: str, parts: list[Part]) -> Iterator[Unit]:
    """Sentences of paragraphs and preamble clauses, and whole bullets, in reading order."""
    first_child: dict[int, int] = {}  # part index → start of its first child
    for part in parts:
        if part.parent is not None:
            known = first_child.get(part.parent, part.span.start)
            first_child[part.parent] = min(known, part.span.start)
    for part in parts:
        if part.kind in ("paragraph", "preamble"):
            for sentence in sentence_spans(text[part.span.start : part.span.end], part.span.start):
                yield Unit(sentence, part, bullet=False)
        elif part.kind == "bullet":
            end = min(part.span.end, first_child.get(part.index, part.span.end))
            # up to its first nested bullet, without that bullet's marker ("…;\n\n•")
            own = _NESTED_MARKER.sub("", text[part.span.start : end].rstrip()).rstrip()
            yield Unit(Span(part.span.start, part.span.start + len(own)), part, bullet=True)


# Bodies made of their members: an area in the name is the members' work.
_GROUPINGS = frozenset({"MultilateralGrouping", "InternationalOrganization"})
MAX_LINKS = 50_000  # organization–technology links of a document (real ones have dozens)


def find_commitments(
    text: str,
    parts: list[Part],
    found: Found,
    participants: list[str],
    ref: Reference,
    warnings: list[str] | None = None,
    kind: DocumentKind = "agreement",
    issuer: str | None = None,
) -> tuple[list[Commitment], list[Partnership], list[Link]]:
    """The commitments, partnerships and links of a document of this ``kind``, issued by
    the government ``issuer`` (an entity key) if known; what is left out (links beyond
    :data:`MAX_LINKS`) is said in ``warnings``."""
    collective = kind in ("agreement", "joint statement")
    finder = CommitmentFinder(ref, collective, issuer, directs=kind not in ("remarks", "other"))
    commitments: list[Commitment] = []
    partnerships: list[Partnership] = []
    links: list[Link] = []
    # the open lead-in: its trigger, the part that contains it, its actors
    lead_in: tuple[Trigger, int | None, list[str]] | None = None
    mentions = _Mentions(found.mentions)
    in_names = _Mentions(found.in_names)
    capped = False  # whether links were left out
    heading_technologies: dict[int, list[tuple[str, Span]]] = {}  # part index → its own
    for unit in units(text, parts):
        part = unit.part
        quote = text[unit.span.start : unit.span.end]
        in_mentions = mentions.within(unit.span)
        orgs = _unique(
            m.entity
            for m in in_mentions
            if _kind(found, m) == "organization" and not _a_time_or_place(text, unit.span, m, found)
        )
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
            commitment.actors = list(lead_in[2])
        else:
            if not unit.bullet:
                lead_in = None
            triggers = (
                []
                if part.final_provisions or part.kind == "preamble"
                else (finder.triggers(text, unit.span, found, in_mentions))
            )
            subjects = (
                _actors(text, unit.span, triggers[0], found, in_mentions, participants, finder)
                if triggers
                else []
            )
            if triggers and quote.rstrip().endswith(":"):
                # "The leaders committed to:" — each bullet under it is their commitment
                lead_in = (triggers[0], part.parent, subjects)
            if triggers and triggers[0].verbs[:1] != ["include"]:
                commitment = Commitment(
                    len(commitments),
                    "statement",
                    unit.span,
                    part.index,
                    triggers[0].modality,
                    triggers[0].span,
                    actions=_unique(v for t in triggers for v in t.verbs),
                )
                commitment.actors = list(subjects)
        if commitment is not None:
            if not commitment.actors:
                commitment.actors = list(participants)
            actors = set(commitment.actors)
            commitment.through = [o for o in orgs if o not in actors]
            for members, span in _partnerships(text, unit.span, in_mentions, found):
                commitment.partnerships.append(len(partnerships))
                partnerships.append(Partnership(members, span))
            commitment.concerns = _unique(
                m.entity for m in in_mentions if _kind(found, m) in ("facility", "program")
            )
            commitments.append(commitment)
        techs = [(m.entity, m.span) for m in in_mentions if _kind(found, m) == "technology"]
        if commitment is not None:
            # a commitment naming no area is of its heading's (the MOC's "The Participants
            # also intend to support …" under "Quantum"); a heading links no organization
            # under it, though
            areas = techs or _heading_technologies(
                text, parts, part, found, mentions, heading_technologies
            )
            commitment.technologies = _unique(t for t, _ in areas)
        # Each organization of a unit with each technology area, and with each area named
        # in the name of a grouping beside it ("the members of the Counter Ransomware
        # Initiative — Australia, …": what its members work on). A hostile unit naming
        # thousands of both would make millions of links, hence the cap.
        inside = in_names.within(unit.span)
        starts = [m.span.start for m in in_mentions] if inside else []
        named = [
            (n, owner)
            for n in inside
            if (owner := _owner(in_mentions, starts, n.span))
            and found.entities[owner].org_class in _GROUPINGS
        ]
        tech_evidence = _unique_pairs(techs)
        count = len(orgs) * (len(tech_evidence) + len(named))
        pairs = chain(
            product(orgs, tech_evidence),
            ((o, (n.entity, n.span)) for n, owner in named for o in orgs if o != owner),
        )
        room = MAX_LINKS - len(links)
        if count > room and not capped:
            capped = True
            if warnings is not None:
                warnings.append(f"only the first {MAX_LINKS:,} organization–technology links kept")
        for org, (tech, evidence) in islice(pairs, room):
            if tech not in found.entities:  # named only inside a name
                label = ref.technologies[tech].pref_label
                found.entities[tech] = Entity("technology", tech, label)
            index = commitment.index if commitment else None
            links.append(Link(org, tech, unit.span, evidence, index))
    return commitments, partnerships, links


# "Since the start of the Biden-Harris Administration, companies have announced …": a
# government named for a time, not as one who acts
_SINCE = re.compile(
    r"\b(?:[Ss]ince|[Dd]uring) (?:the (?:start|beginning|first days?) of )?(?:the )?$"
)
# "a workshop … held at the University of California", "traveled to the Johnson Space
# Center", "the launch … from the Satish Dhawan Space Center": where it happens
_VENUE = re.compile(
    r"\b(?:(?:held|took place|hosted|convened|met|meeting|said|spoke|speaking|located)"
    r" (?:at|in)|(?:traveled|travelled|trip|visit|visited|a visit) to|launch(?:ed)? from|"
    r"(?:launch|lift-?off)[^.;]{0,60} from) (?:the )?$"
)


def _a_time_or_place(text: str, unit: Span, mention: Mention, found: Found) -> bool:
    """Whether ``mention`` names a government only for the time it is in office, or an
    organization only as the place where something happens: no actor of the sentence."""
    start = mention.span.start
    if _VENUE.search(text, max(unit.start, start - 80), start):
        return True
    if found.entities[mention.entity].org_class != "Government":
        return False
    return _SINCE.search(text, max(unit.start, start - 40), start) is not None


def _owner(mentions: list[Mention], starts: list[int], span: Span) -> str | None:
    """The entity whose mention (of ``mentions``, sorted by start, which are ``starts``)
    contains ``span``: by bisection, since a hostile unit may hold thousands of both."""
    index = bisect_right(starts, span.start) - 1
    for mention in mentions[max(0, index - 2) : index + 1]:  # nested names: a few back
        if mention.span.contains(span):
            return mention.entity
    return None


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
    text: str,
    span: Span,
    trigger: Trigger,
    found: Found,
    mentions: list[Mention],
    participants: list[str],
    finder: CommitmentFinder,
) -> list[str]:
    """Who states the intention: the participants, or the organizations in the subject
    (``mentions`` are those in the unit ``span``)."""
    subject = text[span.start : trigger.span.start]
    if trigger.directed is not None:  # "directs the Attorney General to …"
        directed = [
            m.entity
            for m in mentions
            if trigger.directed.contains(m.span) and _kind(found, m) == "organization"
        ]
        if directed:
            return _unique(directed)
        # "The two leaders instructed their ministers …": the participants' officials;
        # "The Order directs appropriate agencies …": the issuer's
        if finder.issuer and not finder.for_participants(subject):
            return [finder.issuer]
        return list(participants)
    if trigger.passive or finder.for_participants(subject):
        return list(participants)
    named = [
        m.entity
        for m in mentions
        if span.start <= m.span.start
        and m.span.end <= trigger.span.start
        and found.entities[m.entity].kind == "organization"
    ]
    return _unique(named) or list(participants)


_BETWEEN = re.compile(r"\bpartnership between\b", re.I)
_SEPARATOR = re.compile(r"^(?:,? (?:and )?|, )(?:the )?$")
_MEMBER_GAP = 64  # characters between members: longer gaps separate nothing


def _partnerships(
    text: str, span: Span, mentions: list[Mention], found: Found
) -> list[tuple[list[str], Span]]:
    """ "a partnership between X and Y" and "an X-Y partnership" with X, Y organizations
    (``mentions`` in text order)."""
    orgs = [m for m in mentions if found.entities[m.entity].kind == "organization"]
    org_starts = [m.span.start for m in orgs]
    result: list[tuple[list[str], Span]] = []
    for match in _BETWEEN.finditer(text, span.start, span.end):
        members: list[Mention] = []
        cursor = match.end()
        # From the first organization after the match: scanning from the unit's first
        # one, and slicing long gaps, is quadratic in a long bullet.
        for mention in orgs[bisect_left(org_starts, cursor) :]:
            if mention.span.start < cursor:
                continue
            if mention.span.start - cursor > _MEMBER_GAP:
                break
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
    text: str,
    parts: list[Part],
    part: Part,
    found: Found,
    mentions: _Mentions,
    cache: dict[int, list[tuple[str, Span]]],
) -> list[tuple[str, Span]]:
    """Technology areas named in the nearest enclosing heading that names any; ``cache``
    keeps those of each heading, asked about once per sentence under it."""
    index = part.parent if part.kind not in ("subarea", "area") else part.index
    while index is not None:
        ancestor = parts[index]
        if ancestor.heading:
            if index not in cache:
                line_end = text.find("\n", ancestor.span.start, ancestor.span.end)
                end = ancestor.span.end if line_end < 0 else line_end
                cache[index] = [
                    (m.entity, m.span)
                    for m in mentions.within(Span(ancestor.span.start, end))
                    if found.entities[m.entity].kind == "technology"
                ]
            if cache[index]:
                return cache[index]
        index = ancestor.parent
    return []
