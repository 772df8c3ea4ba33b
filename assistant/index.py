"""The index as a serving process sees it: follows ingestion done elsewhere, swaps to the new content
without failing requests in flight, and releases what the old view held.

A view is the Chroma client, collection and retriever (with its BM25 index) of one content revision.
Requests hold a view while they run; a swap retires the old view, which is closed (its Chroma system
stopped: threads, file handles) once its last request ends."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.errors import NotFoundError

from assistant.components import Components
from assistant.errors import IndexUnavailable
from assistant.retrieval import Retriever
from assistant.store import open_units, revision_of

T = TypeVar("T")

log = logging.getLogger(__name__)


@dataclass
class View:
    client: ClientAPI
    collection: Collection
    retriever: Retriever
    revision: str
    system: Any = None  # the embedded Chroma system behind the client, stopped when the view closes
    users: int = 0
    retired: bool = False
    closed: bool = False


class LiveIndex:
    def __init__(self, components: Components, on_refresh: Callable[[], None] | None = None) -> None:
        self.components = components
        self.on_refresh = on_refresh or (lambda: None)  # told when new content is picked up (metrics)
        self._lock = threading.Lock()  # guards the current view and every view's user count
        self._refreshing = threading.Lock()  # one refresh at a time; others keep the current view
        self._view = self.open_view(components.client)

    def open_view(self, client: ClientAPI) -> View:
        collection = self.components.collection_of(client)
        retriever = Retriever(self.components, collection, open_units(client, collection))
        retriever.lexical.get()  # build BM25 before the view serves anyone
        return View(client, collection, retriever, revision_of(collection), self.components.system_of(client))

    @property
    def view(self) -> View:
        return self._view

    @contextmanager
    def use(self, force_refresh: bool = False) -> Iterator[View]:
        """The current view, held (never closed) until the block ends."""
        self.refresh(force=force_refresh)
        with self._lock:
            view = self._view
            view.users += 1
        try:
            yield view
        finally:
            with self._lock:
                view.users -= 1
                idle = view.retired and view.users == 0
            if idle:
                self.close(view)

    def read(self, read: Callable[[View], T]) -> T:
        """Read the current view; when a rebuild deleted its collection meanwhile, once more on the new one."""
        for attempt in (1, 2):
            with self.use(force_refresh=attempt == 2) as view:
                try:
                    return read(view)
                except NotFoundError:
                    if attempt == 2:
                        raise IndexUnavailable("The index is being replaced. Try again shortly.") from None
        raise AssertionError("unreachable")

    def current_revision(self) -> str | None:
        """The stored content revision; None while a rebuild is between renaming the old and the new."""
        try:
            collection = self._view.client.get_collection(self.components.settings.collection, embedding_function=None)
        except NotFoundError:
            return None
        return revision_of(collection)

    def refresh(self, force: bool = False) -> None:
        """Swap to a new view when the revision moved (or when forced: the collection vanished under us).

        One request builds the new view (BM25 included) while the others keep answering with the current
        one. A forced refresh waits for a refresh already under way rather than returning stale."""
        stored = self.current_revision()
        if not force and (stored is None or stored == self._view.revision):
            return
        if not self._refreshing.acquire(blocking=force):
            return
        try:
            if not force and self.current_revision() == self._view.revision:
                return  # another request swapped while we waited
            new = self.open_view(self.components.fresh_client())
            self.on_refresh()
            with self._lock:
                old, self._view = self._view, new
                old.retired = True
                idle = old.users == 0
            if idle:
                self.close(old)
        finally:
            self._refreshing.release()

    def close(self, view: View) -> None:
        if view.closed:
            return
        view.closed = True
        # A client the components still hand out (to ingestion in this process, say) stays open.
        if view.system is not None and view.client is not self.components.client:
            try:
                view.system.stop()
            except Exception:  # closing is best effort: the view is already out of use
                log.warning("Closing a retired index view failed", exc_info=True)

    def shutdown(self) -> None:
        with self._lock:
            view = self._view
            view.retired = True
            idle = view.users == 0
        if idle:
            self.close(view)
