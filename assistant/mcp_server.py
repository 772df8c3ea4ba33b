"""MCP adapter: the Runtime's services as Model Context Protocol tools and resources, for agents.

Served over stdio by `session-assistant mcp`, and over streamable HTTP at /mcp by `serve` (behind the
API key, like /api and /v1). Tools translate arguments to the services' requests and back, nothing more."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import anyio.to_thread
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError, ToolError
from mcp.types import Resource as ResourceInfo
from mcp.types import ToolAnnotations
from pydantic import BaseModel, Field, ValidationError

from assistant import __version__
from assistant.catalog import PageNotFound, SessionInfo
from assistant.errors import IndexProblem
from assistant.runtime import NotReady, Runtime
from assistant.schemas import (
    MAX_SEARCH_RESULTS,
    ChatRequest,
    Filters,
    Passage,
    SearchRequest,
    Source,
    check_language,
    describe,
)
from ingest.language import SUPPORTED
from ingest.products import infer_product

READY_WAIT_SECONDS = 120.0  # a client may call a tool before the model has loaded (stdio starts cold)
PAGE_URI = "session://{jira}/{language}"
ASK_ARGUMENTS = {"message": "question", "filters.solution": "product", "filters.jira": "session"}  # request → tool

INSTRUCTIONS = """\
Session Assistant answers questions about Adobe's customer success webinar sessions (the Value \
Realization series on Journey Optimizer, Customer Journey Analytics and Content Supply Chain): team \
structure, governance cadence, roles, workflows. Pages exist in several languages. Use `ask` for a \
grounded answer in the asker's language with numbered sources ([1], [2] in the answer are the sources' \
`n`), `search` for raw passages, `list_sessions` to see what exists, and read a session page as the \
resource session://{jira}/{language}."""


class Answer(BaseModel):
    answer: str = Field(description="Markdown; [n] cites the source whose n it is")
    language: str = Field(description="The language the answer is written in")
    grounded: bool = Field(description="True when the answer quotes or cites the sources; false when out of scope")
    answerer: str = Field(description="'extractive' (quoted from the sources) or 'llm:<model>'")
    sources: list[Source]


class SearchResults(BaseModel):
    passages: list[Passage]


class Sessions(BaseModel):
    sessions: list[SessionInfo]


def page_uri(jira: str, language: str) -> str:
    return PAGE_URI.format(jira=jira, language=language)


def invalid(exc: ValidationError, renamed: dict[str, str]) -> ToolError:
    """One sentence naming the argument, by the tool's name for it."""
    message = describe(list(exc.errors()))[0]
    for field, argument in renamed.items():
        message = re.sub(rf"^{field}\b", argument, message)
    return ToolError(message)


class SessionAssistantMCP(MCPServer):
    """Lists every ingested page as a resource: the list changes with the index, so it is read per request."""

    def __init__(self, runtime: Runtime) -> None:
        super().__init__(
            name="session-assistant", title="Session Assistant", version=__version__, instructions=INSTRUCTIONS,
            log_level="WARNING",  # the SDK configures the root logger when nobody has: not at INFO
        )  # fmt: skip
        self.runtime = runtime

    async def list_resources(self) -> list[ResourceInfo]:
        try:
            documents = await anyio.to_thread.run_sync(lambda: services(self.runtime).documents())
        except (ToolError, IndexProblem) as exc:
            raise ResourceError(str(exc)) from exc
        pages = [
            ResourceInfo(
                uri=page_uri(d.jira or d.doc_id, d.language),
                name=f"{d.jira or d.doc_id}/{d.language}",
                title=f"{d.title} ({d.language})",
                description=f"{d.solution}: the session page in {d.language}, as ingested",
                mime_type="text/markdown",
            )
            for d in documents
        ]
        return pages + await super().list_resources()


def services(runtime: Runtime) -> Runtime:
    """The runtime once its services are up; a tool error naming why when they do not come up in time."""
    runtime.wait_ready(READY_WAIT_SECONDS)
    try:
        runtime.chat  # noqa: B018  # raises NotReady with the reason
    except NotReady as exc:
        raise ToolError(str(exc)) from exc
    return runtime


PRODUCTS = '"Journey Optimizer" (AJO), "Customer Journey Analytics" (CJA) or "Content Supply Chain" (CSC)'
Question = Annotated[str, Field(description="The question, in any language (Swedish, German, Italian, English, …)")]
Query = Annotated[str, Field(description="What to look for, in any language; pages in every language are searched")]
Count = Annotated[int, Field(description=f"How many passages, 1 to {MAX_SEARCH_RESULTS}")]
Language = Annotated[
    str | None, Field(description=f"A language code: {', '.join(SUPPORTED)}. Default: the question's own language")
]
OnlyLanguage = Annotated[str | None, Field(description=f"Only this language, a code: {', '.join(SUPPORTED)}")]
Product = Annotated[str | None, Field(description=f"Only sessions of this product: {PRODUCTS}")]
Session = Annotated[str | None, Field(description='Only this session, by its jira id from list_sessions ("KT-19551")')]


@contextmanager
def index_errors() -> Iterator[None]:
    """An index that is down or being replaced is a tool error with its reason, not a crash."""
    try:
        yield
    except IndexProblem as exc:
        raise ToolError(str(exc)) from exc


def build_mcp(runtime: Runtime) -> SessionAssistantMCP:
    server = SessionAssistantMCP(runtime)
    read_only = ToolAnnotations(read_only_hint=True, open_world_hint=False)

    @server.tool(annotations=read_only)
    def ask(question: Question, language: Language = None, product: Product = None, session: Session = None) -> Answer:
        """Answer a question about the webinar sessions, grounded in their pages, in the asker's language.

        The answer cites its sources as [1], [2]: the number is each source's `n`. `grounded` is false when
        the sessions do not cover the question; the answer then says so, in the asker's language."""
        try:
            request = ChatRequest(
                message=question, language=language, filters=Filters(solution=checked_product(product), jira=session)
            )
        except ValidationError as exc:
            raise invalid(exc, ASK_ARGUMENTS) from None
        with index_errors():
            response = services(runtime).chat.answer(request.message, [], request.language, request.filters)
        return Answer(**response.model_dump(include={"answer", "language", "grounded", "answerer", "sources"}))

    @server.tool(annotations=read_only)
    def search(query: Query, k: Count = 5, language: OnlyLanguage = None, product: Product = None) -> SearchResults:
        """Find the passages of the session pages that best match a query, for composing your own answer.

        Each passage has a stable `id`, its rank `n`, the session (`jira`, `title`), its `section`,
        `language`, cosine `score` and `text` (Markdown)."""
        try:
            request = SearchRequest(query=query, k=k, language=language, product=checked_product(product))
        except ValidationError as exc:
            raise invalid(exc, {}) from None
        with index_errors():
            return SearchResults(passages=services(runtime).search(request))

    @server.tool(annotations=read_only)
    def list_sessions(product: Product = None, language: OnlyLanguage = None) -> Sessions:
        """List the ingested webinar sessions: ids, products, places in their series, languages.

        A session's page is the resource session://{jira}/{language}."""
        code = checked_language(language)
        with index_errors():
            return Sessions(sessions=services(runtime).sessions(checked_product(product), code))

    @server.resource(PAGE_URI, name="session-page", mime_type="text/markdown")
    def session_page(jira: str, language: str) -> str:
        """A session's page in one language, as ingested: front matter, title and sections (Markdown)."""
        try:
            return services(runtime).page(jira, language)
        except ToolError as exc:
            raise ResourceError(str(exc)) from exc
        except PageNotFound as exc:
            raise ResourceNotFoundError(str(exc)) from exc
        except IndexProblem as exc:
            raise ResourceError(str(exc)) from exc

    return server


def checked_product(product: str | None) -> str | None:
    """The product's name from a name or an acronym; for agents an unknown product is an error (the API
    filters by any product name, as uploads may name others)."""
    if not product or not product.strip():
        return None
    name = infer_product(product)
    if name is None:
        raise ToolError(f"product: unknown product {product!r}; use {PRODUCTS}")
    return name


def checked_language(language: str | None) -> str | None:
    if language is None or not language.strip():
        return None
    try:
        return check_language(language)
    except ValueError as exc:
        raise ToolError(f"language: {exc}") from None
