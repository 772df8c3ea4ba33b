"""HTTP adapter: /api (native) and /v1 (OpenAI-compatible) routes over the Runtime's services."""

from __future__ import annotations

import itertools
import json
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, File, Form, Query, Request, Security, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.sse import EventSourceResponse, format_sse_event
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.catalog import DocumentInfo, PageNotFound, SessionInfo
from assistant.chat import ChatService
from assistant.errors import IndexProblem
from assistant.feedback import FeedbackRefused
from assistant.metrics import CONTENT_TYPE
from assistant.response import Delta
from assistant.runtime import NotReady, Runtime
from assistant.schemas import (
    MAX_HISTORY_TURNS,
    MAX_MESSAGE_CHARS,
    MAX_TURN_CHARS,
    ChatRequest,
    ChatResponse,
    FeedbackRequest,
    Filters,
    LanguageCode,
    Passage,
    SearchRequest,
    Turn,
    check_language,
    describe,
    encodable,
)
from assistant.security import MISSING_KEY, authorized, changes_refused
from assistant.uploads import DocumentDetail, JobStatus, Received, UploadFields, UploadRefused

MODEL_NAME = "session-assistant"
MAX_BODY_BYTES = 1_000_000  # 50 turns of history fit easily; anything larger is refused with 413
UPLOAD_FILES_PER_REQUEST = 4  # an upload body may hold this many files of the largest size allowed


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


class ErrorBody(BaseModel):
    error: str
    detail: list[dict[str, Any]] | None = None


class FeedbackResponse(BaseModel):
    id: int


class Health(BaseModel):
    status: Literal["ok", "starting", "error", "unavailable"]
    version: str
    embedding_model: str
    answerer: str = Field(description="'extractive', or 'llm:<model>' when a model server writes the answers")
    documents: int
    chunks: int
    error: str | None = None


# --- OpenAI-compatible shapes (only what clients send and read) ---


class ContentPart(BaseModel):
    type: str
    text: str | None = None


class OpenAIMessage(BaseModel):
    role: Literal["system", "user", "assistant", "developer", "tool"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.text or "" for p in self.content if p.type == "text")
        return self.content or ""

    @model_validator(mode="after")
    def _fits_a_turn(self) -> OpenAIMessage:
        """An earlier message becomes a history turn: the same limits, checked here, not as a 500 later."""
        text = encodable(self.text())
        if len(text) > MAX_TURN_CHARS:
            raise ValueError(f"content is longer than {MAX_TURN_CHARS:,} characters")
        return self


class CompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # temperature, max_tokens, … are accepted and ignored

    model: str = MODEL_NAME
    messages: list[OpenAIMessage] = Field(min_length=1, max_length=MAX_HISTORY_TURNS + 1)
    stream: bool = False
    language: LanguageCode | None = Field(None, description="Extension: answer language; null detects it")
    filters: Filters | None = Field(None, description="Extension: restrict to a solution or session")

    _language = field_validator("language", mode="before")(check_language)


def runtime(request: Request) -> Runtime:
    return request.app.state.runtime


BEARER = HTTPBearer(auto_error=False, description="SESSION_ASSISTANT_API_KEY, when the server sets one")


def require_key(request: Request, _: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)]) -> None:
    """The gate (assistant.security) already checked every request; this states the rule in OpenAPI and
    keeps it should the routes ever be mounted without the gate."""
    key = runtime(request).settings.api_key
    if key and not authorized(request.headers, key):
        raise ApiError(401, MISSING_KEY, {"www-authenticate": "Bearer"})


def service(request: Request) -> ChatService:
    return ready(request).chat


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody},
    401: {"model": ErrorBody},
    413: {"model": ErrorBody},
    422: {"model": ErrorBody},
    429: {"model": ErrorBody},
    503: {"model": ErrorBody},
    507: {"model": ErrorBody},
}
open_router = APIRouter(prefix="/api", tags=["status"])
api = APIRouter(prefix="/api", tags=["chat"], dependencies=[Depends(require_key)], responses=ERRORS)
v1 = APIRouter(prefix="/v1", tags=["openai"], dependencies=[Depends(require_key)], responses=ERRORS)
monitoring = APIRouter(tags=["status"], dependencies=[Depends(require_key)], responses={401: {"model": ErrorBody}})


METRICS_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"description": "Prometheus text format", "content": {CONTENT_TYPE: {"schema": {"type": "string"}}}},
}


@monitoring.get("/metrics", response_model=None, responses=METRICS_RESPONSE)
def metrics(request: Request) -> Response:
    """Requests and latency per route and status, answer stages, answers by answerer, index size."""
    return Response(runtime(request).metrics.exposition(), media_type=CONTENT_TYPE)


@open_router.get("/health", response_model=Health)
def health(request: Request) -> dict:
    return runtime(request).health()


@api.post("/chat", response_model=ChatResponse)
def chat(body: ChatRequest, request: Request) -> ChatResponse:
    return service(request).answer(body.message, body.history, body.language, body.filters)


SSE_EVENT = {  # one server-sent event, as OpenAPI 3.2 describes them
    "type": "object",
    "properties": {"data": {"type": "string"}, "event": {"type": "string"}, "id": {"type": "string"}},
}
SSE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-sent events: `delta` {text} pieces, one `sources` (the chat response), then `done`",
        "content": {"text/event-stream": {"schema": SSE_EVENT}},
    }
}


COMPLETION_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A chat.completion, or with `stream` server-sent chat.completion.chunk events",
        "content": {"application/json": {"schema": {"type": "object"}}, "text/event-stream": {"schema": SSE_EVENT}},
    }
}


@api.post("/chat/stream", responses=SSE_RESPONSE)
def chat_stream(body: ChatRequest, request: Request) -> EventSourceResponse:
    """Server-sent events: `delta` (answer text pieces), then `sources` (the full response), then `done`."""
    items = primed(service(request).stream(body.message, body.history, body.language, body.filters))

    def events() -> Iterator[bytes]:
        for item in items:
            if isinstance(item, Delta):
                yield sse({"text": item.text}, "delta")
            else:
                yield sse(item.model_dump(), "sources")
        yield sse({}, "done")

    return EventSourceResponse(events())


def sse(data: Any, event: str | None = None) -> bytes:
    return format_sse_event(data_str=json.dumps(data, ensure_ascii=False), event=event)


def primed(items: Iterator) -> Iterator:
    """Take the first item before the response starts, so a failure (index down) is a 503, not a torn stream."""
    first = next(items)
    return itertools.chain([first], items)


@api.get("/documents", response_model=list[DocumentInfo])
def documents(request: Request) -> list[DocumentInfo]:
    return ready(request).documents()


def allowed_to_change(request: Request) -> None:
    """Uploads and deletes: with no API key, only from a server that listens on loopback."""
    if reason := changes_refused(runtime(request).settings, request.app.state.host):
        raise ApiError(403, reason)


class JobAccepted(BaseModel):
    job_id: str
    status: Literal["queued"]
    waiting_for: int = Field(0, description="Jobs ahead of this one: one ingestion runs at a time")


class Deleted(BaseModel):
    doc_id: str
    deleted_chunks: int


@api.post("/documents", status_code=202, response_model=JobAccepted, dependencies=[Depends(allowed_to_change)])
async def upload(
    request: Request,
    files: Annotated[list[UploadFile], File(description="One or more files, or one zip of them")],
    fields: Annotated[UploadFields, Form()],
) -> JobAccepted:
    """Queue an ingestion job for the files (Markdown, text, HTML, PDF, DOCX, WebVTT, SRT, or a zip).

    The form fields fill what a file's own front matter lacks. Follow the job at /api/jobs/{job_id}."""
    limit = int(runtime(request).settings.upload_max_mb * 1_000_000)
    received = [Received(upload.filename or "upload", await upload.read(limit + 1)) for upload in files]
    try:
        status = runtime(request).uploads.submit(received, fields)
    except UploadRefused as exc:
        raise ApiError(422, str(exc)) from exc
    except NotReady as exc:
        raise ApiError(503, str(exc)) from exc
    return JobAccepted(job_id=status.job_id, status="queued", waiting_for=status.waiting_for)


def job_of(request: Request, job_id: str) -> JobStatus:
    try:
        return runtime(request).uploads.job(job_id)
    except NotReady as exc:
        raise ApiError(503, str(exc)) from exc
    except KeyError:
        raise ApiError(404, f"no job {job_id!r} (finished jobs are kept for a while, then forgotten)") from None


@api.get("/jobs/{job_id}", response_model=JobStatus, responses={404: {"model": ErrorBody}})
def job(job_id: str, request: Request) -> JobStatus:
    return job_of(request, job_id)


@api.get("/jobs/{job_id}/events", responses={**SSE_RESPONSE, 404: {"model": ErrorBody}})
def job_events(job_id: str, request: Request) -> EventSourceResponse:
    """Server-sent `status` events (the job as GET /api/jobs/{job_id} shows it) until it is done or failed."""
    job_of(request, job_id)
    updates = runtime(request).uploads.events(job_id)
    return EventSourceResponse(sse(status.model_dump(), "status") for status in updates)


@api.get("/documents/{doc_id}", response_model=DocumentDetail, responses={404: {"model": ErrorBody}})
def document(doc_id: str, request: Request) -> DocumentDetail:
    try:
        return ready(request).document(doc_id)
    except KeyError:
        raise ApiError(404, f"no document {doc_id!r}") from None


@api.delete(
    "/documents/{doc_id}", response_model=Deleted, responses={403: {"model": ErrorBody}, 404: {"model": ErrorBody}},
    dependencies=[Depends(allowed_to_change)],
)  # fmt: skip
def delete_document(doc_id: str, request: Request) -> Deleted:
    """Remove the document's chunks and, for an upload, its kept original."""
    try:
        return Deleted(doc_id=doc_id, deleted_chunks=ready(request).delete_document(doc_id))
    except KeyError:
        raise ApiError(404, f"no document {doc_id!r}") from None


@api.post("/search", response_model=list[Passage])
def search(body: SearchRequest, request: Request) -> list[Passage]:
    """The best-matching passages, for callers that compose their own answer (numbered like sources)."""
    return ready(request).search(body)


@api.get("/sessions", response_model=list[SessionInfo])
def sessions(
    request: Request,
    product: Annotated[str | None, Query(max_length=200, description="Name or acronym: AJO, CJA, CSC")] = None,
    language: Annotated[LanguageCode | None, Query(description="Only sessions available in it")] = None,
) -> list[SessionInfo]:
    return ready(request).sessions(product, language)


PAGE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"description": "The page (Markdown)", "content": {"text/markdown": {"schema": {"type": "string"}}}},
    404: {"model": ErrorBody},
}


@api.get("/sessions/{jira}/{language}", response_model=None, responses=PAGE_RESPONSE)
def session_page(jira: str, language: str, request: Request) -> Response:
    """The session's page in one language, as ingested (Markdown)."""
    try:
        page = ready(request).page(jira, language)
    except PageNotFound as exc:
        raise ApiError(404, str(exc)) from exc
    return Response(page, media_type="text/markdown; charset=utf-8")


def ready(request: Request) -> Runtime:
    """The runtime, once its services are up (503 with the reason until then)."""
    try:
        runtime(request).chat  # noqa: B018  # raises NotReady with the reason
    except NotReady as exc:
        raise ApiError(503, str(exc)) from exc
    return runtime(request)


@api.post("/feedback", response_model=FeedbackResponse)
def feedback(body: FeedbackRequest, request: Request) -> FeedbackResponse:
    try:
        row = runtime(request).feedback.record(body, client_address(request))
    except FeedbackRefused as exc:
        retry = {"retry-after": str(exc.retry_after)} if exc.retry_after else None
        raise ApiError(exc.status, str(exc), retry) from exc
    return FeedbackResponse(id=row)


def client_address(request: Request) -> str:
    """The asker's address (behind a configured proxy, the forwarded one): feedback is rate-limited by it."""
    return request.client.host if request.client else "unknown"


@v1.get("/models")
def models() -> dict:
    return {"object": "list", "data": [{"id": MODEL_NAME, "object": "model", "created": 0, "owned_by": MODEL_NAME}]}


def split_messages(messages: list[OpenAIMessage]) -> tuple[str, list[Turn]]:
    """The last user message is the question; earlier user/assistant messages are the history."""
    if messages[-1].role != "user" or not messages[-1].text().strip():
        raise ApiError(400, "the last message must be a non-empty user message")
    question = messages[-1].text().strip()
    if len(question) > MAX_MESSAGE_CHARS:
        raise ApiError(422, f"message is longer than {MAX_MESSAGE_CHARS} characters")
    history = [Turn(role=m.role, content=m.text()) for m in messages[:-1] if m.role in ("user", "assistant")]
    return question, history


def extras(response: ChatResponse) -> dict:
    """Sources travel in extra fields: OpenAI clients ignore unknown fields."""
    return {
        "sources": [s.model_dump() for s in response.sources],
        "language": response.language,
        "grounded": response.grounded,
        "timings_ms": response.timings_ms.model_dump(),
        "answerer": response.answerer,
    }


@v1.post("/chat/completions", responses=COMPLETION_RESPONSE)
def chat_completions(body: CompletionRequest, request: Request):
    question, history = split_messages(body.messages)
    chat_service = service(request)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    if not body.stream:
        response = chat_service.answer(question, history, body.language, body.filters)
        return {
            "id": completion_id,
            "object": "chat.completion",
            "created": created,
            "model": body.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": response.answer},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            **extras(response),
        }

    def chunk(delta: dict, finish: str | None = None, **extra: Any) -> bytes:
        data = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": body.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return sse(data)

    items = primed(chat_service.stream(question, history, body.language, body.filters))

    def events() -> Iterator[bytes]:
        yield chunk({"role": "assistant", "content": ""})
        for item in items:
            if isinstance(item, Delta):
                yield chunk({"content": item.text})
            else:
                yield chunk({}, "stop", **extras(item))
        yield format_sse_event(data_str="[DONE]")

    # Either JSON or a stream from one route, so this stream is encoded here rather than by FastAPI.
    return EventSourceResponse(events())


def error_response(
    status: int, message: str, detail: list | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {"error": message}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(status_code=status, content=body, headers=headers)


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuse request bodies over the limit with a JSON 413, declared (Content-Length) or streamed.

    Written here because FastAPI's max_body_size answers in plain text, unlike every other API error."""

    def __init__(self, app: Any, limit_for: Callable[[dict], int] = lambda scope: MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        too_large = error_response(413, f"request body is larger than {limit:,} bytes")
        length = dict(scope.get("headers") or []).get(b"content-length", b"0")
        if length.isdigit() and int(length) > limit:
            await too_large(scope, receive, send)
            return
        received = 0
        over = replied = False

        async def counting_receive() -> dict:
            nonlocal received, over
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                over = True
                raise BodyTooLarge
            return message

        async def guarded_send(message: dict) -> None:
            # The framework turns a failed body read into its own 400; answer 413 in its place.
            nonlocal replied
            if not over:
                await send(message)
            elif not replied:
                replied = True
                await too_large(scope, receive, send)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            if not replied:
                await too_large(scope, receive, send)


def install(app: FastAPI) -> None:
    def limit_for(scope: dict) -> int:
        """Uploads may carry several files of up to the upload limit each; every other body is small."""
        if scope["path"] == "/api/documents" and scope["method"] == "POST":
            return int(UPLOAD_FILES_PER_REQUEST * app.state.runtime.settings.upload_max_mb * 1_000_000) + MAX_BODY_BYTES
        return MAX_BODY_BYTES

    app.add_middleware(BodyLimit, limit_for=limit_for)
    app.include_router(open_router)
    app.include_router(api)
    app.include_router(v1)
    app.include_router(monitoring)

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        message, detail = describe(list(exc.errors()))
        status = 400 if message == "request body is not valid JSON" else 422
        return error_response(status, message, detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail))  # 404, 405 … as JSON like other errors

    @app.exception_handler(IndexProblem)
    async def index_problem(_: Request, exc: IndexProblem) -> JSONResponse:
        return error_response(503, str(exc))
