"""What is in the index: the ingested documents (session × language), the sessions they are versions of,
and each page as it was ingested."""

from __future__ import annotations

import yaml
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Where
from pydantic import BaseModel, Field

from assistant.store import stored_chunks
from ingest.language import base_language
from ingest.metadata import ChunkMeta


class DocumentInfo(BaseModel):
    doc_id: str
    title: str
    language: str
    solution: str
    jira: str
    session: int | None = Field(None, description="Place in its product's series")
    chunks: int
    url: str
    path: str = Field("", description="Where it was ingested from: relative to the ingested folder, or uploads/<name>")


class SessionInfo(BaseModel):
    jira: str = Field(description="The session's id: its translations share it")
    title: str = Field(description="The title in English when there is an English version, else the first")
    solution: str
    session: int | None = Field(None, description="Place in its product's series")
    languages: list[str] = Field(description="Languages the session is available in")
    doc_ids: list[str] = Field(description="One document per language")
    url: str = Field(description="The recording, when known")


class PageNotFound(LookupError):
    """No ingested page for this session and language."""


def list_documents(collection: Collection) -> list[DocumentInfo]:
    documents: dict[str, DocumentInfo] = {}
    for stored in stored_chunks(collection).values():
        meta = ChunkMeta.maybe(stored)
        if meta is None:
            continue  # being written by an ingestion right now
        if meta.doc_id in documents:
            documents[meta.doc_id].chunks += 1
            continue
        documents[meta.doc_id] = DocumentInfo(
            doc_id=meta.doc_id,
            title=meta.title,
            language=meta.language,
            solution=meta.solution,
            jira=meta.jira,
            session=meta.session,
            chunks=1,
            url=meta.video_url,
            path=meta.source_path,
        )
    return sorted(documents.values(), key=lambda d: (d.solution, d.jira, d.language))


def list_sessions(
    documents: list[DocumentInfo], solution: str | None = None, language: str | None = None
) -> list[SessionInfo]:
    """Documents grouped into sessions (by jira id); only those of the product, or in the language, asked."""
    groups: dict[str, list[DocumentInfo]] = {}
    for document in documents:
        groups.setdefault(document.jira or document.doc_id, []).append(document)
    sessions = []
    for jira, versions in groups.items():
        english = next((d for d in versions if base_language(d.language) == "en"), versions[0])
        info = SessionInfo(
            jira=jira,
            title=english.title,
            solution=english.solution,
            session=english.session,
            languages=[d.language for d in versions],
            doc_ids=[d.doc_id for d in versions],
            url=next((d.url for d in versions if d.url), ""),
        )
        if solution and info.solution.casefold() != solution.casefold():
            continue
        if language and language not in {base_language(code) for code in info.languages}:
            continue
        sessions.append(info)
    return sorted(sessions, key=lambda s: (s.solution, s.session or 0, s.jira))


def page_markdown(collection: Collection, jira: str, language: str) -> str:
    """A session's page in one language, reassembled from its stored chunks: front matter, title, sections.

    Read from the index, not from the ingested file: it is what answers quote, wherever the file went."""
    # A page without a jira id is its own session, named by its doc_id (see list_sessions).
    where: Where = {"$or": [{"jira": jira}, {"doc_id": jira}]}
    found = collection.get(where=where, include=["documents", "metadatas"])
    chunks = [
        (meta, text)
        for meta, text in zip(
            (ChunkMeta.maybe(m) for m in found["metadatas"] or []), found["documents"] or [], strict=True
        )
        if meta is not None and language in (meta.language, base_language(meta.language))
    ]
    if not chunks:
        raise PageNotFound(f"no page for session {jira!r} in language {language!r}")
    chunks.sort(key=lambda chunk: chunk[0].chunk_index)
    first = chunks[0][0]
    front = {"title": first.title, "language": first.language, "solution": first.solution, "jira": first.jira,
             "session": first.session, "video_url": first.video_url}  # fmt: skip
    yaml_front = yaml.safe_dump({k: v for k, v in front.items() if v not in (None, "")}, allow_unicode=True,
                                sort_keys=False)  # fmt: skip
    lines = ["---", yaml_front.strip(), "---", "", f"# {first.title}"]
    section = None
    for meta, text in chunks:
        if meta.section_index != section and not meta.overview and meta.section != meta.title:
            lines += ["", f"## {meta.section}"]
        section = meta.section_index
        lines += ["", text.strip()]
    return "\n".join(lines) + "\n"
