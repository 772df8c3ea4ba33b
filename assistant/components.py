"""Components built once from the settings and shared by the services (embedding model, Chroma)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from llama_index.embeddings.huggingface import HuggingFaceEmbedding

from assistant.embedding import load_embedding, tokenize
from assistant.settings import Settings
from assistant.store import chroma_client, open_collection


@dataclass
class Components:
    settings: Settings
    embedding: HuggingFaceEmbedding
    client: ClientAPI = field(repr=False)

    @classmethod
    def build(cls, settings: Settings) -> Components:
        return cls(settings=settings, embedding=load_embedding(settings), client=chroma_client(settings))

    @cached_property
    def dimension(self) -> int:
        return int(self.embedding._model.get_embedding_dimension())

    @cached_property
    def tokenize(self):
        return tokenize(self.embedding)

    def collection(self, create: bool = False) -> Collection:
        return open_collection(self.client, self.settings, self.settings.embed_model, self.dimension, create)
