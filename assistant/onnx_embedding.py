"""The ONNX encoder as a LlamaIndex embedding (what HuggingFaceEmbedding is over torch)."""

from __future__ import annotations

from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from assistant.batching import Batcher
from assistant.onnx_model import OnnxEncoder


class OnnxEmbedding(BaseEmbedding):
    query_prefix: str = ""
    passage_prefix: str = ""
    _encoder: OnnxEncoder = PrivateAttr()
    _queries: Batcher = PrivateAttr()

    def __init__(self, encoder: OnnxEncoder, query_prefix: str, passage_prefix: str, **kwargs: Any) -> None:
        super().__init__(model_name=encoder.name, query_prefix=query_prefix, passage_prefix=passage_prefix, **kwargs)
        self._encoder = encoder
        self._queries = Batcher(encoder.encode)

    @classmethod
    def class_name(cls) -> str:
        return "OnnxEmbedding"

    @property
    def dimension(self) -> int:
        return self._encoder.dimension

    def token_ids(self, text: str) -> list[int]:
        return self._encoder.token_ids(text)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._queries(self.query_prefix + query)  # with other requests' questions, when they wait

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encoder.encode([self.passage_prefix + text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encoder.encode([self.passage_prefix + text for text in texts])
