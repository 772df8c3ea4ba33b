"""The services a server process holds: built in the background, so health can say 'starting', and
retried with backoff until the index is there (ingested later, or a Chroma server that comes up late)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from assistant import __version__
from assistant.catalog import DocumentInfo, SessionInfo, list_documents, list_sessions, page_markdown
from assistant.chat import ChatService
from assistant.components import Components
from assistant.errors import IndexProblem, Problem
from assistant.feedback import FeedbackStore
from assistant.index import View
from assistant.metrics import Metrics
from assistant.schemas import Passage, SearchRequest
from assistant.search import search
from assistant.settings import Settings
from assistant.store import reachable
from assistant.uploads import DocumentDetail, DocumentService
from ingest.products import product_name

T = TypeVar("T")

log = logging.getLogger(__name__)
FIRST_RETRY_SECONDS = 0.5
LAST_RETRY_SECONDS = 5.0  # an index ingested after start-up is answered from within this long
# How long stopping waits for the loader and a running upload job. A thread still inside Chroma's Rust
# client when the interpreter exits is unwound through Rust frames and crashes the process (SIGSEGV).
STOP_WAIT_SECONDS = 30.0


class NotReady(Exception):
    """The model or the index is not loaded (yet); the message says which."""


class Runtime:
    def __init__(self, settings: Settings, components: Components | None = None) -> None:
        self.settings = settings
        self._components = components  # prebuilt (shared model) or built on load
        self.feedback = FeedbackStore(
            settings.feedback_db, int(settings.feedback_max_mb * 1_000_000), settings.feedback_per_minute
        )
        self._chat: ChatService | None = None
        self._uploads: DocumentService | None = None
        self._problem: str | None = None  # why the index is not answering yet; retried
        self._error: str | None = None  # why loading failed for good (the model, say)
        self._stopping = threading.Event()
        self._settled = threading.Event()  # set once the services are up, or have failed for good
        self._opening = threading.Lock()  # the loader and an upload's first index may try at once
        self._loader: threading.Thread | None = None
        self._catalog: tuple[str, list[DocumentInfo]] | None = None
        self.metrics = Metrics()
        self.metrics.watch_index(self.health)

    def start(self, background: bool = True) -> None:
        if background:
            self._loader = threading.Thread(target=self.load, name="load-services", daemon=True)
            self._loader.start()
        else:
            self.load(retry=False)

    def stop(self) -> None:
        """Stop retrying, then wait for the loader and a running upload job (see STOP_WAIT_SECONDS)."""
        self._stopping.set()
        if self._loader is not None:
            self._loader.join(STOP_WAIT_SECONDS)
        if self._uploads is not None:
            self._uploads.close(STOP_WAIT_SECONDS)
        if self._chat is not None:
            self._chat.index.shutdown()

    def load(self, retry: bool = True) -> None:
        """Load the model once, then open the index until it can be opened (with backoff)."""
        try:
            components = self._components or Components.build(self.settings)
            self._components = components
            components.embedding  # noqa: B018  # the model: loaded once, whatever the index does
            # Uploads need the model, not an index: the first upload to an empty server creates it.
            self._uploads = self._uploads or DocumentService(components, changed=self.content_changed)
        except Exception as exc:  # a model that cannot load will not load on retry: say so and stay up
            log.exception("Loading the embedding model failed")
            self._error = str(exc)
            self._settled.set()
            return
        delay = FIRST_RETRY_SECONDS
        while not self._stopping.is_set():
            if self.open_index(components) or not retry:
                return
            self._stopping.wait(delay)
            delay = min(delay * 2, LAST_RETRY_SECONDS)

    def open_index(self, components: Components) -> bool:
        """One attempt to open the index and answer from it; the reason is kept when it fails."""
        with self._opening:
            if self._chat is not None:
                return True
            try:
                chat = ChatService(components, metrics=self.metrics)
                chat.warm_up()
                self._chat, self._problem = chat, None
                self._settled.set()
                return True
            except Exception as exc:  # reported by health and every request until it works
                problem = str(exc) if isinstance(exc, Problem) else f"{type(exc).__name__}: {exc}"
                if problem != self._problem:
                    log.warning("Not ready to answer yet (%s); retrying", problem)  # the index or the model
                self._problem = problem
                return False

    def wait_ready(self, timeout: float) -> None:
        """Wait while the services are starting (not while the index is missing: that is reported at once)."""
        deadline = time.monotonic() + timeout
        while self.status() == "starting" and time.monotonic() < deadline:
            self._settled.wait(0.1)

    @property
    def chat(self) -> ChatService:
        if self._chat is None:
            starting = "The assistant is starting: loading the model and the index."
            raise NotReady(self._error or self._problem or starting)
        return self._chat

    def documents(self) -> list[DocumentInfo]:
        """The catalogue, re-read only when the content changed (ingestion ran)."""
        return self.read_index(self.catalogue)

    @property
    def uploads(self) -> DocumentService:
        if self._uploads is None:
            raise NotReady(self._error or "The assistant is starting: loading the model.")
        return self._uploads

    def content_changed(self) -> None:
        """An upload or delete changed the index: answer from it at once (others follow its revision)."""
        if self._chat is not None:
            self._chat.index.refresh()
        elif self._components is not None:  # the first upload created the index
            self.open_index(self._components)

    def document(self, doc_id: str) -> DocumentDetail:
        """One document with its kept original (uploads); KeyError when there is none."""
        info = next((d for d in self.documents() if d.doc_id == doc_id), None)
        if info is None:
            raise KeyError(doc_id)
        return self.uploads.detail(info, info.path)

    def delete_document(self, doc_id: str) -> int:
        detail = self.document(doc_id)
        with reachable(self.settings):
            return self.uploads.delete(doc_id, detail.path)

    def sessions(self, product: str | None = None, language: str | None = None) -> list[SessionInfo]:
        return list_sessions(self.documents(), product_name(product), language)

    def page(self, jira: str, language: str) -> str:
        """A session's page in one language, as ingested (PageNotFound when there is none)."""
        return self.read_index(lambda view: page_markdown(view.collection, jira, language))

    def search(self, request: SearchRequest) -> list[Passage]:
        return self.read_index(lambda view: search(view.retriever, self.settings, request))

    def catalogue(self, view: View) -> list[DocumentInfo]:
        if self._catalog is None or self._catalog[0] != view.revision:
            self._catalog = (view.revision, list_documents(view.collection))
        return self._catalog[1]

    def read_index(self, read: Callable[[View], T]) -> T:
        with reachable(self.settings):
            return self.chat.index.read(read)

    def status(self) -> str:
        if self._chat:
            return "ok"
        if self._error:
            return "error"
        return "unavailable" if self._problem else "starting"

    def health(self) -> dict:
        info: dict = {
            "status": self.status(),
            "version": __version__,
            "embedding_model": self.settings.embed_model,
            "answerer": self.settings.answerer,
            "documents": 0,
            "chunks": 0,
        }
        if self._chat:
            try:
                documents, chunks = self.read_index(lambda view: (self.catalogue(view), view.collection.count()))
                info |= {"documents": len(documents), "chunks": chunks}
            except IndexProblem as exc:
                info |= {"status": "unavailable", "documents": 0, "chunks": 0, "error": str(exc)}
        if reason := self._error or self._problem:
            info["error"] = reason
        return info
