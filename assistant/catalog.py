"""What is in the index: the ingested sessions, one entry per document (session × language)."""

from __future__ import annotations

from chromadb.api.models.Collection import Collection
from pydantic import BaseModel

from assistant.store import stored_chunks


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
    for meta in stored_chunks(collection).values():
        doc_id = str(meta.get("doc_id", ""))
        if doc_id in documents:
            documents[doc_id].chunks += 1
            continue
        documents[doc_id] = DocumentInfo(
            doc_id=doc_id,
            title=str(meta.get("title", "")),
            language=str(meta.get("language", "")),
            solution=str(meta.get("solution", "")),
            jira=str(meta.get("jira", "")),
            chunks=1,
            url=str(meta.get("video_url", "")),
        )
    return sorted(documents.values(), key=lambda d: (d.solution, d.jira, d.language))
