"""Products of the webinar series, recognised by name or acronym in titles and questions."""

from __future__ import annotations

import re

PRODUCTS: dict[str, re.Pattern[str]] = {
    "Journey Optimizer": re.compile(r"\b(AJO|Journey[\s-]*Optimi[sz]er)\b", re.IGNORECASE),
    "Customer Journey Analytics": re.compile(r"\b(CJA|Customer[\s-]*Journey[\s-]*Analytics)\b", re.IGNORECASE),
    "Content Supply Chain": re.compile(r"\b(CSC|Content[\s-]*Supply[\s-]*Chain)\b", re.IGNORECASE),
}


def mentioned_products(text: str) -> list[str]:
    return [name for name, pattern in PRODUCTS.items() if pattern.search(text)]


def infer_product(text: str) -> str | None:
    found = mentioned_products(text)
    return found[0] if found else None


def strip_products(text: str) -> str:
    for pattern in PRODUCTS.values():
        text = pattern.sub(" ", text)
    return text
