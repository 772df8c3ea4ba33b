"""How far apart two spellings of one word may be: shared by product names and question terms."""

from __future__ import annotations

from difflib import SequenceMatcher

TYPO_RATIO = 0.85  # difflib's similarity of a misspelt word to the right one: a letter or two in seven or more


def close_spellings(a: str, b: str) -> bool:
    """Whether the two words are a typo apart by difflib's ratio. Callers decide which lengths may be
    compared at all (short words are a letter apart from too many others)."""
    match = SequenceMatcher(None, a, b)
    # The cheap upper bounds first (difflib's own advice): most pairs fail them, and ratio() is the cost.
    return match.real_quick_ratio() >= TYPO_RATIO and match.quick_ratio() >= TYPO_RATIO and match.ratio() >= TYPO_RATIO
