"""Managing session content while serving: uploads become ingestion jobs, run one at a time per index,
with per-file outcomes and progress; documents can be read and deleted. The API and the page call this.

Every check on an upload (type, size, zip paths, zip bombs) happens before anything is written, and a
file that fails changes nothing: not the index, not the kept originals, not the other files."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import queue
import re
import shutil
import tempfile
import threading
import uuid
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import BaseModel, Field

from assistant.catalog import DocumentInfo
from assistant.components import Components
from assistant.ingestion import IngestionService
from assistant.settings import Settings
from ingest.documents import SIDECAR, UPLOADS, SessionPage, SkipFile, parse_page, upload_record
from ingest.formats import SUFFIXES

log = logging.getLogger(__name__)
KEPT_JOBS = 200  # finished jobs remembered for GET /api/jobs/{id}

Outcome = Literal["added", "updated", "unchanged", "skipped"]


class UploadFields(BaseModel):
    """Form fields for files without front matter (front matter wins where both say something)."""

    title: str | None = Field(None, max_length=300)
    language: str | None = Field(None, max_length=20, description="Language tag; detected when missing")
    solution: str | None = Field(None, max_length=200)
    jira: str | None = Field(None, max_length=100, description="Translation group: the session's id")
    session: int | None = Field(None, ge=1, le=99, description="Place in its product's series")
    video_url: str | None = Field(None, max_length=2000)


class FileOutcome(BaseModel):
    name: str
    outcome: Outcome
    reason: str = ""
    doc_id: str = ""


class JobStatus(BaseModel):
    job_id: str
    status: Literal["queued", "running", "done", "failed"]
    files: list[FileOutcome] = Field(default_factory=list)
    chunks_done: int = 0
    chunks_total: int = 0
    waiting_for: int = Field(0, description="Jobs ahead of this one in the queue")
    error: str = ""


class Original(BaseModel):
    name: str
    size: int
    sha256: str


class DocumentDetail(DocumentInfo):
    original: Original | None = Field(None, description="The kept original of an upload")
    ingested_at: str | None = Field(None, description="When an upload was ingested (UTC, ISO 8601)")


@dataclass
class Received:
    """One file as it arrived (a zip's members are unpacked into these)."""

    name: str
    data: bytes


class UploadRefused(Exception):
    """The whole request is refused (no files at all, say): 4xx with this message."""


def safe_name(name: str) -> str:
    stem = PurePosixPath(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\-]+", "_", stem).strip("._")
    return cleaned[:150] or "upload"


def unpack(received: list[Received], settings: Settings) -> tuple[list[Received], list[FileOutcome]]:
    """Files to read, and those refused with their reason: unknown type, too large, a zip member whose
    path climbs out, or a zip that would unpack to too much (more than the limits allow)."""
    limit = int(settings.upload_max_mb * 1_000_000)
    accepted: list[Received] = []
    refused: list[FileOutcome] = []
    for item in received:
        if len(item.data) > limit:
            refused.append(skip(item.name, f"file too large ({len(item.data):,} bytes, limit {limit:,})"))
        elif item.name.lower().endswith(".zip"):
            members, problems = unzip(item, settings)
            accepted += members
            refused += problems
        elif Path(item.name).suffix.lower() not in SUFFIXES:
            refused.append(skip(item.name, f"unknown file type; use {', '.join(SUFFIXES)} or a .zip of them"))
        else:
            accepted.append(item)
    if len(accepted) > settings.upload_max_files:
        extra = accepted[settings.upload_max_files :]
        refused += [skip(f.name, f"more than {settings.upload_max_files} files in one upload") for f in extra]
        accepted = accepted[: settings.upload_max_files]
    return accepted, refused


def unzip(archive: Received, settings: Settings) -> tuple[list[Received], list[FileOutcome]]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(archive.data))
    except zipfile.BadZipFile:
        return [], [skip(archive.name, "not a readable zip archive")]
    infos = [i for i in zf.infolist() if not i.is_dir()]
    budget = int(settings.upload_max_unpacked_mb * 1_000_000)
    declared = sum(i.file_size for i in infos)
    if len(infos) > settings.upload_max_files or declared > budget:
        return [], [skip(archive.name, f"the zip unpacks to {len(infos)} files and {declared:,} bytes; the limits "
                                       f"are {settings.upload_max_files} files and {budget:,} bytes")]  # fmt: skip
    members: list[Received] = []
    problems: list[FileOutcome] = []
    limit = int(settings.upload_max_mb * 1_000_000)
    for info in infos:
        label = f"{archive.name}:{info.filename}"
        parts = PurePosixPath(info.filename.replace("\\", "/")).parts
        if info.filename.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", info.filename):
            problems.append(skip(label, "its path climbs out of the archive; nothing was unpacked from it"))
            continue
        if Path(info.filename).suffix.lower() not in SUFFIXES:
            problems.append(skip(label, "unknown file type"))
            continue
        with zf.open(info) as member:
            data = member.read(limit + 1)  # never more than the limit, whatever the header claims
        if len(data) > limit:
            problems.append(skip(label, f"file too large (limit {limit:,} bytes)"))
            continue
        members.append(Received(label, data))
    return members, problems


def skip(name: str, reason: str) -> FileOutcome:
    return FileOutcome(name=name, outcome="skipped", reason=reason)


class Job:
    def __init__(self, received: list[Received], fields: UploadFields) -> None:
        self.status = JobStatus(job_id=uuid.uuid4().hex, status="queued")
        self.received = received
        self.fields = fields


class DocumentService:
    """Uploads, as jobs on one worker thread (one ingestion at a time per index), and document reads
    and deletes. `changed` is called after content changed, so the serving process looks again."""

    def __init__(self, components: Components, changed: Callable[[], None] = lambda: None) -> None:
        self.components = components
        self.settings = components.settings
        self.changed = changed
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._queue: queue.Queue[Job | None] = queue.Queue()  # None: stop (see close)
        self._updated = threading.Condition()
        self._worker = threading.Thread(target=self._work, name="ingestion-jobs", daemon=True)
        self._worker.start()

    # --- jobs ---

    def submit(self, received: list[Received], fields: UploadFields) -> JobStatus:
        if not received:
            raise UploadRefused("files: no files in the upload (send them in the form field 'files')")
        job = Job(received, fields)
        with self._updated:
            self._jobs[job.status.job_id] = job
            while len(self._jobs) > KEPT_JOBS:
                oldest = next(iter(self._jobs))
                if self._jobs[oldest].status.status not in ("done", "failed"):
                    break
                self._jobs.pop(oldest)
        self._queue.put(job)
        return self.job(job.status.job_id)

    def job(self, job_id: str) -> JobStatus:
        with self._updated:
            job = self._jobs.get(job_id)
            if job is None:
                raise KeyError(job_id)
            status = job.status.model_copy(deep=True)
            if status.status == "queued":  # jobs submitted before it that have not finished
                earlier = list(self._jobs)[: list(self._jobs).index(job_id)]
                status.waiting_for = sum(self._jobs[i].status.status in ("queued", "running") for i in earlier)
            return status

    def events(self, job_id: str, timeout: float = 600.0) -> Iterator[JobStatus]:
        """The job's status each time it changes, until it is done or failed."""
        last = None
        while True:
            with self._updated:
                current = self.job(job_id)
                if current == last:
                    self._updated.wait(timeout)
                    current = self.job(job_id)
            if current != last:
                last = current
                yield current
            if current.status in ("done", "failed"):
                return

    def _set(self, job: Job, **changes: object) -> None:
        with self._updated:
            for key, value in changes.items():
                setattr(job.status, key, value)
            self._updated.notify_all()

    def close(self, timeout: float) -> None:
        """Stop taking jobs once the queued ones are done, and wait up to `timeout` for them."""
        self._queue.put(None)
        self._worker.join(timeout)
        if self._worker.is_alive():
            log.warning("An upload job was still running when the server stopped")

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            self._set(job, status="running")
            try:
                self._run(job)
                self._set(job, status="done")
            except Exception as exc:  # the job fails with its reason; the worker goes on with the next
                log.exception("Upload job %s failed", job.status.job_id)
                self._set(job, status="failed", error=f"{type(exc).__name__}: {exc}")
            finally:
                job.received = []

    def _run(self, job: Job) -> None:
        accepted, outcomes = unpack(job.received, self.settings)
        self._set(job, files=list(outcomes))
        uploads = self.settings.uploads_dir
        uploads.mkdir(parents=True, exist_ok=True)
        fields = job.fields.model_dump(exclude_none=True)
        with tempfile.TemporaryDirectory(prefix=".incoming-", dir=uploads) as incoming:
            pages: list[tuple[Received, Path, SessionPage]] = []
            seen: dict[str, str] = {}
            for item in accepted:
                name = safe_name(item.name)
                path = Path(incoming) / name
                if path.exists():  # every file of the upload is written here, read or not
                    outcomes.append(skip(item.name, f"another file of this upload is also named {name}"))
                    continue
                path.write_bytes(item.data)
                try:
                    page = parse_page(path, f"{UPLOADS}/{name}", fields)
                except SkipFile as exc:
                    outcomes.append(skip(item.name, str(exc)))
                    continue
                if page.doc_id in seen:
                    outcomes.append(skip(item.name, f"same session and language as {seen[page.doc_id]}"))
                    continue
                seen[page.doc_id] = item.name
                pages.append((item, path, page))
            self._set(job, files=list(outcomes))
            if pages:
                service = IngestionService(self.components, embedded=lambda done, total: self._set(
                    job, chunks_done=done, chunks_total=total))  # fmt: skip
                results = service.ingest_pages([page for _, _, page in pages])
                for item, path, page in pages:
                    keep(path, uploads, fields)
                    outcomes.append(FileOutcome(name=item.name, outcome=results[page.doc_id], doc_id=page.doc_id))
                if any(results[page.doc_id] != "unchanged" for _, _, page in pages):
                    self.changed()
        self._set(job, files=outcomes)

    # --- documents ---

    def detail(self, info: DocumentInfo, path: str) -> DocumentDetail:
        detail = DocumentDetail(**info.model_dump())
        if path.startswith(f"{UPLOADS}/"):
            original = self.settings.uploads_dir / path.removeprefix(f"{UPLOADS}/")
            record = upload_record(original)
            if original.is_file():
                detail.original = Original(name=original.name, size=record.get("size", original.stat().st_size),
                                           sha256=record.get("sha256", ""))  # fmt: skip
                detail.ingested_at = record.get("ingested_at")
        return detail

    def delete(self, doc_id: str, path: str) -> int:
        """The document's chunks, then its kept original (an upload's); how many chunks went."""
        deleted = IngestionService(self.components).delete_document(doc_id)
        if path.startswith(f"{UPLOADS}/"):
            original = self.settings.uploads_dir / path.removeprefix(f"{UPLOADS}/")
            original.unlink(missing_ok=True)
            original.with_name(original.name + SIDECAR).unlink(missing_ok=True)
        if deleted:
            self.changed()
        return deleted


def keep(path: Path, uploads: Path, fields: dict) -> None:
    """Move an ingested original into the uploads folder, with its form fields, size and hash beside it."""
    data = path.read_bytes()
    record = {
        "fields": fields,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "ingested_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    target = uploads / path.name
    shutil.move(str(path), target)
    sidecar = target.with_name(target.name + SIDECAR)
    sidecar.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
