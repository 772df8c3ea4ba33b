import pytest
from llama_index.core.schema import MetadataMode

from ingest.chunking import chunk_documents
from ingest.documents import find_pages, parse_page
from tests.conftest import CORPUS


def words(text: str) -> list[str]:
    """A stand-in tokenizer for unit tests: one token per whitespace-separated word."""
    return text.split()


def corpus_documents():
    return [parse_page(f.path, f.stored).document for f in find_pages([CORPUS])[0]]


def test_one_chunk_per_section_with_context_and_metadata():
    nodes = chunk_documents(corpus_documents(), words, 400)
    english = [n for n in nodes if n.metadata["doc_id"] == "KT-19551.en"]
    assert [n.metadata["section"] for n in english] == [
        "Designing an Operating Model for AJO Success",
        "Key Discussion Points",
        "Unlocking Value with AJO Operating Models",
        "Governance & Team Evolution",
    ]
    node = english[3]
    embed_text = node.get_content(MetadataMode.EMBED)
    assert embed_text.startswith("Designing an Operating Model for AJO Success\nGovernance & Team Evolution\n\n")
    assert "## " not in node.get_content()
    for key in ("doc_id", "title", "section", "language", "solution", "jira", "video_url", "source_path"):
        assert node.metadata[key], key
    assert node.metadata["chunk_index"] == 3 and len(node.metadata["content_hash"]) == 16
    assert "source_path" not in embed_text and "KT-19551" not in embed_text
    # The `#` intro is the page's overview, whatever its heading says; `##` sections are not.
    assert [n.metadata["overview"] for n in english] == [True, False, False, False]
    # The first ## section, when it is only a list, is the page's agenda; later sections are not.
    assert [n.metadata["agenda"] for n in english] == [False, True, False, False]


@pytest.mark.parametrize(
    "body",
    [
        "# T\n\nIntro.\n\n## Roles\n\nThree roles matter.\n\n* Owner\n* Analyst\n\n## Later\n\n* a\n* b",
        "# T\n\nIntro.\n\n## Key Takeaways\n\n* Standardize workflows.\n* Use AI.",  # the page's only section
    ],
)
def test_no_agenda_without_a_list_leading_into_other_sections(body):
    from llama_index.core import Document

    doc = Document(text=body, id_="d", metadata={"doc_id": "d", "title": "T", "language": "en"})
    assert not any(n.metadata["agenda"] for n in chunk_documents([doc], words, 120))


def test_long_sections_split_under_the_token_limit():
    body = "## Long\n\n" + " ".join(f"Sentence number {i} talks about governance." for i in range(300))
    from llama_index.core import Document

    doc = Document(text=body, id_="d", metadata={"doc_id": "d", "title": "T", "language": "en"})
    nodes = chunk_documents([doc], words, 120)
    assert len(nodes) > 5
    assert all(len(words(n.get_content(MetadataMode.EMBED))) <= 120 for n in nodes)
    assert all(n.metadata["section"] == "Long" for n in nodes)


def test_ids_are_deterministic_and_change_only_with_content():
    first = chunk_documents(corpus_documents(), words, 400)
    second = chunk_documents(corpus_documents(), words, 400)
    assert [n.node_id for n in first] == [n.node_id for n in second]
    docs = corpus_documents()
    docs[0].set_content(docs[0].get_content().replace("Intro", "Intro").replace("**", "**", 1) + "\n\nNew line.")
    changed = chunk_documents(docs, words, 400)
    differing = {a.node_id for a in first} ^ {b.node_id for b in changed}
    assert len(differing) == 2  # only the last section of that one document


def test_no_empty_or_duplicate_chunks():
    from llama_index.core import Document

    body = "## A\n\nSame text.\n\n## A\n\nSame text.\n\n## Empty\n\n## B\n\nOther."
    nodes = chunk_documents(
        [Document(text=body, id_="d", metadata={"doc_id": "d", "title": "T", "language": "en"})], words, 400
    )
    assert [n.get_content() for n in nodes] == ["Same text.", "Other."]
