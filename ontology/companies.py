"""Generate ``reference/companies.csv``: the listed companies the loader knows by name.

The names are the constituents of twenty stock indices (S&P 500, S&P 600, NASDAQ 100,
Dow Jones, Nikkei 225, FTSE 100, DAX, MDAX, SDAX, TecDAX, CAC 40, CAC Mid 60, EURO STOXX
50, AEX, BEL 20, IBEX 35, OMX Helsinki 25, OMX Stockholm 30, Switzerland 20) as
published by the ``pytickersymbols`` package (MIT licence), each with the country of
its index or headquarters. A text names a company so without an acronym or a head noun
("generous support from Accenture, Blackstone, Boeing …"), which no pattern can tell
from a capitalized word; the list can.

A name is written as texts write it: without its legal form ("The Boeing Company" is
"Boeing", "RTX Corporation" is "RTX"), the full form kept as an alias. A name that is
also a common word or phrase is dropped ("Target", "Visa", "Global Payments"): one that
a sample of plain English text (``--words``, one document per file or a ``.tar.xz`` of
them) writes in lower case at least twice.

Run ``pip install pytickersymbols`` and then
``python -m accordgraph.ontology.companies --words WHITEHOUSE.tar.xz``; no identifiers
are written (none are verified here).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tarfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from accordgraph.ontology.reference import us_state_names

HERE = Path(__file__).resolve().parent
OUT = HERE / "reference" / "companies.csv"

# The country of each index's members, where the package gives a city or nothing.
INDEX_COUNTRY = {
    "AEX": "NL",
    "BEL 20": "BE",
    "CAC_40": "FR",
    "CAC Mid 60": "FR",
    "DAX": "DE",
    "MDAX": "DE",
    "SDAX": "DE",
    "TecDAX": "DE",
    "DOW JONES": "US",
    "S&P 100": "US",
    "S&P 500": "US",
    "S&P 600": "US",
    "NASDAQ 100": "US",
    "FTSE 100": "GB",
    "IBEX 35": "ES",
    "NIKKEI 225": "JP",
    "OMX Helsinki 25": "FI",
    "OMX Stockholm 30": "SE",
    "Switzerland 20": "CH",
}

_LEGAL_FORM = re.compile(
    r",?\s+(?:Inc\.?|Incorporated|Corporation|Corp\.?|Company|Co\.?|Ltd\.?|Limited|plc|PLC|"
    r"AG|SE|N\.V\.|NV|S\.A\.?|SA|S\.p\.A\.|SpA|Oyj|Abp|ASA|AB|KGaA|& Co\.? KGaA|"
    r"Holdings?|Group|Trust)$"
)


_SHARE_CLASS = re.compile(r"\s*\(Class [A-Z]\)$")  # "Clearway Energy, Inc. (Class A)"
# What tells namesakes apart ("Wiley (publisher)", "Orion Corporation (pharmaceutical
# company)"): the short name is another's too, so only a full name with its legal form
# is written for it, and none without one
_DISAMBIGUATOR = re.compile(r"\s*\([^()]*\)$")


def written_name(name: str) -> str:
    """The name a text writes for a listed company.

    >>> written_name("The Boeing Company"), written_name("Blackstone Inc.")
    ('Boeing', 'Blackstone')
    >>> written_name("Daimler Truck Holding AG")
    'Daimler Truck'

    Not with a dangling "and" or "&", nor a share class:

    >>> written_name("Eli Lilly and Company"), written_name("Merck & Co.")
    ('Eli Lilly', 'Merck')
    >>> written_name("Clearway Energy, Inc. (Class A)")
    'Clearway Energy'

    A name the index tells apart from its namesakes is written whole, if at all:

    >>> written_name("Orion Corporation (pharmaceutical company)")
    'Orion Corporation'
    >>> written_name("Wiley (publisher)")
    ''
    """
    name = _SHARE_CLASS.sub("", re.sub(r"^The ", "", name.strip()))
    if _DISAMBIGUATOR.search(name):
        whole = _DISAMBIGUATOR.sub("", name)
        return whole if _LEGAL_FORM.search(whole) else ""
    while (shorter := _LEGAL_FORM.sub("", name)) != name and shorter:
        name = shorter
    return re.sub(r"(?:,| and| &)$", "", name)


def _texts(paths: Iterable[Path]) -> Iterator[str]:
    for path in paths:
        if path.name.endswith((".tar.xz", ".tar.gz", ".tar")):
            with tarfile.open(path) as archive:
                for member in archive:
                    if member.isfile() and (f := archive.extractfile(member)) is not None:
                        yield f.read().decode("utf-8", "replace")
        elif path.is_dir():
            yield from _texts(sorted(p for p in path.rglob("*") if p.is_file()))
        else:
            yield path.read_text(encoding="utf-8", errors="replace")


US_STATES = "|".join(us_state_names())


def common_words(names: Iterable[str], texts: Iterable[str], at_least: int = 2) -> set[str]:
    """The names that ``texts`` write in lower case ``at_least`` times (common words),
    define as the acronym of something else ("Integrated Resource Plan (IRP)") or write
    as a city ("Phoenix, Arizona"), each ``at_least`` times.

    >>> sorted(common_words(["Target", "Boeing", "ACS", "Phoenix"], ["a target; targets",
    ...     "the target, see boeing.com", "American Community Survey (ACS)",
    ...     "in Phoenix, Arizona", "Phoenix, Arizona"]))
    ['ACS', 'Phoenix', 'Target']
    """
    names = list(names)
    words = {n.casefold(): n for n in names if " " not in n}
    phrases = {n.casefold(): n for n in names if " " in n}
    capitals = {f"({n})": n for n in names if n.isupper()}
    # a lower-case word, not inside a web or mail address ("boeing.com")
    word = re.compile(r"(?<![\w/.@-])[a-z][a-z0-9&'’.-]*?(?![\w/@-]|\.\w)")
    places = set(names)
    city = re.compile(rf"([A-Z][\w.-]*(?: [A-Z][\w.-]*)*), (?:{US_STATES})\b")
    counts: dict[str, int] = {}
    for text in texts:
        for token in word.findall(text):
            if token in words:
                counts[words[token]] = counts.get(words[token], 0) + 1
        for phrase, name in phrases.items():
            if phrase in text:  # (most are in no text: a substring test first)
                hits = re.findall(rf"(?<![\w/.@-]){re.escape(phrase)}(?![\w/@-])", text)
                counts[name] = counts.get(name, 0) + len(hits)
        for match in city.finditer(text):
            if match.group(1) in places:
                counts[match.group(1)] = counts.get(match.group(1), 0) + 1
        for defined, name in capitals.items():
            if defined in text:
                counts[name] = counts.get(name, 0) + at_least
    return {n for n, c in counts.items() if c >= at_least}


def listed_companies() -> list[tuple[str, str, str]]:
    """(name as written, full name, country code) of every index constituent."""
    from pytickersymbols import PyTickerSymbols  # type: ignore[import-not-found,import-untyped,unused-ignore]

    tickers = PyTickerSymbols()
    rows: dict[str, tuple[str, str, str]] = {}
    for index in tickers.get_all_indices():
        for stock in tickers.get_stocks_by_index(index):
            full = _SHARE_CLASS.sub("", " ".join(stock["name"].split()))
            name = written_name(full)
            if len(name) < 3 or not re.search(r"[A-Za-z]", name):  # "BD", "Q2", ""
                continue
            full = _DISAMBIGUATOR.sub("", full)
            if name in rows and rows[name][1] != full:
                name = full  # "Merck & Co." beside Merck KGaA's "Merck"
            rows.setdefault(name, (name, full, INDEX_COUNTRY.get(index, "")))
    return sorted(rows.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=Path, nargs="+", required=True, metavar="TEXTS")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    rows = listed_companies()
    common = common_words([r[0] for r in rows], _texts(args.words))
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["name", "full_name", "country"])
        for name, full, country in rows:
            if name not in common:
                writer.writerow([name, full if full != name else "", country])
    print(f"{len(rows) - len(common)} companies ({len(common)} common words dropped): {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
