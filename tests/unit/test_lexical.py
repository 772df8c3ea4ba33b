"""BM25 term matching without Chroma: inflections the stemmer leaves apart still meet."""

from assistant.lexical import LexicalIndex
from assistant.terms import terms
from ingest.metadata import ChunkMeta

CADENCE = "Styrningskadens Årliga strategiseminarier, kvartalsvisa färdplansgranskningar"
ROLES = "Produktägare, dataarkitekt och Digital Analytics Manager"


def index() -> LexicalIndex:
    texts = [CADENCE, ROLES]
    metadatas = [ChunkMeta(doc_id=f"d{i}", title="T", language="sv") for i in range(2)]
    return LexicalIndex(["cadence", "roles"], [terms(t, "sv") for t in texts], metadatas)


def test_a_definite_form_finds_the_page_word_the_stemmer_cut_shorter():
    query = terms("Hur ser styrningskadensen ut?", "sv")
    assert query == ["styrningskadens"] and "styrningskadens" not in index().vocabulary
    assert index().search(query, 2) == ["cadence"]


def test_short_or_unrelated_terms_are_not_stretched():
    lexical = index()
    assert lexical.known_forms("styr") == []  # too short to stand for longer words
    assert lexical.known_forms("styrningsgrupp") == []  # shares a prefix, but is another word
    assert lexical.search(terms("Vem är produktägaren?", "sv"), 2) == ["roles"]


def named(message: str, language: str) -> list[str]:
    pages = "Adobe Journey Optimizer roles: the Product Owner manages the roadmap, with IT and marketing teams."
    return LexicalIndex(
        [], [], [], {w.lower() for w in pages.replace(":", " ").replace(",", " ").split()}
    ).unknown_names(message, language)


def test_names_no_page_uses_are_found():
    assert named("How do I set up lead scoring in Marketo?", "en") == ["Marketo"]
    assert named("Quali sono i requisiti del GDPR?", "it") == ["GDPR"]
    assert named("Comment configurer un flux dans Adobe Workfront ?", "fr") == ["Workfront"]
    assert named("Hur skapar jag en API-nyckel?", "sv") == ["API"]  # a name inside a compound


def test_words_the_pages_use_ordinary_words_and_inflections_are_not_names():
    assert named("Who manages the Roadmaps for Adobe Journey Optimizer?", "en") == []  # an inflection
    assert named("Hello there", "en") == []  # the first word has a capital anyway
    assert named("Which teams own the roadmap in IT?", "en") == []
    assert named("How big is the Marketo team?", "en") == ["Marketo"]
    assert named("Wer sieht sich die Roadmap der Mitarbeitenden an?", "de") == []  # German nouns are not names
    assert named("Wie richte ich Lead Scoring in Marketo Engage ein?", "de") == ["Lead", "Scoring", "Marketo", "Engage"]
    assert named("Welche Schriftarten gibt es in Adobe Express?", "de") == ["Express"]
    assert named("Wer führt das IT-Vorhaben?", "de") == []  # a compound is one word to its neighbours
    assert named("AJOの運用モデルは何ですか？", "ja") == []  # not a Latin-script word
