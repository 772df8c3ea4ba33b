"""Components: the embedding model may arrive from a background load (a cold `ask`)."""

from concurrent.futures import Future

import pytest

from assistant.components import Components
from assistant.settings import Settings


def test_an_embedding_loaded_in_the_background_is_awaited_on_first_use():
    model = object()
    future: Future = Future()
    components = Components(Settings(), embedding=future)
    future.set_result(model)
    assert components.embedding is model and components.embedding is model


def test_a_failed_background_load_is_raised_where_the_model_is_used():
    future: Future = Future()
    future.set_exception(FileNotFoundError("onnx/model-int8-embeddings.onnx"))
    components = Components(Settings(), embedding=future)
    with pytest.raises(FileNotFoundError, match="model-int8-embeddings"):
        _ = components.embedding
