"""The service's request and response shapes, and their limits: the CLI, the API and the page all
validate with these, so a limit lives in one place."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from ingest.language import SUPPORTED

MAX_MESSAGE_CHARS = 4000
MAX_TURN_CHARS = 20_000  # an earlier answer may quote several sections
MAX_HISTORY_TURNS = 50
MAX_ANSWER_CHARS = 50_000  # feedback quotes the answer it rates
MAX_COMMENT_CHARS = 4000


def encodable(value: str) -> str:
    """Lone surrogates ("\\ud800", valid in JSON, not in UTF-8) would reach the tokenizer and fail there."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"contains an invalid character at position {exc.start} (a lone surrogate)") from exc
    return value


def check_message(value: Any) -> Any:
    """Runs before the schema's constraints, so an empty message gets a readable message."""
    if isinstance(value, str) and not value.strip():
        raise ValueError("must not be empty")
    return value.strip() if isinstance(value, str) else value


def check_language(value: Any) -> Any:
    """Runs before the schema's enum check, so an unknown code gets a readable message."""
    if not isinstance(value, str):
        return value
    code = value.strip().lower()
    if code not in SUPPORTED:
        raise ValueError(f"unknown language code {value!r}; use one of {', '.join(SUPPORTED)} or null")
    return code


def describe(errors: list[Any]) -> tuple[str, list[dict]]:
    """One readable line naming the field and the reason, plus the full list for programs."""
    clean = [
        {"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"),
         "reason": str(e.get("msg", "")).removeprefix("Value error, ")}
        for e in errors
    ]  # fmt: skip
    first = clean[0] if clean else {"field": "", "reason": "invalid request"}
    if any(e.get("type") == "json_invalid" for e in errors):
        return "request body is not valid JSON", clean
    where = f"{first['field']}: " if first["field"] else ""
    return f"{where}{first['reason']}", clean


Text = Annotated[str, AfterValidator(encodable)]
Message = Annotated[
    str, StringConstraints(max_length=MAX_MESSAGE_CHARS, pattern=r"\S", strict=True), AfterValidator(encodable)
]
LanguageCode = Literal[SUPPORTED]  # type: ignore[valid-type]  # the codes, as an enum in the schema


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: Text = Field(max_length=MAX_TURN_CHARS)


class Filters(BaseModel):
    solution: Text | None = Field(None, max_length=200, examples=["Journey Optimizer"])
    jira: Text | None = Field(None, max_length=100, examples=["KT-19551"])


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: Message = Field(examples=["Vilka är de tre stegen i teamutvecklingen?"])
    history: list[Turn] = Field(default_factory=list, max_length=MAX_HISTORY_TURNS)
    language: LanguageCode | None = Field(None, description="Answer language; null detects it")
    filters: Filters | None = None

    _message = field_validator("message", mode="before")(check_message)
    _language = field_validator("language", mode="before")(check_language)


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: Text = Field(max_length=MAX_MESSAGE_CHARS)
    answer: Text = Field(max_length=MAX_ANSWER_CHARS)
    rating: Literal["up", "down"]
    comment: Text = Field("", max_length=MAX_COMMENT_CHARS)
    language: LanguageCode | None = Field(None, description="The answer's language, when known")
    history: list[Turn] = Field(default_factory=list, max_length=MAX_HISTORY_TURNS, description="Earlier turns")

    _language = field_validator("language", mode="before")(check_language)


class Source(BaseModel):
    id: str = Field(description="The cited chunk's id: stable while its text is unchanged")
    n: int = Field(ge=1, description="The number the answer cites it by: [n]")
    doc_id: str
    title: str
    section: str
    language: str
    solution: str
    jira: str
    url: str
    path: str
    score: float
    start_seconds: float | None = Field(
        None, description="A transcript passage's start in the recording; its url opens it there"
    )
    overview: bool = Field(False, description="The page's title section: its `section` repeats the title")


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


MAX_SEARCH_RESULTS = 50


class Passage(Source):
    text: str = Field(description="The passage as stored (Markdown)")


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: Message = Field(examples=["Wer verantwortet die Governance?"])
    k: int = Field(5, ge=1, le=MAX_SEARCH_RESULTS, description="How many passages")
    language: LanguageCode | None = Field(None, description="Only passages in this language; null: any")
    product: Text | None = Field(None, max_length=200, description="Only this product (name or acronym: AJO, CJA, CSC)")

    _query = field_validator("query", mode="before")(check_message)
    _language = field_validator("language", mode="before")(check_language)
