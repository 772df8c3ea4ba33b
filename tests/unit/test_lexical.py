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
