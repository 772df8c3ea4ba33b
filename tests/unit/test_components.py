"""Components: the embedding model may arrive from a background load (a cold `ask`)."""

import threading

import pytest

import assistant.embedding as embedding
from assistant.components import Components
from assistant.embedding import EmbeddingSoon
from assistant.errors import ModelUnavailable
from assistant.settings import Settings


def test_the_encoder_loads_in_a_thread_and_its_llamaindex_adapter_in_the_callers(monkeypatch):
    threads: dict[str, threading.Thread] = {}
    encoder, model = object(), object()

    def load(settings):
        threads["encoder"] = threading.current_thread()
        return encoder

    def adapt(loaded, settings):
        threads["adapter"] = threading.current_thread()
        assert loaded is encoder
        return model

    monkeypatch.setattr(embedding, "onnx_encoder", load)
    monkeypatch.setattr(embedding, "onnx_adapter", adapt)
    components = Components(Settings(), embedding=EmbeddingSoon(Settings()))
    assert components.embedding is model and components.embedding is model  # made once
    # Two threads importing LlamaIndex at once can break each other's imports: the adapter is made here.
    assert threads["adapter"] is threading.current_thread() is not threads["encoder"]


def test_a_failed_background_load_is_a_clear_error_where_the_model_is_used(monkeypatch):
    def missing(settings):
        raise FileNotFoundError("onnx/model-fused-q4.onnx")

    monkeypatch.setattr(embedding, "onnx_encoder", missing)
    components = Components(Settings(), embedding=EmbeddingSoon(Settings()))
    with pytest.raises(ModelUnavailable, match=r"model-fused-q4\.onnx"):
        _ = components.embedding
