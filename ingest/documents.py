"""Read session pages (Markdown + YAML front matter) into LlamaIndex Documents, or a clear skip reason."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from llama_index.core import Document

from ingest.cleaning import clean_body, clean_text
from ingest.formats import CONVERTED, MARKDOWN, SUFFIXES, FormatProblem, convert
from ingest.language import (
    base_language,
    detect_language,
    language_name,
    language_variant,
    page_language,
)
from ingest.metadata import ChunkMeta
from ingest.products import PRODUCTS, infer_product, session_number

PAGE_SUFFIXES = MARKDOWN
MAX_FILE_BYTES = 5_000_000  # a session page is a few KB; anything this large is not one
MAX_CONVERTED_BYTES = 50_000_000  # a slide deck (PDF) or a document may be larger; uploads have their own limit
MAX_SECTIONS = 500  # a session page has a handful; thousands of headings is not a page to embed
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
LANG_SUFFIX = re.compile(r"\.(?P<lang>[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)$")
LOCALE_DIR = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
# A declared language is contradicted only by plain prose detected with near certainty.
MISMATCH_MIN_WORDS = 30
MISMATCH_CONFIDENCE = 0.9
MISMATCH_SAMPLE_CHARS = 1500


class SkipFile(Exception):
    """A file that cannot be ingested; the message says why, in words a user understands."""


@dataclass(frozen=True)
class SessionPage:
    document: Document
    doc_id: str
    path: Path


@dataclass(frozen=True)
class PageFile:
    """A file to ingest, and the path it is stored under: relative to the folder given to `ingest`,
    so sources and chunk ids do not depend on the working directory. An upload's form fields come along."""

    path: Path
    stored: str
    fields: Mapping[str, object] = field(default_factory=dict)


UPLOADS = "uploads"  # uploaded originals live in the data directory's uploads/, and are stored as uploads/<name>
SIDECAR = ".upload.json"  # beside each original: its form fields, size, hash and when it was ingested


def uploaded_files(folder: Path) -> list[PageFile]:
    """The uploaded originals kept in `folder`, with the form fields they came with."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.endswith(SIDECAR) or path.suffix.lower() not in SUFFIXES:
            continue
        found.append(PageFile(path, f"{UPLOADS}/{path.name}", upload_record(path).get("fields", {})))
    return found


def upload_record(original: Path) -> dict:
    sidecar = original.with_name(original.name + SIDECAR)
    try:
        return json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    try:
        if path.is_symlink() and not path.exists():
            raise SkipFile("broken or looping symbolic link")
        if not path.is_file():
            raise SkipFile("not a regular file")  # a FIFO or device would block or never end
        size = path.stat().st_size
        if size > limit:
            raise SkipFile(f"file too large ({size // 1_000_000} MB, limit {limit // 1_000_000} MB)")
        raw = path.read_bytes()
    except PermissionError as exc:
        raise SkipFile("file is not readable (permission denied)") from exc
    except OSError as exc:
        raise SkipFile(f"cannot read file ({exc.strerror or exc})") from exc
    if not raw.strip():
        raise SkipFile("file is empty")
    return raw


def read_text(path: Path) -> str:
    raw = read_bytes(path)
    if b"\x00" in raw:
        raise SkipFile("binary file (contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SkipFile(f"not valid UTF-8 (byte {exc.start})") from exc


def split_front_matter(text: str) -> tuple[dict, str]:
    text = text.replace("\r\n", "\n")
    if not text.startswith("---"):
        return {}, text
    match = FRONT_MATTER.match(text)
    if not match:
        raise SkipFile("front matter opened with '---' but never closed")
    try:
        data = yaml.safe_load(match.group("yaml"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise SkipFile(f"broken YAML front matter{where}: {getattr(exc, 'problem', None) or exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SkipFile("front matter is not a mapping of fields")
    return data, text[match.end() :]


def metadata_value(value: object) -> str | int | float | bool | None:
    """Chroma metadata holds scalars only: dates become ISO dates, lists become comma lists."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return clean_text(str(value)).strip()


def parse_date(value: object) -> str | None:
    """`2025-11-13` and `2025-11-13T00:00:00Z` both become `2025-11-13`."""
    if value is None:
        return None
    if isinstance(value, dt.date | dt.datetime):
        return metadata_value(value)  # type: ignore[return-value]
    match = re.match(r"\d{4}-\d{2}-\d{2}", str(value).strip())
    return match.group(0) if match else str(value)


def parse_duration(value: object) -> int | None:
    try:
        return int(float(str(value).strip())) if value not in (None, "") else None
    except ValueError:
        return None


def declared_language(front: dict, path: Path) -> tuple[str, str] | None:
    """(tag, where it was declared): front matter `lang`/`language`, else a `.sv.md` suffix, else a
    locale folder. The tag as found (`sv-SE`, `zh-Hant`); callers reduce it as they need."""
    for key in ("lang", "language"):
        if front.get(key):
            return str(front[key]), f"front matter '{key}'"
    suffix = LANG_SUFFIX.search(path.stem)
    if suffix:
        return suffix.group("lang"), "file name"
    if LOCALE_DIR.match(path.parent.name):
        return path.parent.name, "folder name"
    return None


def document_language(front: dict, path: Path, body: str) -> str:
    """The declared language, else the detected one; a declaration the text plainly contradicts is an
    error (the page would be cited under the wrong language)."""
    declared = declared_language(front, path)
    if declared is None:
        return detect_language(body)
    tag, where = declared
    sample = body[:MISMATCH_SAMPLE_CHARS]  # a page's opening says its language; all of it costs seconds
    detected, confidence, words = page_language(sample)
    plain_prose = words >= MISMATCH_MIN_WORDS and confidence >= MISMATCH_CONFIDENCE
    if detected and plain_prose and detected != base_language(tag):
        raise SkipFile(
            f"the {where} says language {tag!r}, but the text is in {language_name(detected, 'en')} "
            f"({detected!r}); correct the declaration"
        )
    return tag


def first_heading(body: str) -> str | None:
    match = re.search(r"^#\s+(.+)$", body, re.MULTILINE)
    return match.group(1).strip() if match else None


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def page_text(path: Path) -> tuple[str, str | None]:
    """The page as Markdown (its front matter kept) and the document's own title, whatever its format."""
    if path.suffix.lower() not in CONVERTED:
        return read_text(path), None
    try:
        converted = convert(path, read_bytes(path, MAX_CONVERTED_BYTES))
    except FormatProblem as exc:
        raise SkipFile(str(exc)) from exc
    return converted.markdown, converted.title


def parse_page(path: Path, stored: str | None = None, fields: Mapping[str, object] | None = None) -> SessionPage:
    """Parse one page or raise SkipFile with the reason; `stored` is its path in the index. `fields`
    (title, language, solution, jira, session, video_url: an upload's form) fill what the page lacks."""
    text, own_title = page_text(path)
    front, raw_body = split_front_matter(text)
    front = {k: v for k, v in (fields or {}).items() if v not in (None, "")} | front
    body, video_url = clean_body(raw_body)
    video_url = video_url or str(front.get("video_url") or "")
    heading = first_heading(body)
    content = re.sub(r"^#\s+.+$", "", body, count=1, flags=re.MULTILINE).strip()
    if not re.search(r"\w", content):
        raise SkipFile("no body text after the front matter")
    sections = len(re.findall(r"^#{1,6}\s", body, re.MULTILINE))
    if sections > MAX_SECTIONS:
        raise SkipFile(f"too many headings ({sections}, limit {MAX_SECTIONS})")
    tag = document_language(front, path, body)
    language = base_language(tag)
    title = str(metadata_value(front.get("title")) or own_title or heading or path.stem)
    jira = str(metadata_value(front.get("jira")) or "")
    source_path = stored or path.name
    # One session in one language is one document: translations share jira, differ in language.
    doc_id = f"{jira or hashlib.sha1(source_path.encode()).hexdigest()[:10]}.{language_variant(tag)}"
    meta = ChunkMeta.of(
        front_matter_extras(front)
        | {
            "doc_id": doc_id,
            "title": title,
            "language": language,
            "jira": jira,
            "solution": series_product(front, title, heading),
            "video_url": video_url or "",
            "source_path": source_path,
            "session": session_number(front, path.stem, title),
            "duration": parse_duration(front.get("duration")),
            "last-substantial-update": parse_date(front.get("last-substantial-update")),
            "role": metadata_value(front.get("role")),
            "level": metadata_value(front.get("level")),
        }
    )
    document = Document(text=body, id_=doc_id, metadata=meta.dump())
    return SessionPage(document=document, doc_id=doc_id, path=path)


def series_product(front: dict, title: str, heading: str | None) -> str:
    """The product whose series the page belongs to. Front matter's `solution` may be missing or name
    another Adobe product ("Experience Manager as a Cloud Service" on a Content Supply Chain session,
    "General"), while the title, first heading, description or topic still name the series."""
    declared = str(metadata_value(front.get("solution")) or "")
    if declared in PRODUCTS:
        return declared
    named = f"{title} {heading or ''} {front.get('description', '')} {front.get('topic', '')}"
    return infer_product(named) or declared


CONTRACT_KEYS = {field.alias or name for name, field in ChunkMeta.model_fields.items()}


def front_matter_extras(front: dict) -> dict[str, object]:
    """The page's other front matter fields, kept as metadata beside the contract's own."""
    return {
        str(k): metadata_value(v)
        for k, v in front.items()
        if str(k) not in CONTRACT_KEYS and metadata_value(v) not in (None, "")
    }


def find_pages(paths: list[Path], follow_links: bool = False) -> tuple[list[PageFile], list[tuple[Path, str]]]:
    """Markdown files under the given paths, plus what was not read and why.

    Only regular files whose real path lies inside the folder given are read (unless `follow_links`):
    a link in a corpus must not publish a file from elsewhere on the disk."""
    found: dict[Path, PageFile] = {}
    problems: list[tuple[Path, str]] = []
    for root in paths:
        if root.is_file() or (root.is_symlink() and not root.is_dir()):
            found.setdefault(root, PageFile(root, root.name))  # named by the user: read as given
        elif root.is_dir():
            inside = root.resolve()
            for dirpath, _dirs, files in os.walk(root, followlinks=False, onerror=None):
                for name in files:
                    if not name.lower().endswith(PAGE_SUFFIXES) or folder_document(name):
                        continue
                    path = Path(dirpath) / name
                    if problem := outside(path, inside, follow_links):
                        problems.append((path, problem))
                        continue
                    found.setdefault(path, PageFile(path, path.relative_to(root).as_posix()))
        else:
            problems.append((root, "no such file or folder"))
    return sorted(found.values(), key=lambda f: str(f.path)), problems


def folder_document(name: str) -> bool:
    """README.md, QUIRKS.md, CHANGELOG.md…: they describe the folder; they are not session pages."""
    stem = name.rsplit(".", 1)[0]
    return stem.lower() == "readme" or (stem.isupper() and stem.isalpha())


def outside(path: Path, folder: Path, follow_links: bool) -> str | None:
    """Why a file found in `folder` must not be read, if it leads out of it."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "broken or looping symbolic link"
    if follow_links or target.is_relative_to(folder):
        return None
    return (
        f"symbolic link to {target}, outside {folder}; not followed "
        "(SESSION_ASSISTANT_INGEST_FOLLOW_LINKS=true allows it)"
    )
