"""Components built from the settings and shared by the services (embedding model, tokenizer, Chroma).

The embedding model is loaded on first use: importing and loading it takes ~10 s on two cores, and an
ingest run that finds nothing new never needs it (the chunker only needs the tokenizer)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection

from assistant.embedding import (
    EmbeddingSoon,
    embedding_dimension,
    load_embedding,
    model_id,
    model_location,
    tokenize,
)
from assistant.llm import build_llm
from assistant.settings import Settings
from assistant.store import chroma_client, open_collection

if TYPE_CHECKING:
    from llama_index.core.llms import LLM
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    from assistant.onnx_embedding import OnnxEmbedding


class Components:
    def __init__(
        self,
        settings: Settings,
        embedding: HuggingFaceEmbedding | OnnxEmbedding | EmbeddingSoon | None = None,
        client: ClientAPI | None = None,
    ) -> None:
        self.settings = settings
        self._embedding = embedding
        self._client = client

    @classmethod
    def build(cls, settings: Settings) -> Components:
        return cls(settings)

    @property
    def embedding(self) -> HuggingFaceEmbedding | OnnxEmbedding:
        if self._embedding is None:
            self._embedding = load_embedding(self.settings)
        elif isinstance(self._embedding, EmbeddingSoon):  # being loaded in the background
            self._embedding = self._embedding.result()
        return self._embedding

    @property
    def client(self) -> ClientAPI:
        """Made on first use: a Chroma server may not be up yet when a server process starts."""
        if self._client is None:
            self._client = chroma_client(self.settings)
        return self._client

    def fresh_client(self) -> ClientAPI:
        """A client that sees what another process wrote: an embedded client caches its view of the files.

        The old client is left to finish in-flight requests (its owner closes it, see assistant.index);
        forgetting Chroma's per-path system cache makes the new client read the files afresh."""
        if self.settings.chroma_host:
            return self.client  # a Chroma server is shared by all processes: there is nothing stale to drop
        from chromadb.api.shared_system_client import SharedSystemClient

        # Forget only this path's system (clear_system_cache() would orphan every other client in the process).
        identifier = str(getattr(self.client, "_identifier", ""))
        SharedSystemClient._identifier_to_system.pop(identifier, None)
        SharedSystemClient._identifier_to_refcount.pop(identifier, None)
        self._client = chroma_client(self.settings)
        return self._client

    def system_of(self, client: ClientAPI) -> Any:
        """The embedded Chroma system behind a client (its threads and files), to stop when done with it."""
        if self.settings.chroma_host:
            return None
        from chromadb.api.shared_system_client import SharedSystemClient

        return SharedSystemClient._identifier_to_system.get(getattr(client, "_identifier", ""))

    @cached_property
    def llm(self) -> LLM | None:
        """The answer-writing model server's client, when one is configured (no connection is made here)."""
        return build_llm(self.settings)

    @cached_property
    def dimension(self) -> int:
        dimension = embedding_dimension(self.embedding)
        if dimension is None:
            raise ValueError(f"the embedding model {self.settings.embed_model!r} does not state its dimension")
        return int(dimension)

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
        return self.collection_of(self.client, create)

    def collection_of(self, client: ClientAPI, create: bool = False) -> Collection:
        return open_collection(client, self.settings, self.model_id, lambda: self.dimension, create)

    @cached_property
    def model_id(self) -> str:
        """The encoder a collection records: the model id, marked when its vectors are int8 ones."""
        return model_id(self.settings)
