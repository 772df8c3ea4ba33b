"""Components built from the settings and shared by the services (embedding model, tokenizer, Chroma).

The embedding model is loaded on first use: importing and loading it takes ~10 s on two cores, and an
ingest run that finds nothing new never needs it (the chunker only needs the tokenizer)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection

from assistant.embedding import load_embedding, model_location, tokenize
from assistant.llm import build_llm
from assistant.settings import Settings
from assistant.store import chroma_client, open_collection

if TYPE_CHECKING:
    from llama_index.core.llms import LLM
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding


class Components:
    def __init__(
        self, settings: Settings, embedding: HuggingFaceEmbedding | None = None, client: ClientAPI | None = None
    ) -> None:
        self.settings = settings
        self._embedding = embedding
        self.client = client or chroma_client(settings)

    @classmethod
    def build(cls, settings: Settings) -> Components:
        return cls(settings)

    @property
    def embedding(self) -> HuggingFaceEmbedding:
        if self._embedding is None:
            self._embedding = load_embedding(self.settings)
        return self._embedding

    def reopen(self) -> None:
        """See what another process wrote: an embedded Chroma client caches its view of the files.

        The old client is left to finish in-flight requests (closing it would fail them); forgetting
        Chroma's per-path system cache makes the new client read the files afresh."""
        if self.settings.chroma_host:
            return  # a Chroma server is shared by all processes: there is nothing stale to drop
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        self.client = chroma_client(self.settings)

    @cached_property
    def llm(self) -> LLM | None:
        """The answer-writing model server's client, when one is configured (no connection is made here)."""
        return build_llm(self.settings)

    @cached_property
    def dimension(self) -> int:
        return int(self.embedding._model.get_embedding_dimension())

    @cached_property
    def tokenize(self) -> Callable[[str], list[int]]:
        """The model's tokenizer; read straight from tokenizer.json when the model is a local folder."""
        if self._embedding is None:
            local = Path(model_location(self.settings)) / "tokenizer.json"
            if local.is_file():
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(str(local))
                return lambda text: tokenizer.encode(text, add_special_tokens=False).ids
        return tokenize(self.embedding)

    def collection(self, create: bool = False) -> Collection:
        """Open (or create) the collection; an existing one is checked against the configured model."""
        return open_collection(self.client, self.settings, self.settings.embed_model, lambda: self.dimension, create)
