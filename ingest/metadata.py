"""The one contract for a chunk's metadata: ingestion writes it, every reader reads it through it.

A key that is renamed or missing fails here, loudly, instead of reading as "" somewhere downstream.
Fields beyond these (the page's other front matter: description, role, level…) are kept as they are."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

# A request's filter on chunk metadata: field -> the value, or any of the values (None: no filter).
Filter = dict[str, str | list[str] | None]


class ChunkMeta(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=True)

    doc_id: str = Field(description="The document: session × language, e.g. KT-19551.sv")
    title: str = Field(description="The session's title")
    language: str = Field(description="Language tag of the page (sv, de, zh-Hant…)")
    jira: str = Field("", description="Translation group: the pages of one session share it")
    solution: str = Field("", description="Product: Journey Optimizer, Customer Journey Analytics, …")
    video_url: str = Field("", description="The session's recording")
    source_path: str = Field("", description="Path relative to the folder given to ingest")
    session: int | None = Field(None, description="Place in its product's series (1–5)")
    duration: int | None = Field(None, description="Recording length in seconds")
    # None, not "", when absent: stored metadata (and so every chunk's content hash) stays as it was.
    role: str | None = Field(None, description="Who the session is for, from the front matter: 'Admin, Leader'")
    level: str | None = Field(None, description="Its level, from the front matter: 'Beginner, Intermediate'")
    updated: str | None = Field(None, alias="last-substantial-update", description="ISO date")
    section: str = Field("", description="The ## heading the chunk belongs to (the title for the intro)")
    section_index: int = Field(0, description="Position of the section in its page (same across translations)")
    overview: bool = Field(False, description="The page's own summary: under its title or `#` heading")
    agenda: bool = Field(
        False, description="The page's agenda: its first ## section when it is only a list (Key Discussion Points)"
    )
    chunk_index: int = Field(0, description="Position of the chunk in its page")
    start_seconds: float | None = Field(None, description="Where a transcript passage starts in the recording")
    content_hash: str = Field("", description="Hash of the embedded text and metadata: the chunk id's basis")

    @field_validator("role", "level", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> str | None:
        # Front matter the page's author wrote: `level: 2` is stored as a number, and must not make the
        # chunk unreadable.
        return None if value is None or value == "" else str(value)

    @property
    def minutes(self) -> int | None:
        """The recording's length, rounded to minutes, as answers say it."""
        return round(self.duration / 60) if self.duration else None

    @property
    def summary(self) -> bool:
        """Text that sums up the whole session (the overview, the agenda): close to every question about
        it, so it is quoted only when it clearly answers best, and never listed as a padding source."""
        return self.overview or self.agenda

    @classmethod
    def of(cls, metadata: Mapping[str, Any]) -> ChunkMeta:
        # Keys with a leading underscore are the vector store's own (LlamaIndex keeps a JSON copy of the
        # whole node in `_node_content`): not the chunk's metadata, and costly to carry for every chunk.
        return cls.model_validate({k: v for k, v in metadata.items() if not k.startswith("_")})

    @classmethod
    def maybe(cls, metadata: Mapping[str, Any] | None) -> ChunkMeta | None:
        """The metadata, or None when it is incomplete (a chunk another process is writing just now)."""
        try:
            return cls.of(metadata or {})
        except ValidationError:
            return None

    def dump(self) -> dict[str, Any]:
        """What is stored (Chroma metadata: scalars only, no None)."""
        return self.model_dump(by_alias=True, exclude_none=True)

    def replace(self, **changes: Any) -> ChunkMeta:
        """A copy with these fields changed, validated like the original."""
        return ChunkMeta.of(self.dump() | changes)

    @property
    def group(self) -> str:
        """Translation group: the session, whatever its language."""
        return self.jira or self.doc_id

    @property
    def heading(self) -> str:
        """Title and section, as the embedding, BM25, the answer and the model's passages all see them."""
        return f"{self.title} › {self.section}"

    def searchable(self, text: str) -> str:
        """A chunk's text as its words are matched (BM25, word pieces, the gate): under its title and section."""
        return f"{self.heading}\n{text}"

    def filter_value(self, key: str) -> Any:
        """A field by the name a request filter uses (solution, jira)."""
        return getattr(self, key, None)
