"""Find what a document names: organizations, people, facilities, programs, technology
areas. Gazetteers come from the reference data; patterns find organizations that the
reference data does not list (acronym definitions, "the U.S. …", "Japan's …", "the UK …").

>>> text = "The U.S. Department of Energy (DOE) and Japan's RIKEN work on AI. DOE will lead."
>>> found = find_entities(text, [Span(0, len(text))])
>>> for m in found.mentions:
...     print(repr(text[m.span.start:m.span.end]), "->", found.entities[m.entity].label)
'U.S. Department of Energy' -> Department of Energy
'DOE' -> Department of Energy
'RIKEN' -> RIKEN
'AI' -> Artificial Intelligence
'DOE' -> Department of Energy
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice, pairwise
from typing import Any

from accordgraph.loaders.model import Covered, Entity, EntityKind, Mention, Span
from accordgraph.ontology.ids import slug
from accordgraph.ontology.reference import Reference, load_reference

ORG_HEADS = (
    "Agency|Administration|Commission|Committee|Department|Ministry|Office|Institute|Institutes|"
    "Foundation|Society|Council|Center|Centre|Authority|Bureau|Laboratory|Laboratories|Lab|Labs|Service|"
    "Board|Organization|Organisation|Corporation|Secretariat|Directorate|Agencies|Union|Group|"
    "Forum|Coalition|Consortium|Association|University|College|Hospital|Bank|Fund|Company|"
    "Industries|Inc|Ltd|Limited|LLC|PLC|Navy|Army|Command|Corps|Guard|Task Force|Taskforce|"
    "Force|Forces|Assembly|Parliament|Institution|Endowment|Philanthropies|Chamber"
)
_HEAD = re.compile(rf"\b({ORG_HEADS})\b")  # a head noun within a name
# Heads of bodies that belong to no one country: groupings of their members.
_GROUPING_HEADS = frozenset({"group", "forum", "coalition", "union"})
# The ontology class of an organization minted from its head noun (default: agency).
HEAD_CLASSES = {
    **dict.fromkeys(["institute", "institutes", "institution", "laboratory", "laboratories",
                     "lab", "labs"], "ResearchInstitute"),
    **dict.fromkeys(["university", "college"], "University"),
    **dict.fromkeys(
        ["corporation", "company", "industries", "inc", "ltd", "limited", "llc", "plc"], "Company"
    ),
    **dict.fromkeys(["association", "consortium", "chamber"], "IndustryAssociation"),
}  # fmt: skip
# Heads of bodies of no class of the ontology's: a foundation is an organization, no agency
_PLAIN_HEADS = frozenset({"foundation", "endowment", "philanthropies", "society"})


def _head_class(head: str) -> str | None:
    """The ontology class of a body named with the head noun ``head`` (an agency unless
    the head says otherwise; ``None`` for an organization of no class)."""
    head = head.casefold()
    return None if head in _PLAIN_HEADS else HEAD_CLASSES.get(head, "GovernmentAgency")


# What may follow a name without being part of it: "Department of Space-led", "NASA's".
_NAME_SUFFIX = re.compile(r"(?:[-–](?:led|based|funded|supported|owned|run|hosted)|['’]s)$")
PROGRAM_HEADS = (
    "Program|Programme|Programs|Programmes|Challenge|Resource|Initiative|Mission|Missions|"
    "Taskforce|Task Force"
)
FACILITY_HEADS = "Station|Observatory|Telescope|Facility|Reactor|Collider|Synchrotron"
PERSON_TITLES = (
    "Prime Minister|Vice President|President|Secretary of State|Secretary|Minister|Ambassador|"
    "Chancellor|Premier|Director|Administrator|Commissioner|Chairman|Chairwoman|Governor|"
    "Senator|King|Queen|Emperor"
)
# Verbs whose subject is a party: a country before one of them acts as its government.
PARTY_VERBS = (
    "also|jointly|together|further|each|both|will|shall|intends?|intended|plans?|planned|"
    "commits?|committed|aims?|seeks?|sought|agreed?|agrees|resolved?|resolves|launch(?:ed|es)?|"
    "announc(?:ed|es)|welcome[sd]?|are|is|have|has|reaffirm(?:ed|s)?|affirm(?:ed|s)?|"
    "support(?:ed|s)?|share[sd]?|continue[sd]?|recogni[sz]e[sd]?|signed|establish(?:ed|es)|"
    "decided|endorse[sd]?|look|looks|remain(?:ed|s)?|stand|stands|expects?|expected|"
    "underscore[sd]?|emphasi[sz]e[sd]?|highlight(?:ed|s)?|noted|expressed|pledge[sd]?|"
    "confirm(?:ed|s)?|conclude[sd]?|discussed|held|hosted|co-hosted|signed|formed|joined|"
    "completed|provided|provides|announced|unveiled|built|building|working|"
    "collaborat(?:e|es|ed|ing)|cooperat(?:e|es|ed|ing)|partner(?:ed|s)?"
)
_PARTY_VERB = re.compile(PARTY_VERBS)
# How a country's adjective ends ("Russian", "Japanese", "British", "Saudi", "Dutch")
_DEMONYM = re.compile(r"(?:an|ese|ish|i|ic|ch|ean)$")
# A capitalized word just before a match, not at a sentence start: the match began
# inside a longer name.
# (not a possessor: "of Arizona’s Micro/Nano Fabrication Center" starts a name)
_MID_NAME = re.compile(r"(?<=[a-z,;:)] )(?!(?:The|A|An) $)[A-Z][\w.’'-]*(?<!['’]s) $")
# A person's name after a title: " Katherine Tai", " Ambassador Katherine Tai"
_PERSON_NAME_AFTER = re.compile(r" (?:Ambassador )?[A-Z][a-z]+(?: [A-Z]\.)? [A-Z][a-z]+(?![\w-])")
_PERSON_TITLE_AT_END = re.compile(
    r"\b(?:Advisor|Adviser|Secretary|Minister|Director|President|Ambassador|Administrator|"
    r"Officer|Chair|Chairman|Chairwoman|Envoy|Representative|Coordinator|General)$"
)
_MACHINERY = re.compile(r"\b(?:Working|Steering|Contact|Expert|Experts|Sub) Group$")
# Words after a country that make it a place or a possessor, not a subject.
_FUNCTION_WORDS = (
    "of|in|on|at|for|to|from|with|by|and|or|nor|but|the|a|an|as|than|into|over|under|"
    "about|between|through|during|across|against|among|via|per|whose|which|that|who|"
    "it|its|their|our|his|her|this|these|those|region|market|markets|economy|people|"
    "citizens|companies|firms|officials|government|governments|side|sides"
)
# Another member of a list of countries ("…, the European Union, INTERPOL, Ireland")
_LIST_ITEM = r"[A-Z][\w.’'-]{0,40}(?: [A-Z][\w.’'-]{0,40}){0,5}"
_LIST_SEPARATOR = re.compile(r", and |, | and ")
# Whose representatives act for the countries that follow: "the Principals of Australia,
# India, Japan and the United States", "the Governments of the French Republic, …".
_LEADS = (
    "Heads of State and Government",
    "Heads of Government",
    "Heads of State",
    "Leaders",
    "Presidents",
    "Prime Ministers",
    "Members",
    "Governments",
    "Principals",
    "Ministers",
    "Representatives",
    "Delegations",
)
# How a government's own text names it: "my Administration", "this administration", "the
# Federal Government", "the Biden-Harris Administration", "the Administration" (not "the
# Administration for Children and Families")
_OWN_GOVERNMENT = re.compile(
    r"\b(?=[MmTtOoFfA-Z])(?:[Tt]he )?(?P<name>(?:[Mm]y|[Tt]his|[Oo]ur) (?:[Aa]dministration|"
    r"[Gg]overnment)|[Ff]ederal [Gg]overnment|[A-Z][a-z]+-[A-Z][a-z]+ Administration|"
    r"(?<=[Tt]he )Administration(?! (?:for|on|of) [A-Z]))\b"
)
_SELF_WORDS = re.compile(r"dministration|overnment")  # cheap test before the pattern
_PRESIDENT = re.compile(r"\bPresident((?: [A-Z][\w.]{0,30}){1,4})")
_LEADERS_ADMINISTRATION = re.compile(r"(?<![\w-])([A-Z][a-z]{1,30}) Administration\b")
# Words of a country's name that take "the": "the United States", "the Philippines"
_STATE_WORDS = frozenset(
    {"United", "Republic", "Kingdom", "Federation", "Federal", "Democratic", "Islamic"}
    | {"Union", "Emirates", "States", "Islands", "Netherlands", "Philippines", "Bahamas"}
    | {"Maldives", "Seychelles", "Comoros", "Gambia"}
)
# What a party's name may carry: its acronym, within a list only ("the United Arab
# Emirates (UAE), the …"; after the last item a verb must follow, and "United Kingdom (UK)
# science agencies" is no subject), or the terms an agreement defines for it ("the United
# States of America (the “United States” or “U.S.”) and Japan (together, the
# “Participants”) intend …")
_TERM = r"(?:the )?[“\"][^”\"\n()]{1,40}[”\"]"
_ACRONYM_AFTER = (
    rf"(?: \([A-Z]{{2,6}}\)(?=,| and )| \((?:together, |collectively, )?{_TERM}(?: or {_TERM})?\))?"
)
# A city before its country: "in Phnom Penh, Cambodia"
_CITY_BEFORE = re.compile(r"\b(?:in|at|from|to) (?:[A-Z][\w’'-]* ){0,2}[A-Z][\w’'-]*, $")
_CLAUSE_START = re.compile(r"(?:^|[.;:!?,(\n\u2022*-]|\b(?:and|that|where|while|[Aa]s|which))\s*$")
# A day or a date after a name is no part of it: "the SK Group on Tuesday", "the Council
# on May 5" (a month only before a number: "the Committee on March Madness" goes on)
_DATE_WORD = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|(?:January|February|"
    r"March|April|May|June|July|August|September|October|November|December) \d"
)
# A region's word before a country's adjective: "North American" is no qualifier
_REGION_BEFORE = r"(?<!North )(?<!South )(?<!Latin )(?<!Central )"
# A capitalized word. Words are bounded ({0,60}: no name has a longer one) because the
# patterns start a match after every hyphen of a run like "A-A-A-…", and an unbounded
# word would then be rescanned from each of them (quadratic time).
_CAP = r"[A-Z][\w&'’–-]{0,60}(?:/[A-Z][\w&'’–-]{0,30})?"  # "HIV/AIDS", "Micro/Nano"
_NOT_NAME_WORDS = {
    "the",
    "participants",
    "participant",
    "this",
    "these",
    "those",
    "areas",
    "area",
    "focus",
    "government",
    "governments",
    "of",
    "and",
    "for",
}


@dataclass
class Found:
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    covered: Covered = field(default_factory=Covered, repr=False, compare=False)
    # what organizations and persons cover: a technology area may be named inside a
    # program's name ("Counter Ransomware Initiative"), not inside an organization's
    actors_covered: Covered = field(default_factory=Covered, repr=False, compare=False)
    # the names of programs that name their members ("a U.S.-UK Quantum Industry Exchange
    # Program"), set once all names are found
    joint_programs: Covered = field(default_factory=Covered, repr=False, compare=False)
    # the last words of each organization's name → its key, for the short forms a
    # document uses after the full name
    short_forms: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # mentions that name an actor only if it acts: a person's title ("Commerce" in "the
    # Secretary of Commerce") names the department when it acts through that person; a
    # country before any verb ("Russia uses energy as a weapon") its government when it
    # commits to something
    if_acting: set[Span] = field(default_factory=set, repr=False, compare=False)
    # technology areas named inside an organization's name ("Counter Ransomware
    # Initiative"): what the organizations named beside it work on, not a mention
    in_names: list[Mention] = field(default_factory=list, repr=False, compare=False)
    # where each organization's mention ends → its key: "(PCAST)" after a name found
    organization_ends: dict[int, str] = field(default_factory=dict, repr=False, compare=False)
    # names of new organizations found only by their context ("Intel will invest …") →
    # their keys, to be found again wherever the text writes them
    by_context: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # the first word of each organization's name (of more than one word) → its key:
    # "Redwood" after "Redwood Materials" is the short form, not another company
    first_words: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # each new organization's name, as :func:`same_name` writes it → its key: "DataVolt"
    # of no country after "Saudi Arabian DataVolt", "POSCO International" after "POSCO
    # International Corporation", "ASEAN Centre …" after "ASEAN Center …" are that one
    by_name: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # acronyms the document defines for a person's office: "National Security Advisor
    # (NSA)" makes "NSA Doval" no mention of the National Security Agency
    titles: set[str] = field(default_factory=set, repr=False, compare=False)
    _lower_case_words: set[str] | None = field(default=None, repr=False, compare=False)

    def add(self, entity: Entity, span: Span) -> None:
        new_name = same_name(entity.label) if entity.kind == "organization" else None
        if new_name is not None and not entity.reference:
            earlier = self.entities.get(self.by_name.get(new_name, ""))
            if earlier is not None and entity.country in (None, earlier.country):
                entity = earlier
        known = self.entities.setdefault(entity.key, entity)
        if entity.acronym and not known.acronym:
            known.acronym = entity.acronym
        self.mentions.append(Mention(entity.key, span))
        self.covered.add(span)
        if entity.kind in ("organization", "person"):
            self.actors_covered.add(span)
        if entity.kind == "organization":
            self.organization_ends[span.end] = entity.key
            if known is entity and not entity.reference and new_name is not None:
                self.by_name.setdefault(new_name, entity.key)
            if known is entity and " " in entity.label:
                self.first_words.setdefault(entity.label.split(" ", 1)[0], entity.key)
            if known is entity and entity.org_class != "Government":  # its first mention
                words = entity.label.split()
                for length in range(2, min(len(words), 7)):
                    self.short_forms.setdefault(" ".join(words[-length:]), entity.key)

    def free(self, span: Span) -> bool:
        return not self.covered.overlaps(span)

    def lower_case_words(self, text: str) -> set[str]:
        """The words ``text`` writes in lower case (read once): a capitalized word also
        written so is a common noun."""
        if self._lower_case_words is None:
            self._lower_case_words = set(re.findall(r"\b[a-z][a-z'’-]*", text))
        return self._lower_case_words


_LEGAL_FORM_AT_END = re.compile(
    r",? (?:Corporation|Corp\.?|Company|Co\.|Inc\.?|Incorporated|Ltd\.?|Limited|LLC|PLC)$"
)
_BRITISH = {"centre": "center", "organisation": "organization", "programme": "program"}
_BRITISH_WORD = re.compile(r"\b(?:centre|organisation|programme)\b")


def org_key(country: str | None, name: str) -> str:
    """The key of an organization the reference data does not list: its country (``xx``
    when unknown) and its name.

    >>> org_key("JP", "Ministry of Finance"), org_key(None, "Quad Fellowship")
    ('jp-ministry-of-finance', 'xx-quad-fellowship')

    The partners of a joint body are taken in one order, whichever the text names first:

    >>> org_key(None, "EU-U.S. Trade and Technology Council")
    'xx-eu-u-s-trade-and-technology-council'
    >>> org_key(None, "U.S.-EU Trade and Technology Council")
    'xx-eu-u-s-trade-and-technology-council'
    """
    if pair := _PARTNERS_FIRST.match(name):
        partners = re.split(r"[-–]", pair.group(1))
        ref = load_reference()
        # countries and bodies by acronym ("U.S.", "EU", "Japan"; not "U-M", Michigan's)
        if all((p.isupper() and len(p) > 1) or ref.country_for_alias(p) for p in partners):
            name = "-".join(sorted(partners)) + name[pair.end(1) :]
    return f"{(country or 'xx').lower()}-{slug(name)}"


_PARTNERS_FIRST = re.compile(r"([^\s–-]+(?:[–-][^\s–-]+)+) ")  # "U.S.-EU …", "Japan–U.S. …"


def same_name(label: str) -> str:
    """A name as compared within one document: without its legal form, in US spelling,
    case folded.

    >>> same_name("ASEAN Centre for Climate Change") == same_name("ASEAN Center for Climate Change")
    True
    >>> same_name("POSCO International Corporation")
    'posco international'
    """
    name = _LEGAL_FORM_AT_END.sub("", label).casefold()
    return _BRITISH_WORD.sub(lambda m: _BRITISH[m.group(0)], name)


class _Patterns:
    """Regular expressions built once from the reference data."""

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        aliases: set[str] = set()
        full_names: set[str] = set()
        for country in ref.countries.values():
            full_names.add(country.name_en)
            for alias in (country.name_en, *country.aliases):
                aliases.update({alias, alias + "'s", alias + "’s"})
        # adjectives of countries ("Russian", "Japanese", "South African"), not names
        # ("Japan", "Brunei", "Republic of Mali")
        self.demonyms = frozenset(
            alias
            for country in ref.countries.values()
            for alias in country.aliases
            if _DEMONYM.search(alias)
            and alias not in country.name_en
            and not re.search(r"\b(?:Republic|Kingdom|Sultanate|State|Islands)\b", alias)
        )
        # Hundreds of names: as a trie (a flat alternation is tried name by name at
        # every position).
        self.qualifier = trie_pattern(aliases)
        self.country_name = trie_pattern(full_names | aliases)
        # (not \b after a qualifier: "U.S." ends in a period, and "and U.S. naval" is
        # not "and U")
        # ("Into", "Upon": a title's words, as in "Article 12 Entry Into Force")
        capx = (
            rf"(?!{_REGION_BEFORE}(?:{self.qualifier})(?![\w])|(?:{ORG_HEADS}|{_ROLES}|Into|Upon|Onto)"
            rf"(?![\w])){_CAP}"
        )
        # after the head, a country is part of the name ("Armed Forces of the
        # Philippines"); the country first, so that "U.S." is read whole (the
        # qualifiers are not spelt out again: they are country names too, and the
        # pattern is compiled at every start)
        capc = (
            rf"(?:(?:{self.country_name})(?![\w])"
            rf"|(?!(?:{ORG_HEADS}|{_ROLES})\b|{_DATE_WORD}){_CAP})"
        )
        # a list of words inside a name, ending in "and": "Positioning, Navigation, and
        # Timing Advisory Board", "Council on Sports, Fitness, and Nutrition" (words, not
        # acronyms or countries: "NASA, NSF, and Space Force" are three bodies)
        word = rf"(?!(?:{self.qualifier}|{ORG_HEADS}|{_ROLES})(?![\w]))[A-Z][a-z][\w’'-]*"
        listed = rf"(?:{word}, ){{1,3}}{word},? and "
        # after "on", "for", of two words each: "on Asian Americans, Native Hawaiians, and …"
        words = rf"{word}(?: {word})?"
        listed2 = rf"(?:{words}, ){{0,3}}{words},? and {words}"
        # Each pattern starts with a lookahead for the characters a match can start
        # with: the engine then rejects most positions at once (3–4 times faster).
        upper = starts_with([*aliases, "A"])  # a qualifier or a capitalized word
        self.org = re.compile(
            rf"(?={upper})(?<![\w.])"
            # "Royal Australian Navy", "Royal Thai Army": the country's, royal
            rf"(?:(?P<qual>(?:Royal )?(?:{self.qualifier}))(?:[-–]\s?(?:{self.qualifier}))? )?"
            # "Kenya Hospital Association", "World Bank Group": heads in a row, the last rules
            # ("UNSCR 1267 Sanctions Committee": a number after an acronym)
            rf"(?P<core>(?:{capx} (?:(?:and|&) |(?<=[A-Z]{{2}} )\d{{1,5}} )?|{listed}){{0,6}}"
            rf"(?P<head>(?:{ORG_HEADS})"
            rf"(?: (?:{ORG_HEADS})(?![\w'’])){{0,2}})"
            r"(?:(?<=Inc|Ltd)\.)?"  # "Microchip Technology Inc."
            r"(?:(?<=Force) \d{1,4}(?!\w|[.,]\d))?"  # "Combined Task Force 153"
            r"(?:(?<=Fund) (?:I{1,3}|IV|VI{0,3}|IX|X)(?![\w-]))?"  # "Quadria Capital Fund III"
            rf"(?:(?<=Forces) (?:{self.country_name})(?![\w]))?"  # "U.S. Forces Korea"
            # the office of an officer: "Office of the Special Presidential Envoy for
            # Climate", "Office of the Counsel to the President"
            rf"(?:(?<=Office) of the (?:{capx} ){{0,3}}(?:{_OFFICERS})"
            rf"(?: (?:for|to|of) (?:the )?{capc}(?: {capc}){{0,4}})?(?![\w-])|"
            rf"(?: (?:of|for|on) (?:the )?{capc}"
            # ("and" then a word of the next name's: "ASEAN Committee for Women and
            # ASEAN Commission on …" are two)
            # "… on the Arts and the Humanities": two fields, one name
            rf"(?: (?:and|&) (?:the (?=(?:{_FIELDS})\b))?{capx}"
            rf"(?!(?: {capx}){{0,3}} (?:{ORG_HEADS})(?![\w]))"
            rf"| (?:of|for|in|on) (?:the )?{capc}| with {capx}| {capc}"
            rf"|, {listed2}){{0,6}}))?)"
            r"(?![\w])"
        )
        # "Government of Japan", "the Indian government": found from the word
        self.government = re.compile(r"(?=[Gg])\b[Gg]overnment\b")
        self.government_of = re.compile(
            rf" of (?:[Tt]he )?(?P<country>{self.country_name})(?![\w])"
        )
        # "… against the United States, its departments, agencies, or entities" (an
        # executive order's general provisions)
        self.country_at_end = re.compile(rf"(?<![\w.’'])(?:{self.country_name})$")
        named = rf"(?:[Tt]he )?(?:{self.country_name})"
        # Countries acting as parties: "The United States and India launched …",
        # "Japan will …", "the leaders of Australia, the United Kingdom, and the United
        # States"; each is the subject of a verb, or follows "leaders of".
        # lower case only for the common leads ("the leaders of"): every other lower-case
        # letter in the lookahead makes the pattern start at many more words
        firsts = [*full_names, *aliases, *_LEADS, "leaders", "members", "governments"]
        firsts += ["presidents", "the"]
        self.party = re.compile(
            rf"(?={starts_with(firsts)})"
            rf"(?P<lead>\b(?:{'|'.join(f'[{w[0]}{w[0].lower()}]{w[1:]}' for w in _LEADS)}) of "
            r"(?:[^—:.\n]{0,150}?[—:] ?)?)?"
            rf"(?P<run>{named}{_ACRONYM_AFTER}"
            rf"(?:(?:,| and|, and) (?:{named}|(?:the )?{_LIST_ITEM}){_ACRONYM_AFTER}){{0,100}})"
            # "The United States, through the DFC, will …": the verb after an aside
            r"(?:, (?:through|via|with|together with|in partnership with|in coordination "
            r"with) [^,;.\n]{1,80},(?= (?:will|is|are|has|have|shall|intends?|plans?)\b))?"
            rf"(?P<verb>,? (?:{PARTY_VERBS})\b| (?!(?:{_FUNCTION_WORDS})\b)[a-z]{{2,30}}\b"
            # "The United States and our G7 partners are …": a subject with its partners
            r"|,? (?:and|with) (?:our|its|their|other|like-minded) )?"
        )
        # Countries that did something: "donated by the United States, Germany, and
        # Romania", "co-led by Germany and France", "signed … by Turkey, Sweden, and Finland"
        self.agents = re.compile(
            r"(?=[dslchpfc])\b(?:donated|signed|led|co-led|hosted|co-hosted|provided|funded|"
            r"sponsored|co-sponsored|proposed|(?:commitments?|pledges?|contributions?) made|"
            r"commitments?|pledges?|contributions?)"
            # "signed on June 28 by"
            r"(?: (?:on|in) (?:[A-Z][a-z]{2,8} )?\d{1,4}(?:, \d{4})?)? by "
            rf"(?P<run>{named}(?:(?:,| and|, and) {named}){{0,30}})(?![\w’'-]| [A-Z])"
        )
        # The sides of a relationship: "cooperation between Australia, India, Japan, and
        # the United States"
        self.between = re.compile(
            r"(?=[cpardt])\b(?:cooperation|partnership|collaboration|alliance|relationship|"
            r"dialogue|ties) between "
            rf"(?P<run>{named}(?:(?:,| and|, and) {named}){{1,30}})(?![\w’'-]| [A-Z])"
        )
        # Countries given as examples of those who act: "Several Allies – including Canada,
        # Norway, and Spain – will continue to …", "partners, such as Japan and Korea, have"
        # (from the cue word, which is rarer than the nouns; they are read before it)
        self.examples = re.compile(
            r"(?=[islnS])\b(?:including|such as|like|namely) "
            rf"(?P<run>{named}(?:(?:,| and|, and) {named}){{0,30}})(?:,| [–—]|\))? "
            r"(?:will|have|has|are|intend|plan|committed|pledged|announced|provided|continue|"
            r"agreed|joined|signed)\b"
        )
        # "U.S.-" just before a name: "U.S.-EU Task Force"
        self.pair_prefix = re.compile(rf"(?<![\w.])(?:{self.qualifier})[-–]$")
        # "U.S.-India", "U.S.–Japan–ROK" before a capitalized name
        self.partner_pair = re.compile(
            rf"(?={starts_with(full_names | aliases)})(?<![\w.])(?P<pair>(?:{self.country_name})"
            rf"(?:[-–](?:{self.country_name})){{1,4}})(?= [A-Z])"  # bounded: linear time
        )
        self.leading_qualifier = re.compile(rf"(?:{self.qualifier})(?= )")
        self.located_in = re.compile(rf" in (?:the )?(?P<country>{self.country_name})$")
        # "Department of Biotechnology (DBT), Ministry of Science and Technology,
        # Government of India": whose a body is, as Indian texts write it
        self.government_after = re.compile(
            r"(?: \([A-Z][\w&*-]*\))?,(?: (?:Ministry|Department) of [^,()\n]{3,80},)?"
            rf" Government of (?:the )?(?P<country>{self.country_name})(?![\w])"
        )
        # "… Space Center on India’s southeastern coast": where it is (before "’s")
        self.located_on = re.compile(
            rf" (?:on|off|near|along) (?:the )?(?P<country>{self.country_name})$"
        )
        self.qualifier_before = re.compile(rf"(?<![\w.’'])(?:{self.qualifier}) $")
        # "(NASA)", "(G7)", "(3GPP)", "(J-AISI)": letters and digits, two capitals or a digit
        self.acronym = re.compile(
            r"\((?P<acr>(?=[\w-]*[A-Z][\w-]*[A-Z0-9]|[\w-]*[0-9][\w-]*[A-Z])"
            r"[A-Z0-9][A-Za-z0-9]*(?:-[A-Z0-9]+)?)\)"
        )
        titles = PERSON_TITLES.split("|")
        cased = [*titles, *(t.lower() for t in titles), *(t.upper() for t in titles)]
        self.person = re.compile(
            rf"(?={starts_with(cased)})"
            rf"\b(?P<title>(?i:{PERSON_TITLES})) "
            r"(?P<name>(?:[A-Z][A-Za-z'’-]{1,60}|[A-Z]\.)"
            r"(?: (?:[A-Z][A-Za-z'’-]{1,60}|[A-Z]\.)){0,3})"
            r"(?: of (?:the )?(?P<country>" + self.country_name + r"))?"
        )
        self.program = re.compile(
            rf"(?={upper})(?<![\w.])"
            rf"(?:(?P<qual>(?:{self.qualifier})(?:[-–]\s?(?:{self.qualifier}))?) )?"
            rf"(?P<name>(?:{_CAP} ){{1,5}}(?:{PROGRAM_HEADS}))\b"
            r"|(?<![\w.])(?P<name2>[A-Z][\w–-]{1,60}(?: [A-Z][\w–-]{1,60}){0,3})"
            # (not after a determiner: "… and Western Digital this pilot fellowship program")
            r" (?P<gap>(?!(?:this|that|these|those|the|a|an|its|their|our|his|her|which)\b)"
            r"(?:[a-z]+ ){0,3})(?P<lower>missions?|programs?|programmes?)\b"
        )
        self.facility = re.compile(
            rf"(?={upper})(?<![\w.])(?P<name>(?:{_CAP} ){{1,4}}(?:{FACILITY_HEADS}))\b"
            r"|(?<![\w.])(?P<name2>[A-Z][\w–-]{0,60}\d[\w–-]{0,60}|[A-Z][A-Z0-9–-]{2,60})"
            r" (?:(?:test|research|user|experimental) )?(?:facility|reactor|testbed)\b"
        )
        names: dict[str, str] = {}
        for org in ref.organizations.values():
            names[org.name_en.casefold()] = org.key
            if org.name_ja:
                names[org.name_ja] = org.key
        for org in ref.organizations.values():
            for alias in org.aliases:
                names.setdefault(alias.casefold(), org.key)
        self.org_names = names
        self.org_acronyms = {o.acronym: o.key for o in ref.organizations.values() if o.acronym}
        self.tech_insensitive, self.tech_sensitive, self.tech_keys = _technology_patterns(ref)
        # words that name an area only in an enumeration of areas ("from space to …")
        self.enumerated = {
            w.casefold(): c.iri for c in ref.technologies.values() for w in c.enumeration_labels
        }
        self.tech_enumerated = re.compile(
            rf"(?<![\w-])(?:{'|'.join(map(re.escape, self.enumerated))})(?![\w-])", re.I
        )
        self.known_names = _reference_names(ref)
        # Reference names of several words, read before the patterns that would find
        # part of them ("Ministry of Education" in "Ministry of Education, Culture, …").
        self.long_names = {n: k for n, k in self.known_names.items() if " " in n}
        self.long = names_pattern(self.long_names)
        self.short_names = {n: k for n, k in self.known_names.items() if " " not in n}
        self.short = names_pattern(self.short_names)
        # listed companies, by the names texts write ("Boeing", "Applied Materials")
        self.companies = names_pattern(ref.companies) if ref.companies else None
        # "the State of Arizona": a state's government
        states = "|".join(sorted(ref.us_states, key=len, reverse=True))
        self.us_state = re.compile(rf"(?=S)\bState of (?P<state>{states})\b")
        # a country's embassy, consulate or mission: "U.S. Embassy in Baghdad", "U.S.
        # Consulate Bengaluru", "U.S. Mission to ASEAN", "the Embassy of Japan"
        place = r"[A-Z][\w’'-]*(?: [A-Z][\w’'-]*){0,3}"
        self.post = re.compile(
            rf"(?=[A-Z])(?<![\w.])(?:(?P<qual>{self.qualifier}) "
            r"(?P<kind>Embassy|Consulate General|Consulate|(?:Permanent )?Mission)(?![\w-])"
            rf"(?:(?<=Mission) to (?:the )?(?P<to>{place})|(?<!Mission) in (?P<at>{place})"
            r"|(?<!Mission) (?P<city>[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)?)(?![\w’'-]| [A-Z]))?"
            r"|(?P<kind2>Embassy|Consulate General|Consulate|Permanent Mission) of "
            rf"(?:the )?(?P<of>{self.country_name})(?![\w]))"
        )
        # a state's name just before a name: "Texas Department of Transportation"
        self.state_before = re.compile(rf"(?<![\w.’'-])(?:{states}) $")
        # "the Secretary of Commerce" acts for the Department of Commerce
        # (and "the Attorney General" for the Department of Justice)
        self.head_of = re.compile(
            r"(?=[SDA])\b(?:(?:Secretary|Secretaries|Department) of (?:the )?(?P<of>[A-Z][a-z]+"
            r"(?: (?:and )?[A-Z][a-z]+){0,3})|(?P<attorney>Attorney General))\b"
        )


def starts_with(words: Iterable[str]) -> str:
    """A character class of the first characters of ``words`` (capital letters as one
    range), for a lookahead at the start of a pattern.

    >>> starts_with(["Japan", "U.S.", "leaders", "Ürümqi"])
    '[A-ZlÜ]'
    """
    firsts = {w[0] for w in words if w}
    ranges = "A-Z" if {c for c in firsts if "A" <= c <= "Z"} else ""
    others = "".join(sorted(re.escape(c) for c in firsts if not "A" <= c <= "Z"))
    return f"[{ranges}{others}]"


def names_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """Any of ``names`` as a whole word (not inside an abbreviation such as "U.S.")."""
    names = list(names)
    return re.compile(rf"(?={starts_with(names)})(?<![\w.])(?:{trie_pattern(names)})(?![\w])")


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words`` (the longest where several do),
    written as a trie: the engine follows the text character by character instead of
    trying hundreds of names one after another at every position.

    >>> print(trie_pattern(["U.S.", "U.S.A.", "UK"]))
    U(?:\\.S\\.(?:A\\.)?|K)
    >>> re.fullmatch(trie_pattern(["Japan", "Japanese"]), "Japanese") is not None
    True
    """
    trie: dict[str, Any] = {}
    for word in set(words):
        if word:
            node = trie
            for char in word:
                node = node.setdefault(char, {})
            node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"

    return build(trie)


def tech_key(label: str) -> str:
    """Normalized form under which technology labels are compared.

    >>> tech_key("AI–RAN") == tech_key("ai-ran") == tech_key("AI RAN")
    True
    """
    return re.sub(r"[\s\-–—/]+", " ", label.casefold()).strip()


def _technology_patterns(ref: Reference) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    keys: dict[str, str] = {}
    insensitive: list[tuple[str, str]] = []  # (label, its pattern)
    sensitive: list[tuple[str, str]] = []
    for concept in ref.technologies.values():
        for label in concept.labels:
            keys.setdefault(tech_key(label), concept.iri)
            if label.isupper() or re.fullmatch(r"[A-Z0-9][A-Za-z0-9]*[A-Z][A-Za-z0-9]*", label):
                sensitive.append((label, re.escape(label)))
            else:
                flexible = re.sub(r"(?:\\[ \-–—/]|\\?[-–—/ ])+", r"[\\s\\-–—/]*", re.escape(label))
                insensitive.append((label, flexible + r"(?:s|es)?"))
    return (
        re.compile(r"(?<![\w])" + _by_first_letter(insensitive, True) + r"(?![\w])", re.I),
        re.compile(
            rf"(?={starts_with(w for w, _ in sensitive)})(?<![\w])"
            + _by_first_letter(sensitive)
            + r"(?![\w])"
        ),
        keys,
    )


def _by_first_letter(alternatives: list[tuple[str, str]], ignore_case: bool = False) -> str:
    """One pattern matching any of (word, pattern) ``alternatives``, longest first.

    The alternatives are grouped by the word's first character behind a lookahead for
    it: otherwise the engine tries each of hundreds of words at every position (and
    cannot skip case-insensitive ones by their first character). Only one group can
    match at a position, so what matches is what the flat alternation matches.
    """
    groups: dict[str, list[str]] = {}
    for word, pattern in sorted(alternatives, key=lambda a: len(a[1]), reverse=True):
        groups.setdefault(word[0].lower() if ignore_case else word[0], []).append(pattern)
    grouped = "|".join(
        f"(?={re.escape(first)})(?:{'|'.join(group)})" for first, group in groups.items()
    )
    # Most positions start no word at all: "(?=\w)" rejects them at once if it can.
    word_start = all(re.match(r"\w", word) for word, _ in alternatives)
    return ("(?=\\w)" if word_start else "") + f"(?:{grouped})"


@lru_cache(maxsize=4)
def _patterns(ref: Reference) -> _Patterns:
    return _Patterns(ref)


def find_entities(
    text: str,
    blocks: list[Span],
    ref: Reference | None = None,
    publisher: str | None = None,
    announcers: bool = False,
) -> Found:
    """Every named entity in the given blocks of ``text``, published by the government of
    the country ``publisher`` (a code; "my Administration" is its government) if known.
    With ``announcers`` (a fact sheet), a name that announces is an organization's."""
    ref = ref or load_reference()
    pat = _patterns(ref)
    found = Found()
    defined: dict[str, str] = {}  # acronyms defined in this document -> entity key
    tech_aliases: dict[str, str] = {}  # acronyms of technology areas -> concept IRI
    own = government_of(ref, publisher) if publisher else None
    # "the Trump Administration" where the text names "President Donald J. Trump", or
    # "the Biden Administration" of a head of the publisher's country the reference knows
    leaders = {w for run in _PRESIDENT.findall(text) for w in run.split()} if own else set()
    if publisher:
        leaders |= {name for name, led in ref.leaders.items() if publisher in led}
    for block in blocks:
        if own is not None and _SELF_WORDS.search(text, block.start, block.end):
            for match in _iter(_OWN_GOVERNMENT, text, block):
                if found.free(span := Span(match.start("name"), match.end())):
                    found.add(own, span)
            for match in _iter(_LEADERS_ADMINISTRATION, text, block):
                if match.group(1) in leaders and found.free(span := Span(*match.span())):
                    found.add(own, span)
        _governments(text, block, pat, found)
        _us_states(text, block, pat, found)
        _known_names(text, block, pat, found, (pat.long, pat.long_names))
        _diplomatic_posts(text, block, pat, found)
        _acronym_definitions(text, block, pat, found, defined, tech_aliases)
        _organizations(text, block, pat, found)
        _foreign_names(text, block, pat, found)
        _military_units(text, block, found)
        _short_form_definitions(text, block, found, defined)
        _departments_of_heads(text, block, pat, found)
        _departments_listed(text, block, pat, found)
        _bodies_sharing_a_head(text, block, pat, found)
        _name_in_capitals(text, block, pat, found)
    known = _name_patterns(pat, defined)
    for block in blocks:
        for names in known:
            _known_names(text, block, pat, found, names)
        _persons(text, block, pat, found)
        _facilities_and_programs(text, block, pat, found)
    if announcers:
        _announcers(text, blocks, pat, found)
    _partners(text, blocks, pat, found)
    _listed_companies(text, blocks, pat, found)
    _companies_listed_with_companies(text, blocks, pat, found)
    if again := _names_found(found):
        for block in blocks:
            _known_names(text, block, pat, found, again)
    for block in blocks:
        _parties(text, block, pat, found)
        _agents(text, block, pat, found)
        if own is not None:
            _sides(text, block, pat, found, own)
        _partners_in_names(text, block, pat, found)
    aliases = _alias_pattern(tech_aliases)
    for mention in found.mentions:
        program = found.entities[mention.entity].kind == "program"
        if program and found.actors_covered.overlaps(mention.span):
            found.joint_programs.add(mention.span)
    for block in blocks:
        _technologies(text, block, pat, found, aliases)
    _merge_persons(found)
    found.mentions.sort(key=lambda m: (m.span.start, m.span.end))
    _qualifying_names(text, found)
    return found


def _qualifying_names(text: str, found: Found) -> None:
    """An organization's name just before another's qualifies it: "White House National
    Security Council" is the Council, written so (the White House is not named)."""
    orgs = [m for m in found.mentions if found.entities[m.entity].kind == "organization"]
    replaced: dict[int, Mention | None] = {}  # id of a mention → what stands for it
    for first, second in pairwise(orgs):
        if first.entity != second.entity and text[first.span.end : second.span.start] == " ":
            earlier = replaced.get(id(first))  # "A B C": B already carries A
            start = earlier.span.start if earlier is not None else first.span.start
            replaced[id(first)] = None
            replaced[id(second)] = Mention(second.entity, Span(start, second.span.end))
    if not replaced:
        return
    kept = (replaced.get(id(m), m) for m in found.mentions)
    found.mentions[:] = [m for m in kept if m is not None]
    named = {m.entity for m in found.mentions}
    for key in [k for k, e in found.entities.items() if e.kind == "organization"]:
        if key not in named:
            del found.entities[key]


def _iter(pattern: re.Pattern[str], text: str, block: Span) -> Iterator[re.Match[str]]:
    return pattern.finditer(text, block.start, block.end)


def government_of(ref: Reference, code: str) -> Entity | None:
    """The government of the country ``code``, as the loader names it.

    >>> government_of(load_reference(), "US").key
    'USG'
    """
    return _government(_patterns(ref), ref.countries[code].name_en)


def us_state(name: str) -> Entity:
    """The government of a state of the United States: an organization of no narrower
    class (ag:Government is a country's), named as the state names itself.

    >>> e = us_state("Arizona"); (e.key, e.label, e.country, e.org_class)
    ('us-state-of-arizona', 'State of Arizona', 'US', None)
    """
    label = f"State of {name}"
    return Entity("organization", org_key("US", label), label, country="US")


def _us_states(text: str, block: Span, pat: _Patterns, found: Found) -> None:
    """ "the State of Arizona" names the state's government."""
    for match in _iter(pat.us_state, text, block):
        if found.free(span := Span(match.start(), match.end())):
            found.add(us_state(match.group("state")), span)


def _diplomatic_posts(text: str, block: Span, pat: _Patterns, found: Found) -> None:
    """A country's embassy, consulate or mission, each its own body ("U.S. Embassy in
    Baghdad" and "U.S. Embassy Tokyo" are two), of that country."""
    if not _POST_WORDS.search(text, block.start, block.end):
        return  # most blocks name none: the pattern is slower to rule out
    for match in _iter(pat.post, text, block):
        country = pat.ref.country_for_alias(match.group("qual") or match.group("of"))
        kind = (match.group("kind") or match.group("kind2")).removeprefix("Permanent ")
        where = match.group("to") or match.group("at") or match.group("city") or ""
        if country is None or (kind == "Mission" and not (where or match.group("of"))):
            continue  # a mission is someone's, to someone ("the Artemis Mission" is none)
        span = Span(match.start(), match.end())
        # (the body a mission is to keeps its own mention: "… Mission to the United Nations")
        if found.free(Span(span.start, match.end("kind") if match.group("kind") else span.end)):
            key = org_key(country, f"{kind} {where or match.group('of') or ''}")
            label = text[span.start : span.end]
            held = pat.known_names.get(match.group("to") or "")
            named = found.organization_ends.get(match.end("to")) == held  # (read already)
            found.add(
                Entity("organization", key, label, country=country, org_class="GovernmentAgency"),
                span,
            )
            if held in pat.ref.organizations and not named:  # "… Mission to NATO": NATO too
                found.add(_reference_entity(pat.ref, held), Span(*match.span("to")))


_POST_WORDS = re.compile(r"Embassy|Consulate|Mission")


def _state_body(pat: _Patterns, text: str, start: int, end: int) -> Entity | None:
    """The body of a state of the United States whose name ``text[start:end]`` begins
    with the state's ("Texas Department of Transportation" is no US department), or
    None when no state's name begins it."""
    words = text[start:end].split()
    for size in (2, 1):  # "New Jersey", "Texas"
        if " ".join(words[:size]) in pat.ref.us_states and len(words) > size:
            label = text[start:end]
            heads = _HEAD.findall(label)
            org_class = _head_class(heads[-1]) if heads else "GovernmentAgency"
            return Entity(
                "organization", org_key("US", label), label, country="US", org_class=org_class
            )
    return None


def _government(pat: _Patterns, country_text: str) -> Entity | None:
    code = pat.ref.country_for_alias(country_text)
    if code is None:
        return None
    country = pat.ref.countries[code]
    for name in (f"Government of {country.name_en}", f"Government of the {country.name_en}"):
        key = pat.org_names.get(name.casefold())
        if key:
            return _reference_entity(pat.ref, key)
    words = country.name_en.split()
    # "the United States", "the Republic of Korea", "the Netherlands"; but "Saudi Arabia"
    article = "the " if words[0] in _STATE_WORDS or words[-1] in _STATE_WORDS else ""
    return Entity(
        "organization",
        f"government-{code.lower()}",
        f"Government of {article}{country.name_en}",
        country=code,
        org_class="Government",
    )


def _reference_entity(ref: Reference, key: str) -> Entity:
    org = ref.organizations[key]
    return Entity(
        "organization",
        org.key,
        org.name_en,
        acronym=org.acronym,
        country=org.country,
        org_class=org.org_class,
        reference=True,
    )


_COMPOUND_AFTER = re.compile(r"[-–](?:owned|controlled|backed|affiliated|linked|run)\b")


def _governments(text: str, block: Span, pat: _Patterns, found: Found) -> None:
    """ "Government of Japan", "the Indian government", "the U.S. Government"."""
    for match in _iter(pat.government, text, block):
        of = pat.government_of.match(text, match.end(), block.end)
        if of:
            country, span = of.group("country"), Span(match.start(), of.end())
        else:
            window = max(block.start, match.start() - 40)
            before = pat.qualifier_before.search(text, window, match.start())
            if before is None:
                continue
            country, span = before.group(0).strip(), Span(before.start(), match.end())
            if _COMPOUND_AFTER.match(text, span.end):
                continue  # "Moroccan Government-owned": an adjective, no actor
        entity = _government(pat, country)
        if entity and found.free(span):
            found.add(entity, span)
    for match in _iter(_ITS_BODIES, text, block):
        if match.group("its"):  # "the United States, its departments"
            named = pat.country_at_end.search(
                text, max(block.start, match.start() - 60), match.start()
            )
        else:  # "the departments and agencies of the United States"
            named = pat.government_of.match(text, match.end(), block.end)
        if named is None:
            continue
        span = Span(named.start(), named.end())
        if text.startswith(" of ", span.start):
            span = Span(named.start("country"), named.end())
        entity = _government(pat, text[span.start : span.end])
        if entity and found.free(span):
            found.add(entity, span)


# A country whose departments and agencies are named is its government: "any party
# against the United States, its departments, agencies, or entities", "all executive
# departments and agencies of the United States"
_ITS_BODIES = re.compile(
    r"(?P<its>, its (?=departments|agencies|ministries))"
    r"|\b(?:departments|agencies|ministries)(?: and agencies)?(?: \(agencies\))?(?= of )"
)


def _resolve_org(
    pat: _Patterns, name: str, qualifier: str | None, located: str | None = None
) -> Entity | None:
    """A reference organization by its full or unqualified name, else a new one, of the
    country its qualifier or name says, else of the one it is ``located`` in. A reference
    name after another country's qualifier names that country's body of the same name.

    >>> ref = load_reference()
    >>> _resolve_org(_patterns(ref), "U.S. Department of Energy", "U.S.").key
    'DOE'
    >>> _resolve_org(_patterns(ref), "Philippine Department of Energy", "Philippine").key
    'ph-department-of-energy'
    """
    core = name[len(qualifier) :].strip(" -–") if qualifier and name.startswith(qualifier) else name
    country = pat.ref.country_for_alias(qualifier.removeprefix("Royal ")) if qualifier else None
    namesake = None  # another country's body of this name, whose kind this one shares
    for candidate in (name, core):
        key = pat.org_names.get(candidate.casefold()) or pat.org_acronyms.get(candidate)
        if key is None:
            continue
        namesake = pat.ref.organizations[key]
        if candidate is name or country is None or namesake.country in (None, country):
            return _reference_entity(pat.ref, key)
    # "the National Science Foundation of the United States of America (NSF)", "the
    # Ministry of Economy, Trade and Industry of Japan", as agreements name the parties
    of = pat.government_of.search(core) if " of " in core else None  # (a hot path)
    if not (of and of.end() == len(core)):
        of = None
    elif not namesake:
        key = pat.org_names.get(core[: of.start()].casefold())
        own = pat.ref.country_for_alias(of.group("country"))
        if key and pat.ref.organizations[key].country == own:
            return _reference_entity(pat.ref, key)
    if len(core.split()) < 2 and not qualifier:
        return None
    if pat.ref.country_for_alias(core):
        return None  # "United Kingdom (UK)" names a country
    heads = _HEAD.findall(core)
    org_class = _head_class(heads[-1]) if heads else "GovernmentAgency"
    if namesake is not None:
        org_class = namesake.org_class
    elif listed := pat.ref.companies.get(core):  # "United Parcel Service": no agency
        org_class, country = "Company", country or listed
    if country is None:
        country = _country_in_name(pat, core) or located
    if country is None and heads and heads[-1].casefold() in _GROUPING_HEADS:
        org_class = "MultilateralGrouping"  # "Quad Senior Cyber Group": of no one country
    possessive = qualifier is not None and qualifier.endswith(("'s", "’s"))
    label = core if possessive or not qualifier else f"{qualifier} {core}"
    named = core
    if of and _MINISTRY.match(core, 0, of.start()):
        # "Ministry of Finance of India" is India's "Ministry of Finance" (not "Bank of
        # Japan", "Army of the Republic of Vietnam", "Board of Directors of the …")
        named = core[: of.start()]
    return Entity(
        "organization",
        org_key(country, named),
        label,
        country=country,
        org_class=org_class,
    )


_MINISTRY = re.compile(r"(?:Ministry|Department) (?:of|for) (?!the Republic$)[A-Z][^()]*$")
_LAST_OF = re.compile(r"\b(?:of|OF) (?:the |THE )?((?:(?!(?:of|OF) )[A-Z][\w.’'-]* ?){1,8})$")


def _country_in_name(pat: _Patterns, name: str) -> str | None:
    """The country a name says it belongs to: "Korea Research Institute of …",
    "Ministry of Foreign Affairs of Japan", "Indian Space Research Organisation", "AERO
    ENGINE CORPORATION OF CHINA"."""
    first = pat.ref.country_for_alias(name.split(" ", 1)[0])
    if first:
        return first
    last = _LAST_OF.search(name)  # the words after the last "of"
    if last is None:
        return None
    if last.group(1) in pat.ref.us_states and not pat.ref.country_for_alias(last.group(1)):
        return "US"  # "University of Texas" (not Georgia, a country's name too)
    return pat.ref.country_for_alias(last.group(1))


def _organizations(text: str, block: Span, pat: _Patterns, found: Found) -> None:
    at = block.start
    while match := pat.org.search(text, at, block.end):
        at, name = match.end(), match.group(0)
        if owner := _owner_at_end(text, match, pat, block):
            # "the University of Arizona’s Micro/Nano Fabrication Center": the possessor
            # ends the name, and the name it owns is sought from where it starts
            at, name = owner.end(), name[: owner.start() - match.start()]
        suffix = _NAME_SUFFIX.search(name)
        if suffix:  # "Department of Space-led": the name ends before "-led"
            name = name[: suffix.start()]
        article = _LEADING_WORD.match(name)
        start = match.start() + (article.end() if article else 0)  # "The" at a sentence start
        name = name[start - match.start() :]
        pair = pat.pair_prefix.search(text, max(block.start, start - 40), start)
        if pair and not match.group("qual"):  # "U.S.-EU Task Force": of both, of neither
            start, name = pair.start(), text[pair.start() : start] + name
        joint = match.group("qual") and _ACRONYM_PAIRED.search(
            text, max(block.start, start - 8), start
        )
        if joint:  # "EU-U.S. Trade and Technology Council": as "U.S.-EU …", of neither
            start, name = joint.start(), text[joint.start() : start] + name
        # (before the head: a possessive after it ends the name, as above)
        before_head = name[: max(0, match.start("head") - start + 1)]
        inner = None if match.group("qual") else _INNER_POSSESSOR.match(before_head)
        if inner and (_PRESIDENTS.fullmatch(inner.group(0)) or _OF_A_NAME.search(inner.group(0))):
            # "President’s Export Council", "Boston Children’s Hospital", "People’s
            # Liberation Army", "Saint Augustine’s University": part of the name
            inner = None
        if inner:  # "5th Fleet’s Task Force 59": the possessor is another name
            _possessor(text, Span(start, start + inner.end() - len("’s ")), pat, found)
            start, name = start + inner.end(), name[inner.end() :]
        if match.group("head") in _LEGAL_HEADS:
            at_head = name.find(" of ", match.end("head") - start)
            if at_head >= 0:  # "Aspira Women’s Health Inc. of Shelton": where it is
                name = name[:at_head]
        place = pat.located_in.search(name)
        if place is None and text.startswith(("’s ", "'s "), start + len(name)):
            place = pat.located_on.search(name)
        if place:  # "Ministry of Industry … in the Kingdom of Saudi Arabia": where it is
            name = name[: place.start()]
        span = Span(start, start + len(name))
        holding = None
        if not found.free(span) and (rest := _after_a_name(text, span, match, found)):
            span, name = rest, text[rest.start : rest.end]  # "White House Environmental …"
        elif not found.free(span) and (holding := _holding_a_name(text, span, match, found)):
            span, name = holding[0], text[holding[0].start : holding[0].end]  # "… on the ILO"
        taken = not holding and not found.free(span)
        if taken or _LAW.match(text, span.end) or _OWN_GOVERNMENT.match(name):
            # taken; "Federal Advisory Committee Act" is a law, and "the Biden-Harris
            # Administration" a government, not a body of one
            continue
        core = text[max(match.start("core"), start) : span.end]  # without article or suffix
        if core == match.group("head") and not match.group("qual"):
            continue  # "the Institutes": a bare head noun names nothing
        if _GENERIC_NAME.fullmatch(name) and not holding and name not in found.short_forms:
            # "the Board of Directors", "the Task Force": whose, the text says elsewhere
            # (unless the short form of a name found here: "the Steering Council")
            continue
        if _LEGAL_FORM_FIRST.match(core):
            continue  # "Gravidas Diagnostics, Inc. of Los Angeles": the name's legal form
        if core.endswith("Agencies"):
            continue  # "Sector Risk Management Agencies", "Federal Agencies": a class
        if _NAME_GOES_ON_AFTER.match(text, span.end):
            continue  # "IT Service Providers", "Kennedy Center Honors": no body's name
        if (
            _NOT_A_BODY_AFTER.match(text, span.end)
            or _ROOM_OR_REGION.fullmatch(name)
            or _DEGREE_BEFORE.search(text, max(block.start, span.start - 30), span.start)
        ):
            continue  # a building, a vehicle, a room, a region, a degree
        if _MID_NAME.search(text, max(block.start, match.start() - 40), match.start()):
            continue  # "… States and European Union": the start of a longer name was missed
        state = pat.state_before.search(text, max(block.start, start - 20), start)
        body = _state_body(pat, text, state.start() if state else start, span.end)
        if body is not None:
            # "Georgia Department of Transportation", "New Jersey Department of Labor",
            # "Ohio Department of Health": a state's, not a country's
            if found.free(state_span := Span(state.start() if state else start, span.end)):
                found.add(body, state_span)
            continue
        if _MACHINERY.search(core) and not _of_grouping(pat, core):
            continue  # "the Working Group" of a dialogue is part of it, not a body
        if core.endswith("Forum") and _meeting_forum(pat, name):
            continue  # "the U.S.-India CEO Forum" meets; it is no body
        if re.search(r"(?<![\w.&])[A-Z](?![\w&-]| (?:Ltd|Limited|Inc|LLC)\b)", core):
            # "Administration of Donald J. Trump": a person's initial ("A&M", the "D" of
            # "D-ISIS Coalition" are none)
            continue
        qualifier = None if joint else match.group("qual")
        split = _coordinated(text, match, span, found)
        if split is not None:  # "Ultra Maritime and Bharat Dynamics Limited": two bodies
            first, span = split
            name, qualifier = text[span.start : span.end], None
            right = _resolve_org(pat, name, None)
            left = _resolve_org(pat, text[first.start : first.end], None)
            if left is not None and right is not None and found.free(first):
                if not left.reference:
                    left.org_class = right.org_class
                found.add(left, first)
        located = pat.ref.country_for_alias(place.group("country")) if place else None
        if located is None and (apposed := pat.government_after.match(text, span.end)):
            located = pat.ref.country_for_alias(apposed.group("country"))
        if holding and holding[1]:  # "Deputies Committee of the National Security Council"
            located = found.entities[holding[1]].country  # is where the Council is
        entity = _resolve_org(pat, name, qualifier, located)
        if entity is None:
            continue
        if holding and not entity.reference:
            # "Board of Directors of the … Corporation" is a board; "General Assembly of the
            # United Nations" is of the kind of the body it is part of
            whole = found.entities[holding[1]].org_class if holding[1] else None
            own_class = _head_class(match.group("head"))
            entity.org_class = whole or own_class
        if not entity.reference:
            # "the Steering Council" after "the CHIPS Implementation Steering Council",
            # "Security Council" after "the UN Security Council"
            entity = found.entities.get(found.short_forms.get(entity.label, ""), entity)
        found.add(entity, span)


_ACRONYM_PAIRED = re.compile(r"(?<![\w.])[A-Z]{2,6}[-–]$")  # "EU-" before "U.S. …"


# The words that join the words of names in French, Spanish, Portuguese, Italian, German
# and Dutch, which agreements give their parties ("Agence Nationale de la Recherche")
FOREIGN_CONNECTORS = (
    *("de", "la", "le", "des", "du", "di", "del", "della", "do", "da", "dos", "das", "y"),
    *("et", "e", "à", "a", "al", "für", "und", "voor", "van"),
)
# (not "a" between the words of a name without an acronym: English writes it so too)
_FOREIGN_CONNECTOR = rf"(?:{'|'.join(c for c in FOREIGN_CONNECTORS if c != 'a')})"
# The head nouns of such names, first in them, and the ontology class each gives
_FOREIGN_HEADS = {
    **dict.fromkeys(["Universidad", "Universidade", "Université", "Università", "Universität"],
                    "University"),
    **dict.fromkeys(["Institut", "Instituto", "Istituto", "Centre", "Centro", "Forschungszentrum",
                     "Forschungsgemeinschaft", "Akademie", "Académie", "Academia"],
                    "ResearchInstitute"),
    **dict.fromkeys(["Fundación", "Fundação", "Fondazione", "Stiftung", "Red"], None),
    **dict.fromkeys(["Agence", "Agencia", "Agência", "Agenzia", "Agentschap", "Consejo",
                     "Conselho", "Consiglio", "Conseil", "Ministerio", "Ministério", "Ministère",
                     "Ministero", "Bundesministerium", "Bundesamt", "Secretaría", "Comisión",
                     "Comissão", "Commissione", "Commissariat", "Banco", "Banque", "Oficina",
                     "Dirección", "Autoridad", "Autorité", "Servicio", "Société", "Sociedad",
                     "Organisatie"], "GovernmentAgency"),
}  # fmt: skip
# (after an adjective or two: "Deutsche Forschungsgemeinschaft", "La Société …")
_FOREIGN_HEAD_WORDS = "|".join(_FOREIGN_HEADS)
_FOREIGN_HEAD = re.compile(rf"^(?:[A-Z]\w+ ){{0,2}}(?P<head>{_FOREIGN_HEAD_WORDS})\b")
# A name in its own language with no acronym: "La Société Nationale de Garantie et du
# Financement de l’Entreprise", "Red Global de Empresarios Indígenas" (words joined as
# that language joins them: one of its connectors at least, so not "Red Cross")
_FOREIGN_NAME = re.compile(
    rf"(?=[A-Z])(?<![\w’'-])(?:[A-Z][\w-]+ ){{0,2}}(?P<head>{_FOREIGN_HEAD_WORDS})"
    rf"(?: (?:[A-Z][\w’'-]*|[dl]’[A-Z][\w’'-]*|{_FOREIGN_CONNECTOR}(?= \S)))*"
)
_CONNECTOR_AT_END = re.compile(rf"(?: {_FOREIGN_CONNECTOR})+$")
_CONNECTOR_INSIDE = re.compile(rf" {_FOREIGN_CONNECTOR} ")


def _foreign_names(text: str, block: Span, pat: _Patterns, found: Found) -> None:
    """Names in their own language, head first, without an acronym."""
    for match in _iter(_FOREIGN_NAME, text, block):
        name = _CONNECTOR_AT_END.sub("", match.group(0))
        if not _CONNECTOR_INSIDE.search(name):
            continue
        article = _LEADING_WORD.match(name)  # "The Centro de …" (not "La Société …")
        start = match.start() + (article.end() if article else 0)
        span = Span(start, match.start() + len(name))
        entity = _resolve_org(pat, text[span.start : span.end], None)
        if entity is None or not found.free(span):
            continue
        if not entity.reference:
            entity.org_class = _FOREIGN_HEADS[match.group("head")]
        found.add(entity, span)


# A numbered military unit: "10th Mountain Division", "U.S. Fifth Fleet", "V Corps"
_UNIT = re.compile(
    r"(?=[\dIVXFSTEUN])(?<![\w.])(?P<qual>U\.S\. )?"
    r"(?:\d{1,3}(?:st|nd|rd|th)|[IVX]{1,4}|First|Second|Third|Fourth|Fifth|Sixth|Seventh|"
    r"Eighth|Ninth|Tenth)(?: [A-Z][a-z]+){0,2} "
    r"(?:Fleet|Corps|Division|Brigade|Regiment|Battalion|Squadron|Wing|Air Force|Army)\b"
)


def _military_units(text: str, block: Span, found: Found) -> None:
    """Numbered units of armed forces ("the 101st Airborne Division", "U.S. 5th Fleet",
    "V Corps"): an ordinal is no name the organization patterns read."""
    for match in _iter(_UNIT, text, block):
        span = Span(*match.span())
        if not found.free(span):
            continue
        name = match.group(0)
        country = "US" if match.group("qual") else None
        key = org_key(country, name.removeprefix("U.S. "))
        unit = Entity("organization", key, name, country=country, org_class="GovernmentAgency")
        found.add(unit, span)


def _owner_at_end(
    text: str, match: re.Match[str], pat: _Patterns, block: Span
) -> re.Match[str] | None:
    """The possessive ending (" ’s ") after the head of ``match`` when the words after it
    are a name of their own, with a head the match did not reach ("… of Arizona’s"
    before "Micro/Nano Fabrication Center")."""
    possessive = _TAIL_POSSESSIVE.search(text, match.end("head"), match.end() + 3)
    if possessive is None:
        return None
    owned = pat.org.match(text, possessive.end(), block.end)
    return possessive if owned and owned.end() > match.end() else None


_TAIL_POSSESSIVE = re.compile(r"['’]s (?=[A-Z])")


def _after_a_name(text: str, span: Span, match: re.Match[str], found: Found) -> Span | None:
    """What follows a name already found at the start of ``span``, when it is a name of
    two words or more with the head ("White House" + "Environmental Justice Advisory
    Council"): the longer name, which the name before it qualifies."""
    head = match.start("head")
    for space in (i for i in range(span.start, head) if text[i] == " "):
        if space in found.organization_ends:
            rest = Span(space + 1, span.end)
            if text.startswith(("and ", "& "), rest.start):  # "… of Teachers and National
                rest = Span(text.index(" ", rest.start) + 1, span.end)  # Education Association"
            words = text[rest.start : rest.end].split()
            if len(words) >= 2 and found.free(rest):
                return rest
    return None


_IN_PLACE = re.compile(r" in (?:the )?$")


def _holding_a_name(
    text: str, span: Span, match: re.Match[str], found: Found
) -> tuple[Span, str | None] | None:
    """The whole of a name whose words after the head hold a name already found, as far as
    that name's end: "President’s Committee on the International Labor Organization"
    (which the pattern ends before the head "Organization"), "Committee for the
    Preservation of the White House"; and the key of the name held when it directly
    follows "of" ("Deputies Committee of the National Security Council" is part of it).
    The name held keeps its own mention."""
    head_end = match.end("head")
    if head_end <= span.start or not found.free(Span(span.start, head_end)):
        return None  # a name found before the head: another rule's ("White House …")
    held = next((i for i in range(head_end, span.end) if not found.free(Span(i, i + 1))), None)
    if held is None:
        return None
    place = _IN_PLACE.search(text, span.start, held)
    if place:  # "Office of Gun Violence Prevention in the White House": where it is
        return Span(span.start, place.start()), None
    end = span.end
    if not found.free(Span(end - 1, end)):  # the match ends inside the name it holds
        end = next((e for e in range(end, end + 80) if e in found.organization_ends), 0)
        if not end or any(found.free(Span(i, i + 1)) for i in range(span.end, end)):
            return None
    if end < len(text) and not found.free(Span(end, end + 1)):
        return None  # a name that goes on after this one's end
    of = text.endswith((" of ", " of the "), 0, held) and found.organization_ends.get(end)
    return Span(span.start, end), of or None


def _possessor(text: str, span: Span, pat: _Patterns, found: Found) -> None:
    """The possessor of a name, when it is a body itself: "the University of Arizona’s
    Micro Fabrication Center"."""
    name = text[span.start : span.end]
    if _HEAD.search(name) and (entity := _resolve_org(pat, name, None)) and found.free(span):
        found.add(entity, span)


def _of_grouping(pat: _Patterns, name: str) -> bool:
    """Whether a name starts with an international body's or a grouping's ("Quad
    Climate Working Group", "ASEAN Digital … Working Group"): a standing body of it,
    unlike the working group of a dialogue between two governments."""
    first = name.split(" ", 1)[0]
    key = pat.org_acronyms.get(first) or pat.org_names.get(first.casefold())
    kind = pat.ref.organizations[key].kind if key else None
    return kind in ("multilateral grouping", "international organization")


def _meeting_forum(pat: _Patterns, name: str) -> bool:
    """A forum of two countries ("India-U.S. Trade Policy Forum") is a dialogue between
    their governments, and a business forum ("Indo-Pacific Business Forum") a meeting;
    neither is a body, unlike the "ASEAN Regional Forum"."""
    first = re.split(r"[-– ]", name, maxsplit=2)[:2]
    both = len(first) == 2 and all(pat.ref.country_for_alias(w) for w in first)
    return both or bool(re.search(r"\b(?:Business|CEO|CEOs|Investment)(?: Forum$)", name))


_POSSESSOR = re.compile(r"[^ ]+['’]s ")
_PRESIDENTS = re.compile(r"(?:the )?President['’]s ")
_INNER_POSSESSOR = re.compile(r".*['’]s (?=[A-Z])")
# A possessive that is part of a name: of a class of people, or of a saint
_OF_A_NAME = re.compile(
    r"(?:^|\s)(?:(?:Children|Women|Men|People)['’]s|(?:Saint|St\.) [A-Z][a-z]+['’]s) $"
)
_LAW = re.compile(r" Act\b")
_ROLES = r"(?:Co-)?Chairs?|Co-[Cc]hairs?|Secretary|Minister|Ambassador|Envoy"
_OFFICERS = r"Envoy|Counsel|Representative|Coordinator|Advisor|Adviser|Director|Secretary"
# A capitalized plural after a name, not a head or a title: the name is part of the name
# of a kind of thing ("IT Service Providers", "Kennedy Center Honors")
_NAME_GOES_ON_AFTER = re.compile(
    rf" (?!(?:{ORG_HEADS}|{PERSON_TITLES}|{_ROLES}|Chair|Chairman|Chief|Spokesperson|Deputy|"
    r"Acting|Senior|Executive|Assistant|Special|General|CEO)\b)[A-Z][a-z]+s\b"
)
# an article, or an adverb's compound opening a sentence ("Newly-established Combined
# Task Force 153", "Federally-funded …"): not part of the name after it
_DETERMINERS = r"(?:The|A|An|This|That|These|Those|Our|Their|Its|His|Her|My|Your)"
# What opens a sentence before a name: "The", "Our", "Newly-established", and a
# preposition, with or without an article ("At Ulster University", "At The Urban Institute")
_LEADING_WORD = re.compile(
    r"(?:(?:At|In|On|By|From|With|Into|Through|Within|Under|Across|After|During|Since) "
    rf"(?:{_DETERMINERS} )?|{_DETERMINERS} |[A-Z][a-z]+ly-[a-z]+ )(?=[A-Z])"
)


_LEGAL_HEADS = ("Inc", "Ltd", "LLC", "PLC")  # heads that are a company's legal form
_LEGAL_FORM_FIRST = re.compile(rf"(?:{'|'.join(_LEGAL_HEADS)})\b")
# A body of some other body, named by its kind alone: one per owner, not one across texts
_GENERIC_NAME = re.compile(
    r"Board of (?:Directors|Trustees|Governors|Visitors|Regents|Advisors)"
    r"|(?:Executive|Advisory|Steering|Select|Standing) (?:Committee|Council|Board)"
    r"|(?:Joint )?Task Force"
)


# What a name with a head noun names when it is no body: a building, a hall, a vehicle
# ("Eisenhower Executive Office Building", "Air Force One"), an award ("Distinguished
# Service Cross"), a degree ("Master of Business Administration"), a room or a region
# ("the Oval Office", "the West Bank")
_NOT_A_BODY_AFTER = re.compile(r" (?:Building|Auditorium|One|Two|Medal|Cross|Award|Prize)\b")
_DEGREE_BEFORE = re.compile(r"\b(?:Master|Bachelor|Doctor)(?:['’]?s)? (?:[Dd]egree )?(?:of|in) $")
_ROOM_OR_REGION = re.compile(r"(?:Oval|Ceremonial) Office|(?:West|East|North|South) Bank")


def _coordinated(
    text: str, match: re.Match[str], span: Span, found: Found
) -> tuple[Span, Span] | None:
    """Two names joined by "and" before one head noun, each of two words or more
    ("GE Aerospace and Hindustan Aeronautics Limited"): the spans of both. One-word
    sides are one name ("Food and Drug Administration", "National Oceanic and
    Atmospheric Administration"), and so are common nouns joined ("Integrated Air and
    Missile Defense Capability Coalition", where the text also writes "air" and
    "missile")."""
    if match.group("qual"):
        return None
    before_head = text[match.start("core") : match.start("head")]
    cut = before_head.rfind(" and ")
    if cut < 0:
        return None
    if before_head.endswith(",", 0, cut):
        return None  # "Positioning, Navigation, and Timing Advisory Board": a list in a name
    left = before_head[:cut].split()
    if left and left[0] in ("The", "A", "An"):
        left = left[1:]
    if len(left) < 2 or len(before_head[cut + 5 :].split()) < 2:
        return None
    if _FIELDS_JOINED.search(before_head, max(0, cut - 12), cut + 18):
        return None  # "Defense Science and Technology Cooperation Group": one field
    if _ADJECTIVE.search(left[-1]):
        return None  # "Commonwealth Scientific and Industrial Research Organisation"
    right_first = before_head[cut + 5 :].split()[0]
    if {left[-1].casefold(), right_first.casefold()} <= found.lower_case_words(text):
        return None
    left_end = match.start("core") + cut
    left_start = left_end - len(" ".join(left))
    return Span(left_start, left_end), Span(left_end + 5, span.end)


# Fields named in pairs, which join two words of one name, not two names
_FIELDS = (
    r"Science|Sciences|Research|Technology|Technologies|Development|Innovation|Trade|Aerospace|"
    r"Investment|Industry|Economy|Commerce|Energy|Security|Defense|Health|Education|"
    r"Training|Engineering|Infrastructure|Environment|Climate|Humanities|Arts|Culture|"
    r"Standards|Conformance"
)
# A word that qualifies a noun yet to come, so cannot end a name
_ADJECTIVE = re.compile(r"[a-z](?:ific|ical|ic|al|ive|ous)$")
_FIELDS_JOINED = re.compile(rf"\b(?:{_FIELDS}) and (?:{_FIELDS})\b")
_TOKEN = re.compile(r"[\w.'’&–-]+|[,()]")
_CONNECTORS = {"of", "for", "and", "the", "on", "in", "&", *FOREIGN_CONNECTORS}
_ELIDED = re.compile(r"[dlDL]['’][A-Z]")  # "de l’Entreprise", "d’Études"
NAME_WINDOW = 200  # characters before its end in which a name is looked for


def name_before(text: str, block: Span, end: int) -> Span | None:
    """The capitalized name that ends at ``end`` (walking back over connectors and
    commas inside the name, stopping at a list separator such as ", the" or "and the")."""
    tokens = list(_TOKEN.finditer(text, max(block.start, end - NAME_WINDOW), end))
    start: int | None = None
    index = len(tokens) - 1
    while index >= 0:
        token = tokens[index].group(0)
        if token in "()":
            break
        if token == ",":
            after = tokens[index + 1].group(0) if index + 1 < len(tokens) else ""
            if after[:1].islower() or start is None:
                break
        elif token[0].isupper() and start is not None and token.endswith(("'s", "’s")):
            start = tokens[index].start()  # a possessive begins the name ("Japan's …",
            break  # "… Homeland Security’s Cybersecurity … Agency"): the caller decides
        elif token[0].isupper() or _ELIDED.match(token):
            start = tokens[index].start()
        elif token == "the" and index > 0 and tokens[index - 1].group(0) == "and":
            break  # "NASA and the Indian Space Research Organisation (ISRO)": two names
        elif token not in _CONNECTORS:
            break
        index -= 1
    if start is None:
        return None
    article = re.match(r"(?:(?:The|A|An) )+", text[start:end])
    if article:
        start += article.end()  # "The U.S. Department …" at a sentence start
    return Span(start, end) if start < end else None


def _acronym_definitions(
    text: str,
    block: Span,
    pat: _Patterns,
    found: Found,
    defined: dict[str, str],
    tech_aliases: dict[str, str],
) -> None:
    for match in _iter(pat.acronym, text, block):
        acronym = match.group("acr")
        name_span = name_before(text, block, match.start() - 1)
        if name_span is None:
            continue
        before = found.organization_ends.get(name_span.end)
        if before is not None:  # "President’s Council of … (PCAST)", the name already found
            known_entity = found.entities[before]
            known_entity.acronym = known_entity.acronym or acronym
            defined[acronym] = before
            found.add(known_entity, Span(match.start("acr"), match.end("acr")))
            continue
        name = text[name_span.start : name_span.end]
        if name.endswith(("'s", "’s")):  # "the Department of Transportation’s (DOT) …"
            name_span, name = Span(name_span.start, name_span.end - 2), name[:-2]
        if office := _TITLE_OF.match(name):  # "Director of the Office of … (OPM)"
            name_span, name = (
                Span(name_span.start + office.end(), name_span.end),
                name[office.end() :],
            )
        qualifier = pat.leading_qualifier.match(name)
        possessor = _POSSESSOR.match(name)
        if possessor and not qualifier:  # "Homeland Security’s Cybersecurity … Agency"
            name_span = Span(name_span.start + possessor.end(), name_span.end)
            name = text[name_span.start : name_span.end]
        concept = pat.tech_keys.get(tech_key(name))
        if concept:
            tech_aliases[acronym] = concept
            continue
        if pat.ref.country_for_alias(name):
            continue
        person_after = not _HEAD.search(name) and _PERSON_NAME_AFTER.match(text, match.end())
        if _PERSON_TITLE_AT_END.search(name) or person_after:
            # "National Security Advisor (NSA)", "… for National Security Affairs (APNSA)
            # Jake Sullivan": a person's office
            found.titles.add(acronym)
            continue
        has_head = _HEAD.search(name) is not None
        known = pat.org_names.get(name.casefold())
        # "Centre National de la Recherche Scientifique (CNRS)": a name in its own
        # language, whose head comes first
        foreign = None if has_head or known else _FOREIGN_HEAD.match(name)
        if not (has_head or qualifier or known or foreign):
            continue
        if not (has_head or known or foreign) and (
            _NAME_GOES_ON.match(text, match.end()) or _NAMES_A_PROGRAM.search(name)
        ):
            # "Japan’s Green Transformation (GX) Promotion Strategy", "the Japanese
            # Language Education Assistant Program (J-LEAP)": a program's name, not a body's
            continue
        apposed = pat.government_after.match(text, name_span.end)
        located = pat.ref.country_for_alias(apposed.group("country")) if apposed else None
        entity = _resolve_org(pat, name, qualifier.group(0) if qualifier else None, located)
        if entity is None:
            continue
        if foreign and not entity.reference:
            entity.org_class = _FOREIGN_HEADS[foreign.group("head")]
        entity.acronym = entity.acronym or acronym
        defined[acronym] = entity.key
        if found.free(name_span):
            found.add(entity, name_span)
        found.add(entity, Span(match.start("acr"), match.end("acr")))


MAX_NAMES_FOUND = 2_000  # names read again in a document (real ones have dozens)


def _names_found(found: Found) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """The names of organizations found by their context ("Intel will invest …", "a
    partnership between X and Y"), to be found again wherever else the document writes
    them ("… private investment from Intel"); names with a head noun or in the reference
    data are read everywhere already. Bounded, since a hostile text may make thousands."""
    names = dict(islice(found.by_context.items(), MAX_NAMES_FOUND))
    return (names_pattern(names), names) if names else None


# "The National Space Council (Council)", "the Quad Senior Cyber Group (the Group)",
# "… (hereinafter “the Committee”)": one word of the name, defined as its short form
_SHORT_FORM = re.compile(
    r" \((?:hereinafter (?:referred to as )?)?[“\"]?(?:the )?(?P<short>[A-Z][a-z]{2,30})[”\"]?\)"
)


def _short_form_definitions(text: str, block: Span, found: Found, defined: dict[str, str]) -> None:
    """A word of an organization's name defined as its short form names it wherever the
    document writes it ("The Council shall …")."""
    for match in _iter(_SHORT_FORM, text, block):
        key = found.organization_ends.get(match.start())
        if key is None:
            continue
        short = match.group("short")
        if short in found.entities[key].label.split():
            defined.setdefault(short, key)
            found.add(found.entities[key], Span(match.start("short"), match.end("short")))


_NAME_GOES_ON = re.compile(r" [A-Z][a-z]")
# What a headless name with an acronym names when it is no body: a program, a law, a
# meeting, an agreement, a measure ("U.S. Gross Domestic Product (GDP)"), a person's
# title ("U.S. Senator Jim Risch (R-ID)")
_NAMES_A_PROGRAM = re.compile(
    rf"\b(?:{PROGRAM_HEADS}|Strategy|Plan|Project|Framework|Act|Law|Conference|Summit|Dialogue|"
    r"Discussion|Agreement|Treaty|Accords?|Contribution|Product|Status|Understanding|"
    r"Regulations?|Standards?|Rules|Guidelines|Principles|Declaration|Convention|Protocol)$"
    r"|\b(?:Senator|Representative|Congresswoman|Congressman|Governor|Mayor)\b"
)
# A person's title before the organization an acronym is defined for
_TITLE_OF = re.compile(
    r"(?:Director|Secretary|Administrator|Chair|Head|Commissioner|Chief) of (?:the )?(?=[A-Z])"
)


def _reference_names(ref: Reference) -> dict[str, str]:
    """Reference names, aliases and acronyms of organizations (not countries'
    governments, found by their own patterns) → keys."""
    names = {o.name_en: o.key for o in ref.organizations.values() if o.kind != "government"}
    names.update({o.name_ja: o.key for o in ref.organizations.values() if o.name_ja})
    for org in ref.organizations.values():
        names.update(dict.fromkeys(org.aliases, org.key))
    names.update({o.acronym: o.key for o in ref.organizations.values() if o.acronym})
    return names


def _name_patterns(
    pat: _Patterns, defined: dict[str, str]
) -> list[tuple[re.Pattern[str], dict[str, str]]]:
    """The acronyms this document defines (first: they win over a reference acronym
    spelled the same), then the reference acronyms and one-word names (compiled once;
    the names of several words were read before the organization patterns)."""
    own = [(names_pattern(defined), defined)] if defined else []
    return [*own, (pat.short, pat.short_names)]


_CAPITALIZED_BEFORE = re.compile(r"(?<![\w.’'-])(?!(?:The|A|An) )[A-Z][\w.’'-]*[ -]$")
_CAPITALIZED_AFTER = re.compile(r"[ -][A-Z]")


def _inside_longer_name(
    text: str, span: Span, pat: _Patterns, country: str | None, listed: bool
) -> bool:
    """Whether a one-word name is part of a longer capitalized one ("Commerce" in
    "Chamber of Commerce" is not the Department; "Defense" in "Defense Production Act";
    "Senate" in "the Senate of the Philippines" is not the US Senate, though "the
    Congress of the United States" is the Congress of ``country``). After a name in a
    list (``listed``: "ISIS and al-Qa’ida") only what follows it can make it part of one."""
    before = text[max(0, span.start - 30) : span.start]
    of_a_name = _OF_A_NAME_AFTER.match(text, span.end)
    if of_a_name and country is not None:
        of = pat.government_of.match(text, span.end)
        if (
            of
            and pat.ref.country_for_alias(of.group("country")) == country
            and not _CAPITALIZED_AFTER.match(text, of.end())  # not "of the American Society"
        ):
            of_a_name = None
    return bool(
        (not listed and _CAPITALIZED_BEFORE.search(before))
        or (not listed and _CAPITALIZED_CONNECTED_BEFORE.search(before))
        or _CAPITALIZED_AFTER.match(text, span.end)
        or of_a_name
    )


_OF_A_NAME_AFTER = re.compile(r" of (?:the )?[A-Z]")
# a capitalized word and a connector before a one-word name: "Chamber of Commerce",
# "Science and Technology" go on; "executives of Citi", "$1.5 billion for GlobalFoundries"
# do not
_CAPITALIZED_CONNECTED_BEFORE = re.compile(r"[A-Z][\w.’'-]* (?:of|for|and) $")


# A body's name that begins the name of a text: "United Nations Convention on …"
_NAMES_A_TEXT = re.compile(
    r" (?:Convention|Charter|Treaty|Protocol|Resolution|Declaration|Covenant|Accords?)\b"
)


def _known_names(
    text: str,
    block: Span,
    pat: _Patterns,
    found: Found,
    known: tuple[re.Pattern[str], dict[str, str]],
) -> None:
    pattern, names = known
    for match in _iter(pattern, text, block):
        span = Span(match.start(), match.end())
        if not found.free(span):
            continue
        # "U.S. National Science Foundation", as the name patterns read qualified names
        # (an acronym or one-word name is read without: "Japan's RIKEN" names "RIKEN";
        # after another country's qualifier either names that country's body)
        qualified = pat.qualifier_before.search(text, max(block.start, span.start - 40), span.start)
        if qualified and not found.free(Span(qualified.start(), span.start)):
            qualified = None
        if _PERSON_TITLE_AT_END.search(match.group(0)) and _PERSON_NAME_AFTER.match(text, span.end):
            continue  # "U.S. Trade Representative Katherine Tai" is a person
        if names is pat.short_names and match.group(0) in found.titles:
            continue  # "NSA Doval" after "National Security Advisor (NSA)"
        if _NAMES_A_TEXT.match(text, span.end):
            continue  # "the United Nations Convention on the Law of the Sea", "UN Charter"
        key = names[match.group(0)]
        own = pat.ref.organizations.get(key)
        if " " not in match.group(0) and not match.group(0).isupper():  # one word
            listed = text.endswith((" and ", ", "), 0, span.start) and any(
                span.start - gap in found.organization_ends for gap in (5, 2)
            )  # "ISIS and al-Qa’ida": a list of names, not one name
            if _inside_longer_name(text, span, pat, own.country if own else None, listed):
                continue
        state = (
            pat.state_before.search(text, max(block.start, span.start - 20), span.start)
            if own and " " in match.group(0)
            else None
        )
        if state:
            # "Texas Department of Transportation", "New Jersey Department of Labor": a
            # state's body, not the nation's (nor Jersey's)
            body = _state_body(pat, text, state.start(), span.end)
            if body is not None and found.free(Span(state.start(), span.end)):
                found.add(body, Span(state.start(), span.end))
            continue
        if qualified and key in pat.ref.organizations:
            qualifier = qualified.group(0).strip()
            entity = _resolve_org(pat, f"{qualifier} {match.group(0)}", qualifier)
            if entity is not None and not entity.reference:
                # "the Philippine Department of Energy", "China CDC": another country's
                # body of the same name
                found.add(entity, Span(qualified.start(), span.end))
                continue
        if qualified and " " in match.group(0):
            span = Span(qualified.start(), span.end)
        if key in pat.ref.organizations:
            found.add(_reference_entity(pat.ref, key), span)
        else:
            found.add(found.entities[key], span)


def _department(pat: _Patterns, words: str) -> str | None:
    """The key of the reference "Department of {words}" (or "of the {words}")."""
    key = pat.org_names.get(f"department of {words}".casefold())
    return key or pat.org_names.get(f"department of the {words}".casefold())


_CONSULTED = re.compile(
    r"\b(?:(?:consultation|coordination|conjunction) with|concurrence of) (?:the )?$"
)


def _departments_of_heads(text: str, block: Span, pat: _Patterns, found: Found) -> None:
    """ "The Secretary of Commerce shall …": the Department of Commerce (when the
    reference data knows it) is named, by the words after "of" ("the Attorney General":
    the Department of Justice); see :attr:`Found.if_acting`."""
    for match in _iter(pat.head_of, text, block):
        if _CONSULTED.search(text, max(block.start, match.start() - 40), match.start()):
            continue  # "in consultation with the Secretary of State": no actor
        if match.group("attorney"):
            span, key = Span(*match.span()), _department(pat, "Justice")
        else:
            span = Span(match.start("of"), match.end("of"))
            key = _department(pat, match.group("of"))
        if key and found.free(span):
            found.add(_reference_entity(pat.ref, key), span)
            found.if_acting.add(span)


# "the Departments of Commerce, the Interior, and Health and Human Services"
_DEPARTMENTS = re.compile(
    r"(?=D)\bDepartments of (?P<run>(?:the )?[A-Z][a-z]+(?: [A-Z][a-z]+){0,3}"
    r"(?:(?:,| and|, and) (?:the )?[A-Z][a-z]+(?: [A-Z][a-z]+){0,3}){0,12})"
)


# A line that is one name in capitals, as annexes list bodies: "AVIC HEAVY MACHINERY
# COMPANY LIMITED", "CHINA ACADEMY OF LAUNCH VEHICLE TECHNOLOGY"
_CAPITALS_LINE = re.compile(r"[A-Z0-9][A-Z0-9 ,.’'()&/-]{3,150}")
_CAPITALS_HEAD = re.compile(
    r"\b(?:CORPORATION|COMPANY|LIMITED|LTD|CO|INC|GROUP|HOLDINGS|INSTITUTE|ACADEMY|"
    r"UNIVERSITY|BANK|AGENCY|ADMINISTRATION|MINISTRY|BUREAU)\b"
)
_CAPITALS_COMPANY = re.compile(r"\b(?:CORPORATION|COMPANY|LIMITED|LTD|CO|INC|HOLDINGS)\b")
# a name in capitals after a title or markup on its line ("Annex</span> AERO …")
_CAPITALS_AFTER_TITLE = re.compile(r"(?<=[a-z>] )[A-Z0-9][A-Z0-9 ,.’'()&/-]{3,150}$")


def _name_in_capitals(text: str, block: Span, pat: _Patterns, found: Found) -> None:
    """A block that is one name written in capitals with a head noun is that body."""
    if block.end - block.start > 200:
        return
    raw = text[block.start : block.end]
    name = raw.strip().rstrip(",;:")
    if (tail := _CAPITALS_AFTER_TITLE.search(name)) is not None:
        name = tail.group(0)  # "<span …>Annex</span> AERO ENGINE CORPORATION OF CHINA"
    if not _CAPITALS_LINE.fullmatch(name) or not _CAPITALS_HEAD.search(name):
        return
    if len(name.split()) < 2:
        return
    start = block.start + raw.find(name)
    span = Span(start, start + len(name))
    if not found.free(span):
        return
    country = _country_in_name(pat, name)
    org_class = "Company" if _CAPITALS_COMPANY.search(name) else None
    key = org_key(country, name)
    found.add(Entity("organization", key, name, country=country, org_class=org_class), span)


def _departments_listed(text: str, block: Span, pat: _Patterns, found: Found) -> None:
    """Each department of "the Departments of Commerce, Energy, and Treasury" that the
    reference data knows, named by its words; an item may hold "and" ("Health and Human
    Services"), so two items are first tried as one."""
    if text.find("Departments of", block.start, block.end) < 0:
        return
    for match in _iter(_DEPARTMENTS, text, block):
        items = list(_items(text, match.start("run"), match.end("run")))
        i = 0
        while i < len(items):
            for j in (i + 1, i):
                if j >= len(items):
                    continue
                span = Span(items[i][0], items[j][1])
                words = text[span.start : span.end].removeprefix("the ")
                key = _department(pat, words)
                if key:
                    if found.free(span):
                        found.add(_reference_entity(pat.ref, key), span)
                    i = j
                    break
            i += 1


# Bodies that share a plural head: "Arizona State and Purdue Universities", "Los Alamos
# and Sandia National Laboratories", "Silicon Valley and Signature Banks"
_SHARED_HEADS = {
    "Universities": ("University", "University"),
    "National Laboratories": ("National Laboratory", "ResearchInstitute"),
    "Banks": ("Bank", "Company"),
}
_SHARING_ITEM = r"(?!National )[A-Z][\w.’'-]{1,40}(?: (?!National )[A-Z][\w.’'-]{1,40}){0,2}"
_SHARING_A_HEAD = re.compile(
    rf"(?=[A-Z])(?<![\w.’'-])(?P<run>{_SHARING_ITEM}(?:, {_SHARING_ITEM}){{0,8}},? and "
    rf"{_SHARING_ITEM}) (?P<head>{'|'.join(_SHARED_HEADS)})\b"
)


def _bodies_sharing_a_head(text: str, block: Span, pat: _Patterns, found: Found) -> None:
    """Each body of a list before one plural head, named by its own words."""
    if not any(text.find(head, block.start, block.end) >= 0 for head in _SHARED_HEADS):
        return
    for match in _iter(_SHARING_A_HEAD, text, block):
        singular, org_class = _SHARED_HEADS[match.group("head")]
        for start, end in _items(text, match.start("run"), match.end("run")):
            if text.startswith(("the ", "The "), start):
                start += 4
            words = text[start:end]
            if set(words.casefold().split()) <= found.lower_case_words(text):
                continue  # "Public and Land-Grant Universities": no names
            entity = _resolve_org(pat, f"{words} {singular}", None)
            if entity is None or not found.free(span := Span(start, end)):
                continue
            if not entity.reference:
                entity.org_class = org_class
            found.add(entity, span)


def _parties(text: str, block: Span, pat: _Patterns, found: Found) -> None:
    """Countries acting as parties are their governments (the actors of what follows)."""
    for match in _iter(pat.party, text, block):
        if not (match.group("lead") or match.group("verb")):
            continue
        if not match.group("lead") and not _opens_clause(text, block, match.start()):
            continue  # "investment in India is …": India is not the subject
        verb = (match.group("verb") or "").strip(" ,")
        # "Russia uses energy as a weapon": one country before any verb names its
        # government only if it commits to something; countries together ("the United
        # States and India work …") or with partners ("… and our partners") are parties
        weak = not match.group("lead") and not _PARTY_VERB.fullmatch(verb)
        weak = weak and not verb.startswith(("and ", "with "))
        weak = weak and _LIST_SEPARATOR.search(match.group("run")) is None
        for start, end in _items(text, match.start("run"), match.end("run")):
            item = text[start:end]
            if (paren := item.find(" (")) >= 0:  # "United Arab Emirates (UAE)", "Japan (together"
                end, item = start + paren, item[:paren]
            if item.startswith(("the ", "The ")):
                start, item = start + 4, item[4:]
            city = _CITY_BEFORE.search(text, max(block.start, start - 60), start)
            if city and text.startswith(",", end):
                continue  # "in Phnom Penh, Cambodia, President Biden …": a place
            adjective = (
                item in pat.demonyms and not match.group("lead") and not _PARTY_VERB.fullmatch(verb)
            )  # "Russian gas accounted for …": an adjective before its noun
            if (
                pat.ref.country_for_alias(item)
                and not item.endswith(("'s", "’s"))
                and not adjective
            ):
                span = Span(start, end)
                entity = _government(pat, item)
                if entity and found.free(span):
                    found.add(entity, span)
                    if weak:
                        found.if_acting.add(span)


# Those a list of countries are examples of: "Several Allies – including …"
_COLLECTIVE_BEFORE = re.compile(
    r"(?:(?:[Ss]everal|[Mm]any|[Oo]ther|[Ss]ome|[Tt]he|[Oo]ur|[Tt]hese) )?"
    r"(?:[Aa]llies|[Pp]artners|countries|governments|members|nations),? (?:[–—] |\()?$"
)


def _agents(text: str, block: Span, pat: _Patterns, found: Found) -> None:
    """Countries named as those who did something ("donated by Germany and Romania"), or
    as examples of those who act ("Allies – including Canada and Spain – will"), act as
    their governments."""
    cues = (" by ", " including ", " such as ", " like ", " namely ")
    if not any(text.find(cue, block.start, block.end) >= 0 for cue in cues):
        return
    examples = (
        m
        for m in _iter(pat.examples, text, block)
        if (who := _COLLECTIVE_BEFORE.search(text, max(block.start, m.start() - 40), m.start()))
        and _opens_clause(text, block, who.start())
    )
    for match in chain(_iter(pat.agents, text, block), examples):  # (examples as subjects)
        for start, end in _items(text, match.start("run"), match.end("run")):
            if text.startswith(("the ", "The "), start):
                start += 4
            entity = _government(pat, text[start:end])
            if entity and found.free(span := Span(start, end)):
                found.add(entity, span)


def _sides(text: str, block: Span, pat: _Patterns, found: Found, own: Entity) -> None:
    """The countries of a relationship of the publisher's own government with others
    ("cooperation between Australia, India, Japan, and the United States" in a text of
    the United States) are its parties: their governments."""
    if text.find(" between ", block.start, block.end) < 0:
        return
    for match in _iter(pat.between, text, block):
        items = []
        for start, end in _items(text, match.start("run"), match.end("run")):
            if text.startswith(("the ", "The "), start):
                start += 4
            items.append((Span(start, end), _government(pat, text[start:end])))
        if not any(entity and entity.key == own.key for _, entity in items):
            continue
        for span, entity in items:
            if entity and found.free(span):
                found.add(entity, span)


def _opens_clause(text: str, block: Span, start: int) -> bool:
    """Whether a name at ``start`` opens its block or a clause (so is a subject)."""
    before = text[max(block.start, start - 8) : start]
    return start == block.start or _CLAUSE_START.search(before) is not None


def _items(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The items of the list ``text[start:end]`` ("A, B, and C"), as (start, end)."""
    for separator in _LIST_SEPARATOR.finditer(text, start, end):
        yield start, separator.start()
        start = separator.end()
    yield start, end


def _announcers(text: str, blocks: list[Span], pat: _Patterns, found: Found) -> None:
    """In a fact sheet, names that open a clause and announce are organizations:
    "Korean Air will purchase …", "HD Hyundai and Cerberus Capital Management will
    partner …", "Centrus Energy Corp, KHNP, and POSCO … agreed to …", "Berkshire
    Hathaway Energy Renewables (BHE Renewables) will announce …". Without a head noun
    such a body is taken for a company, which fact sheets most often name so."""
    bodies = _NewBodies(text, pat, found)
    for block, match in ((b, m) for b in blocks for m in _iter(_ANNOUNCER_WITH, text, b)):
        if _opens_clause(text, block, match.start()):
            bodies.add_list(match.start("run"), match.end("run"))
    for block, match in ((b, m) for b in blocks for m in _iter(_ANNOUNCER, text, b)):
        if _opens_clause(text, block, match.start()):
            bodies.add_list(match.start("run"), match.end("run"))
        elif (comma := text.find(", ", match.start(), match.end("run"))) >= 0:
            # "In addition to BHE Renewables, Controlled Thermal Resources and EnergySource
            # Minerals have established …": the clause opens after the first name
            bodies.add_list(comma + 2, match.end("run"))


def _partners(text: str, blocks: list[Span], pat: _Patterns, found: Found) -> None:
    """Names after "a partnership between", "in partnership with", "jointly developed
    by" are organizations: "a partnership between the U.S. Space Force and 3rdiTech",
    "in partnership with Ford and Volvo"; and so are the investors of "Microsoft’s $2.9
    billion investment", the examples of a kind of company ("producers like Cheniere"),
    a subsidiary and its parent ("LS Cable’s U.S. subsidiary, LS Greenlink"), the maker
    of what is bought ("purchase 103 new Boeing aircraft"), a contractor chosen for the
    work ("selected L3Harris Technologies to develop"), a company described as one
    ("Niron Magnetics, a Minnesota company", "power company PT Medco") and the recipient
    of an investment ("investing $85 million into Strategic Bauxite")."""
    bodies = _NewBodies(text, pat, found)
    # Each pattern runs only where its cue word is: most texts have none of them, and the
    # patterns start at every capitalized word (a sixth of the loader's time otherwise).
    contexts = [(p, cue) for p, cue in _CONTEXTS if _has_cue(cue, text)]
    for block in blocks:
        here = text[block.start : block.end]
        for pattern, cue in contexts:
            if not _has_cue(cue, here):
                continue
            for match in _iter(pattern, text, block):
                if "run" in pattern.groupindex:  # a list of names
                    bodies.add_list(match.start("run"), match.end("run"))
                    continue
                # "owner" and "name", or "name" (of a company unless described as no company)
                company = not (match.groupdict().get("kind") or "").startswith(_NOT_COMPANIES)
                for group in ("owner", "name"):
                    if group in pattern.groupindex:
                        bodies.add(Span(match.start(group), match.end(group)), company)


def _listed_companies(text: str, blocks: list[Span], pat: _Patterns, found: Found) -> None:
    """Listed companies named in passing ("with support from Accenture, Blackstone,
    Boeing …"), where nothing but the name says it is one. Not where the name is part of
    a longer one ("Ford Foundation"), a person's ("Henry Ford"), a place ("the Amazon"),
    an address, or a common word opening a sentence (the tests of :class:`_NewBodies`)."""
    if pat.companies is None:
        return
    bodies = _NewBodies(text, pat, found)
    for block in blocks:
        for match in _iter(pat.companies, text, block):
            before = text[max(0, match.start() - 30) : match.start()]
            if (
                _CAPITALIZED_BEFORE.search(before)  # "Henry Ford"
                or _CAPITALIZED_AFTER.match(text, match.end())  # "Ford Field"
                or before.endswith("/")  # an address
                # "the Amazon region", "the Japan Exchange and Teaching Programme" (not
                # "the Johnson & Johnson vaccine")
                or (
                    before.endswith(("the ", "The "))
                    and (" " not in match.group(0) or _CONNECTED_AFTER.match(text, match.end()))
                )
                or text.startswith("/", match.end())
            ):
                continue
            bodies.add(Span(match.start(), match.end()))  # (its country from the list)


_CONNECTED_AFTER = re.compile(r" (?:and|of|for|&) [A-Z]")  # a longer name goes on


# A list of names ("Accenture, Blackstone, Boeing, Google, and Western Digital")
# (names of four words at most: "Anne Arundel County Executive Pittman" is a person; not
# a part of "Floor & Decor" or "J&J")
_SHORT_NAME = r"[A-Z][\w.’'-]{0,40}(?: [A-Z][\w.’'-]{0,40}){0,3}"
_NAME_LIST = re.compile(
    rf"(?<![\w.’'&-])(?<!& )(?:{_SHORT_NAME}, ){{1,30}}{_SHORT_NAME},? and {_SHORT_NAME}"
    r"(?![\w’'&-]| &| [A-Z])"
)


def _companies_listed_with_companies(
    text: str, blocks: list[Span], pat: _Patterns, found: Found
) -> None:
    """The other names of a list whose names are mostly companies already found are
    companies too: "Boeing, Google, Mastercard, and Western Digital". (Only in blocks
    that name two companies: the list pattern starts at every capitalized word.)"""
    companies = {m.span for m in found.mentions if found.entities[m.entity].org_class == "Company"}
    if len(companies) < 2:
        return
    starts = sorted(span.start for span in companies)
    bodies = _NewBodies(text, pat, found)
    for block in blocks:
        first = bisect_left(starts, block.start)
        if first + 1 >= len(starts) or starts[first + 1] >= block.end:
            continue
        for match in _iter(_NAME_LIST, text, block):
            end = match.end()
            if text.endswith(".", 0, end) and not _ABBREVIATION_AT_END.search(text, 0, end):
                end -= 1  # a list that ends a sentence ("… and Nokia."; not "… Co.")
            items = [Span(*item) for item in _items(text, match.start(), end)]
            known = sum(item in companies for item in items)
            if known >= 2 and 2 * known >= len(items):
                for item in items:
                    if item not in companies:
                        bodies.add(item)


class _NewBodies:
    """Adds the organizations a list of names in ``text`` names, skipping what is no new
    body: countries, persons' surnames, kinds of bodies ("SMEs") and capitalized common
    words ("Production will begin …")."""

    def __init__(self, text: str, pat: _Patterns, found: Found) -> None:
        self.text, self.pat, self.found = text, pat, found
        self.surnames = {
            e.label.split()[-1] for e in found.entities.values() if e.kind == "person" and e.label
        }

    def add_list(self, start: int, end: int) -> None:
        for item_start, item_end in _items(self.text, start, end):
            self.add(Span(item_start, item_end))

    def add(self, span: Span, company: bool = True) -> None:
        """Adds the body ``text[span]`` names, if it is one: a company unless it has a head
        noun or not ``company`` ("HOPE, a Detroit-based nonprofit")."""
        pat, found = self.pat, self.found
        name = self.text[span.start : span.end]
        country = None
        if owner := _POSSESSOR.match(name):  # "America’s ReElement Technologies"
            country = pat.ref.country_for_alias(owner.group(0).strip())
            if country is None:
                return
            span, name = Span(span.start + owner.end(), span.end), name[owner.end() :]
        if name.startswith("the "):
            span, name = Span(span.start + 4, span.end), name[4:]
        for cut in (2, 1):  # "Saudi Arabian DataVolt": a brand after its country's adjective
            head, rest = _split_after(name, cut)
            if head in pat.demonyms and _BRAND.fullmatch(rest):
                country = pat.ref.country_for_alias(head)
                span, name = Span(span.end - len(rest), span.end), rest
                break
        short = None
        if name.endswith(")") and (paren := name.rfind(" (")) > 0:  # "… Renewables (BHE …)"
            short = Span(span.start + paren + 2, span.end - 1)
            span, name = Span(span.start, span.start + paren), name[:paren]
        if (stop := name.find(". ")) >= 0:  # "… United States. During …": a sentence ends
            span, name = Span(span.start, span.start + stop + 1), name[: stop + 1]
        if name.endswith(".") and not _ABBREVIATION_AT_END.search(name):
            span, name = Span(span.start, span.end - 1), name[:-1]  # "… Kinder Morgan."
        words = name.split()
        if name in pat.ref.us_states and not pat.ref.country_for_alias(name):
            # "California will expand training": the state's government acts (not
            # "Georgia", a country's name too; not in an address: "Gravidas Diagnostics,
            # Inc. of Los Angeles, California will receive …")
            address = _PLACE_BEFORE.search(self.text, max(0, span.start - 40), span.start)
            if found.free(span) and not address:
                found.add(us_state(name), span)
            return
        if (
            not words
            or not found.free(span)
            or words[0].casefold() in _NOT_NAME_WORDS
            or words[0] in _NOT_ANNOUNCER_WORDS
            or words[0] in found.titles  # "NSA Doval" after "National Security Advisor (NSA)"
            or words[-1] in self.surnames
            or pat.ref.country_for_alias(name)
            or not re.search(r"[A-Za-z]", name)  # "America’s 14 mining schools"
            or name.endswith(("’s", "'s"))  # a possessor: "into America’s economy"
            or name.endswith(".gov")  # a government's website: "TrumpRx.gov, a … platform"
            or _LEGAL_FORM.fullmatch(name)  # "Enbridge, Inc., a Canadian company"
            or (len(words) == 1 and _KINDS_OF_BODIES_OR_PEOPLE.fullmatch(name))
            or (len(words) == 1 and name.endswith("ly"))  # "Recently announced …"
            or (len(words) == 1 and _HEAD.fullmatch(re.sub(r"ies$", "y", name).removesuffix("s")))
            or re.match(r" of [A-Z]", self.text[span.end : span.end + 5])  # a longer name
            # … and so is "Federation of American Scientists", "Center for an Agricultural …"
            or _LONGER_NAME_BEFORE.search(self.text, max(0, span.start - 40), span.start)
            or _NAMES_A_PROGRAM.search(name)  # "U.S.-Iraq Business Dialogue, a … platform"
            or words[-1] in _STATE_WORDS
            or re.search(r"-[a-z]*$", name)  # an adjective ("Black-owned"), a broken word
            or words[-1] in _COLLECTIVE_WORDS
            or words[0] in _COLLECTIVE_WORDS
            or name in pat.demonyms
        ):
            return
        if len(words) == 1:
            # a common noun opening a sentence; a name ("Tesla", "Amazon") is not also
            # written in lower case
            if name.casefold() in found.lower_case_words(self.text):
                return
            # "Redwood" after "Redwood Materials": the short form of a name found here
            longer = found.first_words.get(name)
            if (
                longer is not None
                and name in pat.ref.companies
                and not any(
                    m.entity == longer and m.span.start < span.start for m in found.mentions
                )
            ):
                longer = None  # "Amazon will invest …" before "Amazon Web Services": Amazon
            if longer is not None and longer in found.entities:
                found.add(found.entities[longer], span)
                return
            department = _department(pat, name)
            if department:  # "Commerce will convene …"
                found.add(_reference_entity(pat.ref, department), span)
                return
        # "Korean Air"; a listed company's country
        country = country or _country_in_name(pat, name) or pat.ref.companies.get(name) or None
        entity = _resolve_org(pat, name, None, country) or Entity(
            "organization", org_key(country, name), name, country=country
        )
        if not entity.reference and not _HEAD.search(name):
            entity.org_class = "Company" if company else None
        found.add(entity, span)
        if not entity.reference:
            found.by_context.setdefault(name, entity.key)
        if short is not None and found.free(short):
            found.add(entity, short)
            found.by_context.setdefault(self.text[short.start : short.end], entity.key)


# "… of Los Angeles, " before a state's name: an address (unlike _CITY_BEFORE, after
# "of" too: "the leaders of Australia, India …" lists countries, never states)
_PLACE_BEFORE = re.compile(r"\b(?:of|in|at|from|near|to) (?:[A-Z][\w.’'-]* ){0,2}[A-Z][\w.’'-]*, $")


# The end of a name that goes on into the next: "Federation of ", "Tren de ", "Center for an "
# (not a person's title: "CEO of Pfizer", "Vice President for IGT")
_LONGER_NAME_BEFORE = re.compile(
    rf"(?:\b(?:{ORG_HEADS}|Federation|Alliance|Network|League|Friends) (?:of|for)|"
    r"[A-Z][\w’'.-]* (?:de|del|la))(?: the| an| a)? $"
)
# A coined name, not a word: "DataVolt", "ReElement", "KHNP", "3M"
_BRAND = re.compile(r"[A-Z0-9][a-z0-9]*[A-Z0-9][\w&-]*")


def _split_after(name: str, words: int) -> tuple[str, str]:
    """``name`` cut after its first ``words`` words (the rest empty if it has no more).

    >>> _split_after("Saudi Arabian DataVolt", 2)
    ('Saudi Arabian', 'DataVolt')
    >>> _split_after("Korean Air", 2)
    ('Korean Air', '')
    """
    parts = name.split(" ", words)
    if len(parts) <= words:
        return name, ""
    return " ".join(parts[:words]), parts[words]


_ANNOUNCER_NAME = r"[A-Z0-9][\w&’'.-]{0,40}(?: [A-Z0-9][\w&’'.-]{0,40}){0,3}"
# (lists bounded, so that a hostile list without a verb is not rescanned from every name)
# "Berkshire Hathaway Energy Renewables (BHE Renewables)": a name with its short form
_NAMED = rf"{_ANNOUNCER_NAME}(?: \([A-Z][\w&’'. -]{{1,30}}\))?"
_ANNOUNCES = (
    r"(?:will|intends? to|plans? to|announced|agreed|"
    r"committed|launched|signed|selected|secured|finalized|won|has invested|"
    r"(?:is|are) (?:investing|committing|moving forward|building|expanding|partnering)|"
    r"invested|(?:has|have) (?:successfully )?(?:established|announced|agreed|committed|"
    r"launched|signed|partnered|secured|finalized|won)|(?:has|have) an? (?:[a-z]+ )?"
    r"(?:partnership|agreement|contract))\b"
)
_ANNOUNCER = re.compile(
    rf"(?=[A-Z0-9])(?<![\w.’'-])(?P<run>{_NAMED}(?:, {_NAMED}){{0,30}}"
    rf"(?:,? and (?:the )?{_NAMED})?) {_ANNOUNCES}"
)
# "CrossBoundary, in partnership with USAID, committed …": who acts with whom between
# the name and its verb
_ANNOUNCER_WITH = re.compile(
    rf"(?=[A-Z0-9])(?<![\w.’'-])(?P<run>{_NAMED}), (?:in partnership with|in collaboration "
    rf"with|with support from|together with) [^.;:•\n]{{1,200}}?, {_ANNOUNCES}"
)
# One word that names no one body: "SMEs", "NGOs" (kinds of bodies), "Democrats",
# "Teamsters", "Longshoremen" (of people); nor does a bare or plural head noun
# ("Alliance", "Departments"), while "Cheniere Partners" and "X Industries" are bodies.
_KINDS_OF_BODIES_OR_PEOPLE = re.compile(r"[A-Z]{2,}s|[A-Z][a-z]+(?:ans|ats|ers|ists|men)")
# Words of groups of people or places, not of one body: "Tribal Nations", "Pacific Islands"
_COLLECTIVE_WORDS = frozenset(
    {"Tribes", "Tribal", "Nations", "Peoples", "Indigenous", "Territories", "Territorial"}
    | {"Communities", "Universities", "Colleges", "Pacific", "Atlantic", "Commonwealth"}
    | {"Historically", "Historic", "Black", "Inspectors", "Trust", "State", "Allies"}
)
_ABBREVIATION_AT_END = re.compile(r"\b(?:Inc|Corp|Co|Ltd|Jr|Sr|[A-Z])\.$|\.[a-z]{2,4}\.$")
# verbs that may follow a name: "… and AECOM are building"
_AUXILIARIES = "are|is|was|were|will|would|have|has|had|can|could|may|might|shall|should"
# Whole names, not modifiers of a noun: "with AI developers", "with State, local, …"
# (a name that ends a sentence is whole: "… with Acme Capital. Qatar will …")
_WHOLE_NAMES = rf"(?![\w&’'.-]|(?<!\.) [A-Z0-9]|,? (?!(?:{_FUNCTION_WORDS}|{_AUXILIARIES})\b)[a-z])"
# What names partners: "a partnership between", "in partnership with", "a joint venture
# with", "jointly developed by"
_PARTNERS = re.compile(
    r"(?=[pcjabdmoA])"  # the first letters: most positions are ruled out at once
    r"\b(?:(?:partnership|collaboration|joint venture|alliance|consortium) (?:between|with)|"
    # the other side of an agreement or order: "a Joint Venture Agreement with X", "an
    # order from Qatar Airways"
    r"(?:[Aa]greement|contract|order)s? (?:with|from)|"
    r"(?:partner|collaborate)(?:s|d|ed|ing)? with|"
    r"(?:jointly )?(?:developed|built|manufactured|produced|operated) by) (?:the )?"
    rf"(?P<run>{_ANNOUNCER_NAME}(?:, {_ANNOUNCER_NAME}){{0,30}}"
    rf"(?:,? and (?:the )?{_ANNOUNCER_NAME})?)"
    rf"{_WHOLE_NAMES}"
)
# Kinds of company, in the plural: "producers like Cheniere"
_KINDS_OF_COMPANY = (
    r"companies|firms|corporations|businesses|enterprises|producers|manufacturers|makers|"
    r"automakers|chipmakers|suppliers|providers|operators|developers|exporters|importers|"
    r"sellers|buyers|traders|investors|carriers|airlines|utilities|startups|banks|insurers|"
    r"retailers"
)
# "producers like Cheniere", "sellers, including Trafigura and TotalEnergy"
_EXAMPLES = re.compile(
    rf"(?=[a-z])\b(?:{_KINDS_OF_COMPANY}),? (?:like|such as|including) (?:the )?"
    rf"(?P<run>{_ANNOUNCER_NAME}(?:, {_ANNOUNCER_NAME}){{0,30}}"
    rf"(?:,? and (?:the )?{_ANNOUNCER_NAME})?){_WHOLE_NAMES}"
)
# "LS Cable’s U.S. subsidiary, LS Greenlink,"
_SUBSIDIARY = re.compile(
    rf"(?=[A-Z0-9])(?<![\w.’'-])(?P<owner>{_ANNOUNCER_NAME})['’]s (?:[A-Z][\w.]* )?"
    rf"subsidiary,? (?P<name>{_ANNOUNCER_NAME})(?![\w&’'.-]| [A-Z0-9])"
)
# "purchase 103 new Boeing aircraft", "purchase state-of-the-art GE Aerospace engines"
_MAKER = re.compile(
    r"(?=[pboa])\b(?:purchas|buy|order|acquir|procur)\w* (?:of )?(?:up to |about |over )?"
    r"(?:[\d,]+ )?(?:[a-z]+(?:-[a-z]+)* )?"
    # a maker's name, not a model's ("F-35", "Boeing 737") or an adjective ("American-made")
    r"(?P<name>[A-Z][A-Za-z&’'.]{0,40}(?: [A-Z][A-Za-z&’'.]{0,40}){0,3}) (?:aircraft|airplanes|"
    r"planes|jets|airliners|engines|turbines|helicopters|locomotives|reactors)\b"
)
# "selected L3Harris Technologies to develop", "the selection of ASC Pty Ltd and BAE Systems
# to build"
_CONTRACTOR = re.compile(
    rf"(?=[scht])\b(?:selected|chose|contracted|hired|the selection of) "
    rf"(?P<run>{_ANNOUNCER_NAME}(?:, {_ANNOUNCER_NAME}){{0,10}}(?:,? and {_ANNOUNCER_NAME})?) to "
    r"(?:develop|build|supply|provide|produce|manufacture|design|deliver|construct|operate)\b"
)
_LEGAL_FORM = re.compile(r"(?:Inc|Corp|Co|Ltd|LLC|LLP|PLC|P\.A|S\.A|AG|GmbH)\.?")
# "Niron Magnetics, a Minnesota company", "Sila Nanotechnologies, a California-based
# manufacturer", "Chegg, an online-learning platform", "HOPE, a Detroit-based nonprofit"
_DESCRIPTION = (
    r", an? (?:[\w.-]+ ){0,4}?(?P<kind>company|firm|manufacturer|producer|startup|start-up|"
    r"developer|supplier|provider|maker|corporation|operator|subsidiary|business|unit|"
    r"division|affiliate|platform|nonprofit|non-profit|organi[sz]ation|investor|"
    r"conglomerate|lender|insurer|cooperative|contractor|charity)\b"
)
_NOT_COMPANIES = ("nonprofit", "non-profit", "organi", "charity")
_DESCRIBED = re.compile(
    rf"(?=[A-Z0-9])(?<![\w.’'-])(?P<name>{_ANNOUNCER_NAME})(?:,? {_LEGAL_FORM.pattern})?"
    rf"{_DESCRIPTION}"
)
# "power company PT Medco Cahaya Geothermal", "microfinance institution Kaebauk …"
_DESCRIPTIONS_FIRST = (
    r"company|firm|institution|manufacturer|maker|producer|developer|startup|start-up|"
    r"operator|provider|supplier|bank|utility"
)
_DESCRIBED_FIRST = re.compile(
    rf"(?=[cfimbpdsou])\b(?:{_DESCRIPTIONS_FIRST}) (?P<name>{_ANNOUNCER_NAME})"
    rf"{_WHOLE_NAMES}"
)
# "investing $85 million into Strategic Bauxite", "an investment into Harena Rare Earths",
# "up to $40 billion from GE Vernova Hitachi"
_FUNDED = re.compile(
    r"(?=[imb])\b(?:(?:invest(?:s|ed|ing|ments?)?|million|billion) into|(?:million|billion) "
    r"from) (?:the )?"
    rf"(?P<name>{_ANNOUNCER_NAME}){_WHOLE_NAMES}"
)
# "Microsoft’s $2.9 billion investment in Japan": whose money it is
_INVESTOR = re.compile(
    rf"(?=[A-Z0-9])(?<![\w.’'-])(?P<name>{_ANNOUNCER_NAME})['’]s \$[\d.,]+ "
    r"(?:million|billion|trillion) (?:[a-z-]+ )?(?:investments?|commitments?|pledges?|deals?)\b"
)
# The patterns that name bodies by their context, each with the words it needs
# (words found by `in`, at C speed: their regular expressions cost as much as the
# patterns themselves)
_CONTEXTS: tuple[tuple[re.Pattern[str], tuple[str, ...] | re.Pattern[str]], ...] = (
    (_PARTNERS, ("artner", "ollaborat", "oint venture", "lliance", "onsortium", "ed by",
                 "greement", "contract", "order")),
    (_EXAMPLES, (" like ", " such as ", " including ")),
    (_CONTRACTOR, ("selected ", "chose ", "contracted ", "hired ", "selection of ")),
    (_SUBSIDIARY, ("subsidiary",)),
    (_MAKER, ("purchas", "buy", "order", "acquir", "procur")),
    (_DESCRIBED, re.compile(_DESCRIPTION)),  # starts with ", a": a fast search
    (_DESCRIBED_FIRST, tuple(f"{w} " for w in _DESCRIPTIONS_FIRST.split("|"))),
    (_FUNDED, (" into ", "illion from ")),
    (_INVESTOR, ("’s $", "'s $")),
)  # fmt: skip


def _has_cue(cue: tuple[str, ...] | re.Pattern[str], text: str) -> bool:
    if isinstance(cue, re.Pattern):
        return cue.search(text) is not None
    return any(word in text for word in cue)


# Words that open a clause without naming a body
_NOT_ANNOUNCER_WORDS = frozenset(
    {"Today", "Together", "Both", "Each", "Leaders", "Ministers", "Officials", "Members"}
    | {"Yesterday", "Tomorrow", "Tonight", "Monday", "Tuesday", "Wednesday", "Thursday"}
    | {"Friday", "Saturday", "Sunday"}
    | {"Partners", "Allies", "Countries", "Governments", "Agencies", "Companies", "They"}
    | {"I", "We", "It", "He", "She", "This", "That", "These", "Those", "President", "Prime"}
    | {"Secretary", "Minister", "Vice", "Ambassador", "Administrator", "Director", "First"}
    | {"Europe", "Africa", "Asia", "Americas", "Congress", "Federal", "National", "U.S."}
    | {"In", "On", "At", "As", "By", "Under", "Through", "With", "For", "After", "Since"}
    | {"January", "February", "March", "April", "May", "June", "July", "August"}
    | {"September", "October", "November", "December", "Additionally", "Finally"}
    | {"Her", "His", "Their", "Our", "North", "South", "East", "West", "States"}
    | {"CEO", "CEOs", "CFO", "CTO", "COO"}
    | {"Mayor", "Governor", "Senator", "Representative", "Congressman", "Congresswoman"}
    | {"Dr.", "Mr.", "Ms.", "Mrs."}
)


def _partners_in_names(text: str, block: Span, pat: _Patterns, found: Found) -> None:
    """ "the U.S.-India Quantum Coordination Mechanism" names the governments of both
    countries as its partners, when they are parties elsewhere in the document (a
    country named only there is not made a party)."""
    if text.find("-", block.start, block.end) < 0 and text.find("–", block.start, block.end) < 0:
        return  # most blocks have no hyphen: the pattern is slower to rule out
    for match in _iter(pat.partner_pair, text, block):
        for country in _PAIR_SEPARATOR.finditer(match.group("pair")):
            entity = _government(pat, country.group(0))
            if entity is not None and entity.key in found.entities:
                start = match.start("pair") + country.start()
                found.add(found.entities[entity.key], Span(start, start + len(country.group(0))))


_PAIR_SEPARATOR = re.compile(r"[^-–]+")  # the countries of "U.S.-India"


def _persons(text: str, block: Span, pat: _Patterns, found: Found) -> None:
    for match in _iter(pat.person, text, block):
        name = match.group("name")
        words = [w.strip(".").casefold() for w in name.split()]
        if set(words) & _NOT_NAME_WORDS or pat.ref.country_for_alias(name):
            continue
        title = " ".join(w.capitalize() for w in match.group("title").split())
        label = name if not name.isupper() else " ".join(w.capitalize() for w in name.split())
        country = match.group("country")
        entity = Entity(
            "person",
            slug(label),
            label,
            country=pat.ref.country_for_alias(country) if country else None,
            title=title,
        )
        span = Span(match.start(), match.start("name") + len(name))
        if found.free(span):
            found.add(entity, span)
            if country:  # "Prime Minister Kishida Fumio of Japan": whom the person speaks for
                place = Span(match.start("country"), match.end("country"))
                government = _government(pat, country)
                if government and found.free(place):
                    found.add(government, place)
                    found.if_acting.add(place)


def _merge_persons(found: Found) -> None:
    """One person named several ways ("President Trump", "PRESIDENT DONALD J. TRUMP",
    "Sanae Takaichi", "TAKAICHI SANAE") becomes one entity: same title, and the words
    of one name are a subset of the other's."""
    people = [e for e in found.entities.values() if e.kind == "person"]
    words = {
        e.key: {w.strip(".").casefold() for w in e.label.split() if len(w.strip(".")) > 1}
        for e in people
    }
    people.sort(key=lambda e: (-len(words[e.key]), e.label.isupper(), e.key))
    canonical: dict[str, Entity] = {}
    # The names chosen so far, in the order chosen, by title and by (title, word): the
    # first chosen name that includes a person's words is among those sharing any one of
    # them, so only the shortest such list is compared (not every name chosen so far).
    by_title: dict[str, list[Entity]] = defaultdict(list)
    by_word: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for person in people:
        title = (person.title or "").casefold()
        own = words[person.key]
        candidates = min((by_word[title, w] for w in own), key=len) if own else by_title[title]
        chosen = next((c for c in candidates if own <= words[c.key]), None)
        if chosen is not None:
            canonical[person.key] = chosen
            chosen.country = chosen.country or person.country
        else:
            canonical[person.key] = person
            by_title[title].append(person)
            for word in own:
                by_word[title, word].append(person)
    for key, chosen in canonical.items():
        if key != chosen.key:
            del found.entities[key]
    found.mentions[:] = [
        Mention(canonical[m.entity].key, m.span) if m.entity in canonical else m
        for m in found.mentions
    ]


_FACILITY_WORDS = re.compile(f"{FACILITY_HEADS}|facility|reactor|testbed")
_PROGRAM_WORDS = re.compile(f"{PROGRAM_HEADS}|mission|program")


def _facilities_and_programs(text: str, block: Span, pat: _Patterns, found: Found) -> None:
    kinds: tuple[tuple[EntityKind, re.Pattern[str], re.Pattern[str]], ...] = (
        ("facility", pat.facility, _FACILITY_WORDS),
        ("program", pat.program, _PROGRAM_WORDS),
    )
    for kind, pattern, words in kinds:
        if not words.search(text, block.start, block.end):
            continue  # most blocks name neither: the name patterns are slow to rule out
        for match in _iter(pattern, text, block):
            group = "name" if match.group("name") else "name2"
            name = match.group(group)
            first = name.split()[0].strip(".,").casefold()
            if first in _NOT_NAME_WORDS or pat.ref.country_for_alias(name):
                continue
            if (
                group == "name2"
                and kind == "program"
                and re.search(r"\b(?:to|intend|the|and|of)\b", match.group("gap") or "")
            ):
                continue
            qualifier = match.groupdict().get("qual")
            label = f"{qualifier} {name}" if qualifier and group == "name" else name
            start = match.start() if qualifier and group == "name" else match.start(group)
            span = Span(start, match.end(group))
            if found.free(span):
                country = pat.ref.country_for_alias(qualifier) if qualifier else None
                found.add(Entity(kind, f"{kind}-{slug(label)}", label, country=country), span)


# Between two areas of an enumeration: "AI, quantum", "space to semiconductors", "AI/ML"
_GAP = r", (?:and |or )?|,? (?:and|or|to|as well as) |/|; "
# … and what an item may add to its area: "biotech supply chains, and quantum innovation"
_TAIL = (
    r"(?: (?:supply chains?|innovation|research|development|cooperation|standards|security|"
    r"adoption|exports|technology|technologies|science|sciences))?"
)
_ENUMERATION_GAP = re.compile(rf"{_TAIL}(?:{_GAP})")
_ENUMERATION_GAP_BEFORE = re.compile(rf"{_TAIL}(?:{_GAP})$")


def _enumerated(
    text: str, block: Span, pat: _Patterns, areas: list[tuple[Span, str]], found: Found
) -> list[tuple[Span, str]]:
    """The enumeration labels of a block ("space", "quantum") that stand in one
    enumeration with an area found by its own labels ("from space to semiconductors",
    "space, quantum, and AI"), chained through each other, or in the name of a program
    that names its members (the area of "a U.S.-UK Quantum Industry Exchange Program")."""
    words = [
        (Span(m.start(), m.end()), pat.enumerated[m.group(0).casefold()])
        for m in _iter(pat.tech_enumerated, text, block)
    ]
    named = [(span, concept) for span, concept in words if found.joint_programs.overlaps(span)]
    if not areas:
        return named
    if not words:
        return []
    starts = {span.start for span, _ in areas}
    ends = {span.end for span, _ in areas}
    taken = Covered(origin=block.start)
    for span, _ in areas:
        taken.add(span)
    accepted: dict[Span, str] = {}
    # one sweep from each side: a chain is anchored by an area on its left or its right
    for sweep in (words, words[::-1]):
        for span, concept in sweep:
            if span in accepted or taken.overlaps(span):
                continue  # "space" inside "space exploration" is that area's
            after = _ENUMERATION_GAP.match(text, span.end, block.end)
            before = _ENUMERATION_GAP_BEFORE.search(
                text, max(block.start, span.start - 40), span.start
            )
            if (after and after.end() in starts) or (before and before.start() in ends):
                accepted[span] = concept
                starts.add(span.start)
                ends.add(span.end)
    return named + list(accepted.items())  # (a word in both is taken once)


def _alias_pattern(tech_aliases: dict[str, str]) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """The acronyms a document defines for technology areas, and their concepts."""
    if not tech_aliases:
        return None
    alternation = trie_pattern(tech_aliases)
    return re.compile(r"(?<![\w])" + alternation + r"(?![\w])"), tech_aliases


def _technologies(
    text: str,
    block: Span,
    pat: _Patterns,
    found: Found,
    aliases: tuple[re.Pattern[str], dict[str, str]] | None,
) -> None:
    ref = pat.ref
    candidates: list[tuple[Span, str]] = []
    for pattern in (pat.tech_sensitive, pat.tech_insensitive):
        for match in _iter(pattern, text, block):
            key = tech_key(match.group(0))
            concept = pat.tech_keys.get(key) or pat.tech_keys.get(re.sub(r"e?s$", "", key))
            if concept is None and key.endswith("s"):
                concept = pat.tech_keys.get(key[:-1])
            if concept:
                candidates.append((Span(match.start(), match.end()), concept))
    if aliases is not None:
        alias, concepts = aliases
        for match in _iter(alias, text, block):
            candidates.append((Span(match.start(), match.end()), concepts[match.group(0)]))
    if pat.enumerated and (candidates or found.joint_programs.overlaps(block)):
        candidates += _enumerated(text, block, pat, candidates, found)
    # Longest first, so "quantum networks" wins over "quantum" inside it.
    candidates.sort(key=lambda c: (c[0].start - c[0].end, c[0].start))
    taken = Covered(origin=block.start)  # one per block: counted from the block's start
    for span, concept in candidates:
        if taken.overlaps(span):
            continue
        taken.add(span)
        if found.actors_covered.overlaps(span):
            found.in_names.append(Mention(concept, span))
            continue
        taken.add(span)
        label = ref.technologies[concept].pref_label
        found.add(Entity("technology", concept, label), span)
