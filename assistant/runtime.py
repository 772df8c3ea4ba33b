"""The services a server process holds: built once, in the background, so health can say 'starting'."""

from __future__ import annotations

import logging
import threading

from assistant import __version__
from assistant.catalog import DocumentInfo, list_documents
from assistant.chat import ChatService
from assistant.components import Components
from assistant.feedback import FeedbackStore
from assistant.settings import Settings
from assistant.store import IndexProblem, reachable

log = logging.getLogger(__name__)


class NotReady(Exception):
    """The model or the index is not loaded (yet); the message says which."""


class Runtime:
    def __init__(self, settings: Settings, components: Components | None = None) -> None:
        self.settings = settings
        self._components = components  # prebuilt (shared model) or built on load
        self.feedback = FeedbackStore(settings.feedback_db)
        self._chat: ChatService | None = None
        self._error: str | None = None
        self._loaded = threading.Event()
        self._catalog: tuple[int, list[DocumentInfo]] | None = None

    def start(self, background: bool = True) -> None:
        if background:
            threading.Thread(target=self.load, name="load-services", daemon=True).start()
        else:
            self.load()

    def load(self) -> None:
        try:
            self._chat = ChatService(self._components or Components.build(self.settings))
            self._chat.warm_up()
        except Exception as exc:  # reported by /api/health and every request; the server stays up
            log.exception("Loading the services failed")
            self._error = str(exc)
        finally:
            self._loaded.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._loaded.wait(timeout)

    @property
    def chat(self) -> ChatService:
        if self._chat is None:
            raise NotReady(self._error or "The assistant is starting: loading the model and the index.")
        return self._chat

    def documents(self) -> list[DocumentInfo]:
        """The catalogue, re-read only when the collection changed size (ingestion ran)."""
        collection = self.chat.collection
        with reachable(self.settings):
            count = collection.count()
            if self._catalog is None or self._catalog[0] != count:
                self._catalog = (count, list_documents(collection))
        return self._catalog[1]

    def health(self) -> dict:
        status = "ok" if self._chat else ("error" if self._error else "starting")
        info: dict = {
            "status": status,
            "version": __version__,
            "embedding_model": self.settings.embed_model,
            "answerer": self.settings.answerer,
        }
        if self._chat:
            try:
                info |= {"documents": len(self.documents()), "chunks": self._chat.collection.count()}
            except IndexProblem as exc:
                info |= {"status": "unavailable", "documents": 0, "chunks": 0, "error": str(exc)}
        else:
            info |= {"documents": 0, "chunks": 0}
        if self._error:
            info["error"] = self._error
        return info
