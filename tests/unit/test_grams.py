"""Word-piece similarity (assistant.grams): compounds, inflections and related languages meet."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.grams import Grams, cosine, pieces, topic_words

PAGES = [
    "Ramverk för ändringshantering: medvetenhet, önskan, kunskap, förmåga, förstärkning.",
    "Steg för att komma igång med CJA: utforska data och skapa anslutningar.",
    "Governance-Kadenz: jährliche Strategiesitzungen und monatliche Check-ins.",
    "Architettura di riferimento: fonti di dati, profili e segmenti.",
]
QUESTIONS = [
    "Vilka steg har ramverket för förändringshantering i CJA?",
    "Wozu braucht man eine Zielarchitektur?",
    "Con quale cadenza si riunisce la governance?",
    "Vad är det och hur gör vi?",
]


def scores(grams: Grams, question: str) -> list[float]:
    return [cosine(grams.vector(question), grams.vector(page)) for page in PAGES]


def test_a_compound_meets_its_head_word_and_an_inflection_its_stem():
    found = scores(Grams(PAGES), QUESTIONS[0])
    assert found[0] > found[1] > found[2]  # "ramverket", "förändringshantering" outweigh "steg", "cja"


def test_related_languages_share_word_pieces():
    found = scores(Grams(PAGES), QUESTIONS[1])
    assert max(range(len(PAGES)), key=found.__getitem__) == 3  # Architektur ~ architettura


def test_question_words_carry_no_weight():
    assert topic_words(QUESTIONS[3]) == []
    assert scores(Grams(PAGES), QUESTIONS[3]) == [0.0] * len(PAGES)


def test_pieces_mark_where_a_word_starts_and_ends():
    assert pieces("Roadmap") == {" roa": 1, "road": 1, "oadm": 1, "adma": 1, "dmap": 1, "map ": 1}


def test_no_texts_or_no_topic_words_give_no_weights():
    assert Grams.fitted([]) is None
    assert Grams.fitted(["och i på"]) is None
    assert cosine(Grams(PAGES).vector("ramverk"), {}) == 0.0


def test_the_same_cosines_as_scikit_learns_vectorizer():
    """The module writes TfidfVectorizer(analyzer="char_wb") out by hand (see its docstring)."""
    text = pytest.importorskip("sklearn.feature_extraction.text")
    vectorizer = text.TfidfVectorizer(
        analyzer="char_wb", ngram_range=(4, 4), preprocessor=lambda t: " ".join(topic_words(t))
    ).fit(PAGES[:3])  # the last page is not in the sample: its unseen pieces count for nothing
    expected = (vectorizer.transform(QUESTIONS[:3]) @ vectorizer.transform(PAGES).T).toarray()
    grams = Grams(PAGES[:3])
    found = np.array([scores(grams, question) for question in QUESTIONS[:3]])
    np.testing.assert_allclose(found, expected, atol=1e-6)
