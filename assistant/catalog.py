"""What is in the index: the ingested sessions, one entry per document (session × language)."""

from __future__ import annotations

from chromadb.api.models.Collection import Collection
from pydantic import BaseModel

from assistant.store import stored_chunks
from ingest.metadata import ChunkMeta


class DocumentInfo(BaseModel):
    doc_id: str
    title: str
    language: str
    solution: str
    jira: str
    chunks: int
    url: str


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
            chunks=1,
            url=meta.video_url,
        )
    return sorted(documents.values(), key=lambda d: (d.solution, d.jira, d.language))
