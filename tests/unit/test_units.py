"""Evidence units (ingest.units): blocks, sentences in six languages, units and their metadata contract."""

import pytest

from ingest.metadata import ChunkMeta
from ingest.units import UnitMeta, blocks, embed_text, sentences, unit_id, unit_metadata, units

SECTION = """Robust governance and evolving team structures are key to operational excellence:

* **Governance Cadence** Annual strategy workshops, quarterly roadmap reviews, monthly leadership check-ins.
* **Team Evolution:**
  * **Incubate** 2-3 broad-scope members, limited scalability.
  * **Embedded** 15-20 specialized members, high scalability.

Clear governance drives delivery. Team maturity, e.g. the Embedded stage, drives results."""


def test_blocks_keep_nested_items_with_their_parent():
    parts = blocks(SECTION)
    assert [b.kind for b in parts] == ["paragraph", "item", "item", "paragraph"]
    assert parts[2].label == "Team Evolution" and len(parts[2].lines) == 3


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("de", "Erweiterte Rollen, z. B. Datenarchitekt, sind wichtig. Das gilt d. h. für alle. Neu.", 3),
        ("sv", "Roller, t.ex. produktägare, behövs. Det gäller bl.a. analytiker. Ny mening.", 3),
        ("it", "Ruoli come il product owner ecc. sono importanti. Ad es. il team. Nuova frase.", 3),
        ("en", "Roles, e.g. the product owner, matter. Teams, i.e. squads, meet weekly. New sentence.", 3),
        ("fr", "Les rôles, p. ex. le responsable, comptent. Les équipes, etc. se réunissent. Fin.", 3),
        ("es", "Roles, p. ej. el responsable, importan. Los equipos, etc. son clave. Nueva frase.", 3),
    ],
)
def test_sentences_do_not_break_at_abbreviations(language, text, expected):
    split = sentences(text, language)
    assert len(split) == expected, split
    assert all(s[0].isupper() and s.endswith(".") for s in split), split


def test_a_unit_is_a_sentence_or_a_whole_list_item():
    found = units(SECTION, "en")
    assert [u.kind for u in found] == ["sentence", "item", "item", "sentence", "sentence"]
    assert found[2].text.count("\n") == 2  # the nested stages stay with their item
    assert found[4].text == "Team maturity, e.g. the Embedded stage, drives results."  # not cut at "e.g."
    assert [u.block for u in found] == [0, 1, 2, 3, 3]


def test_unit_ids_and_metadata_follow_their_chunk():
    meta = ChunkMeta(doc_id="KT-1.sv", title="Operativmodell", language="sv-SE", jira="KT-1", section="Roller",
                     section_index=2, chunk_index=3, session=3, solution="Journey Optimizer")  # fmt: skip
    unit = units("Produktägaren äger färdplanen.", "sv")[0]
    stored = unit_metadata(meta, "chunk-a", unit)
    assert UnitMeta.model_validate(stored).group == "KT-1"
    assert stored == {"chunk_id": "chunk-a", "kind": "sentence", "block": 0, "doc_id": "KT-1.sv", "jira": "KT-1",
                      "language": "sv-SE", "solution": "Journey Optimizer", "session": 3, "section_index": 2,
                      "chunk_index": 3}  # fmt: skip
    assert unit_id("chunk-a", 4) == "chunk-a:u4"
    assert embed_text(meta, unit) == "Operativmodell — Roller: Produktägaren äger färdplanen."
