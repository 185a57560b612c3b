"""Base forms of verbs, checked against the action scheme's lexicon.

>>> from accordgraph.ontology.reference import load_reference
>>> lexicon = load_reference().actions
>>> words = ["promoting", "driving", "deepening", "supported", "planned", "used"]
>>> [lemma(w, lexicon) for w in words]
['promote', 'drive', 'deepen', 'support', 'plan', 'use']
"""

from __future__ import annotations

import re
from collections.abc import Collection


def lemma(word: str, lexicon: Collection[str]) -> str:
    """The base form of an inflected verb; a form not in the lexicon gets a rule-based guess."""
    word = word.casefold()
    if word in lexicon:
        return word
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) >= len(suffix) + 2:
            stem = word[: -len(suffix)]
            candidates = [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                candidates.append(stem[:-1])
            if suffix in ("ed", "es") and stem.endswith("i"):
                candidates.append(stem[:-1] + "y")
            for candidate in candidates:
                if candidate in lexicon:
                    return candidate
            return _guess(stem, suffix)
    return word


def _guess(stem: str, suffix: str) -> str:
    if suffix == "s":
        return stem
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]
    if re.search(r"(?:[^aeiou][aeiou][cvzgs]|at|iz|yz|ur|dg|bl|tl|[^aeiou]u)$", stem):
        return stem + "e"
    return stem
