"""Whether a word of a message is written as a name (a product, a company, a standard) or as an ordinary word:
one rule for the out-of-scope gate, which refuses names no page uses, and the speller, which mends ordinary
words only."""

from __future__ import annotations

import re

from assistant.terms import COMMON_ZIPF, common_word, zipf
from ingest.language import base_language

# Umlauts, ß or a German noun ending mark a German word, not a product's or company's name ("Rückendeckung")
GERMAN_NOUN = re.compile(r"[äöüß]|(?:ung|heit|keit|schaft|ität|nis)(?:en|se)?$", re.IGNORECASE)


def german_noun(word: str) -> bool:
    """Shaped as a German noun, or a German word far more common in German than in English ("Leute",
    "Kollegen"): "im Unternehmen Leute finden" names nothing, "Google Analytics" still does."""
    return GERMAN_NOUN.search(word) is not None or german_word(word)


def german_word(word: str) -> bool:
    return zipf(word, "de") >= COMMON_ZIPF and zipf(word, "de") - zipf(word, "en") >= 1


def has_inner_capital(word: str) -> bool:
    return any(c.isupper() for c in word[1:])


def looks_like_a_name(word: str, words: list[str], position: int, language: str) -> bool:
    """Whether `word`, a part of words[position], is written as a name: all capitals, a capital inside, or a
    capital after the first word that German nouns and ordinary words do not explain. What the out-of-scope
    gate reads as a name no page uses (assistant.lexical.unknown_names) the speller leaves as written
    (assistant.typos: "Braze", "Google Analytics")."""
    if word.isupper() or has_inner_capital(word):
        return True
    german = base_language(language) == "de"
    if not word[0].isupper() or position == 0 or (german and german_noun(word)):
        return False
    # Beside another capitalised word (not an acronym, not the first word) it is part of a name: "Google
    # Analytics", "Marketo Engage", "Lead Scoring"; "bei CJA Fachbereich und IT" is ordinary German, and
    # so is "im Haus Rückendeckung bekommen" (a neighbour shaped as a German noun names nothing).
    neighbours = words[position - 1 : position] + words[position + 1 : position + 2]
    if any(
        n[0].isupper() and not n.isupper() and (i > 0 or position > 1) and not (german and german_noun(n))
        for i, n in enumerate(neighbours)
    ):
        return True
    # Alone, in German every noun has a capital; elsewhere an ordinary word ("Sales", "Finance", "Ventas":
    # a department) is written with one too, a rare one is a name ("Salesforce", "Mailchimp").
    return not german and not common_word(word, language)
