"""The service's request and response shapes; the CLI, the API and the UI all speak these."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class Filters(BaseModel):
    solution: str | None = Field(None, max_length=200, examples=["Journey Optimizer"])
    jira: str | None = Field(None, max_length=100, examples=["KT-19551"])


class Source(BaseModel):
    doc_id: str
    title: str
    section: str
    language: str
    solution: str
    jira: str
    url: str
    path: str
    score: float


class Timings(BaseModel):
    embed: float
    retrieve: float
    compose: float
    total: float


class ChatResponse(BaseModel):
    answer: str = Field(description="Markdown")
    language: str
    grounded: bool
    sources: list[Source]
    timings_ms: Timings
    answerer: str = Field(
        description="Who wrote the answer: 'extractive' (quoted from the sources) or 'llm:<model>'",
        examples=["extractive", "llm:llama3.1:8b"],
    )
