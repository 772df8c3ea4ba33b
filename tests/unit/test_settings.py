"""Settings that decide which vectors an index holds."""

from pathlib import Path

import pytest

from assistant.embedding import model_id
from assistant.settings import Settings


@pytest.fixture
def model_folder(tmp_path: Path) -> Path:
    for name in ("config.json", "tokenizer.json"):
        (tmp_path / name).write_text("{}")
    return tmp_path


def test_each_quantization_records_its_own_model_id(model_folder):
    ids = {
        q: model_id(Settings(embed_model=str(model_folder), embed_quantize=q, passage_prefix="passage: "))
        for q in ("none", "embeddings", "q4", "all")
    }
    assert ids == {
        "none": str(model_folder),
        "embeddings": f"{model_folder}#int8-embeddings",
        "q4": f"{model_folder}#q4",
        "all": f"{model_folder}#int8",
    }
    assert Settings().embed_quantize == "q4"


def test_pytorch_vectors_are_never_recorded_as_quantized(model_folder):
    settings = Settings(embed_model=str(model_folder), embed_backend="torch", embed_quantize="all")
    assert model_id(settings) == f"{model_folder}#passage-prefix=query: "


def test_the_old_true_false_quantize_values_keep_their_meaning(monkeypatch):
    monkeypatch.setenv("SESSION_ASSISTANT_EMBED_QUANTIZE", "true")
    assert Settings().embed_quantize == "all"
    monkeypatch.setenv("SESSION_ASSISTANT_EMBED_QUANTIZE", "false")
    assert Settings().embed_quantize == "none"
    assert Settings(embed_quantize="embeddings").embed_quantize == "embeddings"


def test_the_passage_prefix_is_part_of_the_model_id(model_folder):
    """Another passage prefix gives other vectors: an index built with one is refused under another."""
    first = Settings(embed_model=str(model_folder), embed_quantize="none", passage_prefix="passage: ")
    assert model_id(first) == str(model_folder)  # indexes from before the prefix was recorded keep their id
    assert model_id(first.model_copy(update={"passage_prefix": "query: "})) == f"{model_folder}#passage-prefix=query: "
    assert Settings().passage_prefix == "query: "
