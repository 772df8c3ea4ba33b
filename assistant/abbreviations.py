"""Programme-management abbreviations that the pages spell out.

Askers write "CoE", "SteerCo", "ADKAR" or "CSC". The pages say "Center of Excellence" and "steering committee", and
list ADKAR's five stages without its name. Without spelling them out, the abbreviation is a name that no
page uses, so the question is refused (assistant.lexical.unknown_names), and neither BM25 nor the model
sees the pages' words. This table holds only expansions whose words stand on the pages. An abbreviation
the series never covers ("OKR", "PoC") stays as written.
"""

from __future__ import annotations

import re

ABBREVIATIONS: dict[str, str] = {
    "coe": "Center of Excellence",
    "coes": "Centers of Excellence",
    "steerco": "steering committee",
    "steercos": "steering committees",
    "sme": "subject matter expert",
    "smes": "subject matter experts",
    # Content Supply Chain's pages never write its acronym; AJO's and CJA's write theirs
    "csc": "Content Supply Chain",
    # Prosci's model of change: a change management framework whose five stages the pages list
    "adkar": "change management framework (awareness, desire, knowledge, ability, reinforcement)",
}
WRITTEN = re.compile(rf"\b({'|'.join(ABBREVIATIONS)})\b", re.IGNORECASE)


def spell_out(text: str) -> str:
    """The text with each abbreviation replaced by the pages' words ("Why a CoE?" → "Why a Center of
    Excellence?")."""
    return WRITTEN.sub(lambda found: ABBREVIATIONS[found.group(1).lower()], text)
