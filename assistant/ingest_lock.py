"""One writer at a time per index. Two ingestions at once would race to create the collection, or leave
two versions of the same sections side by side; the second one waits for the first, or gives up.

- Embedded store: a file lock beside the index (released by the OS if the holder dies).
- Chroma server: a lease, since processes on other machines share the index. Chroma has no locks or
  compare-and-set on metadata, but creating a collection whose name exists fails atomically, so the
  lease is a small collection holding its holder and expiry; the holder renews it while it works, and
  an expired lease (its holder died) is taken over."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

from chromadb.api import ClientAPI
from chromadb.errors import ChromaError, NotFoundError
from filelock import FileLock, Timeout

from assistant.errors import IndexProblem
from assistant.settings import Settings
from assistant.store import location

log = logging.getLogger(__name__)
POLL_SECONDS = 1.0


class IngestionBusy(IndexProblem):
    """Another ingestion held the index for longer than this one was willing to wait."""


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def exclusive_ingestion(
    settings: Settings, client: Callable[[], ClientAPI], notify: Callable[[str], None]
) -> Iterator[None]:
    if settings.chroma_host:
        with lease(client(), settings, notify):
            yield
    else:
        with file_lock(settings, notify):
            yield


def busy(settings: Settings, holder: str) -> IngestionBusy:
    return IngestionBusy(
        f"Another ingestion ({holder}) is still writing to the index ({location(settings)}) after "
        f"{settings.ingest_lock_timeout:g} s; try again when it has finished "
        "(or raise SESSION_ASSISTANT_INGEST_LOCK_TIMEOUT)."
    )


@contextmanager
def file_lock(settings: Settings, notify: Callable[[str], None]) -> Iterator[None]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(settings.data_dir / "ingest.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        wait = settings.ingest_lock_timeout
        notify(f"waiting for another ingestion on {location(settings)} to finish (up to {wait:g} s)")
        try:
            lock.acquire(timeout=settings.ingest_lock_timeout)
        except Timeout:
            raise busy(settings, "another process on this machine") from None
    try:
        yield
    finally:
        lock.release()


def lease_name(settings: Settings) -> str:
    return f"{settings.collection}-ingest-lease"


def take_lease(client: ClientAPI, name: str, holder: str, seconds: float) -> str | None:
    """Take the lease; None on success, else who holds it."""
    try:
        client.create_collection(
            name, metadata={"holder": holder, "expires": time.time() + seconds}, embedding_function=None
        )
        return None
    except ChromaError:
        pass  # it exists: held, or left by a holder that died
    try:
        meta = client.get_collection(name, embedding_function=None).metadata or {}
    except NotFoundError:
        return "a holder that just finished"  # released between the two calls: try again at once
    if float(meta.get("expires", 0)) < time.time():
        log.warning("Taking over an expired ingestion lease held by %s", meta.get("holder"))
        with suppress(NotFoundError):
            client.delete_collection(name)
        return take_lease(client, name, holder, seconds)
    return str(meta.get("holder", "unknown"))


@contextmanager
def lease(client: ClientAPI, settings: Settings, notify: Callable[[str], None]) -> Iterator[None]:
    name, holder, seconds = lease_name(settings), holder_name(), settings.ingest_lease_seconds
    deadline = time.monotonic() + settings.ingest_lock_timeout
    other = take_lease(client, name, holder, seconds)
    if other is not None:
        notify(f"waiting for another ingestion ({other}) on {location(settings)} to finish")
    while other is not None:
        if time.monotonic() > deadline:
            raise busy(settings, other)
        time.sleep(POLL_SECONDS)
        other = take_lease(client, name, holder, seconds)
    stop = threading.Event()
    renewer = threading.Thread(target=renew, args=(client, name, holder, seconds, stop), daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join()
        release(client, name, holder)


def renew(client: ClientAPI, name: str, holder: str, seconds: float, stop: threading.Event) -> None:
    while not stop.wait(seconds / 3):
        try:
            collection = client.get_collection(name, embedding_function=None)
            if (collection.metadata or {}).get("holder") != holder:
                log.warning("The ingestion lease was taken over by %s", (collection.metadata or {}).get("holder"))
                return
            collection.modify(metadata={"holder": holder, "expires": time.time() + seconds})
        except Exception as exc:  # the server may blink; the lease lasts `seconds` before anyone may take it
            log.warning("Renewing the ingestion lease failed: %s", exc)


def release(client: ClientAPI, name: str, holder: str) -> None:
    try:
        if (client.get_collection(name, embedding_function=None).metadata or {}).get("holder") == holder:
            client.delete_collection(name)
    except Exception as exc:  # an unreleased lease expires on its own
        log.warning("Releasing the ingestion lease failed: %s", exc)
