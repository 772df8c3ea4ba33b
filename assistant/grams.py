"""Word-piece similarity between a question and the chunks retrieved for it (assistant.retrieval.piece_scores).

Word BM25 matches whole stemmed words, and the small embedding model blurs topic words: neither sees that
"förändringshantering" is the pages' "ändringshantering", that "ramverket" is "ramverk", or that a German
"Zielarchitektur" and an Italian "architettura" share a word. Four-letter pieces of the words do, across
inflections, compounds and related languages. On the series' tuning cases, adding this to the session
score chose the right session for 74 of 85 questions instead of 66 (bench/session_choice.py).

This is scikit-learn's TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 4)) written out (a test checks
they agree): importing scikit-learn costs a cold `ask` a second of its three."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from itertools import chain

from assistant.terms import STOPWORDS

GRAM = 4  # letters per piece: 3 to 5 chose equally well on the tuning cases; 4 is the middle
IDF_SAMPLE = 2000  # chunks whose pieces weigh how telling each piece is (all of a small index)
WORD = re.compile(r"[^\W\d_]+")

Vector = dict[str, float]  # piece -> weight, of unit length


def topic_words(text: str) -> list[str]:
    """The text's words that can name a topic: no question words or fillers, none under three letters."""
    return [w for w in WORD.findall(text.lower()) if len(w) > 2 and w not in STOPWORDS]


def pieces(text: str) -> Counter[str]:
    """Each topic word's pieces of GRAM letters, the word's start and end marked by a space."""
    return Counter(chain.from_iterable(map(word_pieces, topic_words(text))))


@lru_cache(maxsize=100_000)
def word_pieces(word: str) -> tuple[str, ...]:
    # Pages repeat their words: cut once, counted by Counter in C (0.42 -> 0.26 ms a chunk).
    padded = f" {word} "
    return tuple(padded[i : i + GRAM] for i in range(len(padded) - GRAM + 1))


class Grams:
    """Pieces weighted by how rare they are among the sample's texts (smoothed IDF, as scikit-learn's)."""

    def __init__(self, sample: list[str]) -> None:
        counts: Counter[str] = Counter()
        for text in sample:
            counts.update(pieces(text).keys())
        self.idf = {piece: math.log((1 + len(sample)) / (1 + n)) + 1 for piece, n in counts.items()}

    @classmethod
    def fitted(cls, sample: list[str]) -> Grams | None:
        """Weights from these texts, or None when they hold no topic word at all."""
        grams = cls(sample)
        return grams if grams.idf else None

    def vector(self, text: str) -> Vector:
        """The text's pieces by count times rarity, of unit length; pieces the sample never had are left out."""
        weights = {p: n * self.idf[p] for p, n in pieces(text).items() if p in self.idf}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {p: w / norm for p, w in weights.items()}


def cosine(question: Vector, text: Vector) -> float:
    """Two vectors' cosine, walking the question's few pieces."""
    return sum(weight * text.get(piece, 0.0) for piece, weight in question.items())
