"""Session content in other shapes than Experience League Markdown, turned into Markdown pages.

Each format goes through a maintained parser: pypdf (PDF), python-docx (DOCX), trafilatura (HTML main
text), webvtt-py (WebVTT and SRT transcripts). What comes out is a Markdown body with `##` sections, so
chunking, units and answers treat every format alike. Problems are SkipFile with a reason a user can act on.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

MARKDOWN = (".md", ".markdown")
CONVERTED = (".txt", ".html", ".htm", ".pdf", ".docx", ".vtt", ".srt")
SUFFIXES = MARKDOWN + CONVERTED
TRANSCRIPT_HEADING = re.compile(r"^⏱ (?:(\d+):)?(\d{1,2}):(\d{2})$")  # "⏱ 1:02:03", "⏱ 2:03"
PASSAGE_WORDS = 70  # transcript cues are merged into passages of about this many words…
PASSAGE_SECONDS = 60  # …or this long, whichever comes first


class FormatProblem(Exception):
    """The file cannot be read as its type says; the message says why."""


@dataclass(frozen=True)
class Converted:
    markdown: str
    title: str | None = None  # the document's own title (PDF or DOCX properties, HTML <title>)


def timed_heading(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"⏱ {hours}:{minutes:02d}:{secs:02d}" if hours else f"⏱ {minutes}:{secs:02d}"


def heading_seconds(heading: str) -> float | None:
    """The start time a transcript passage's heading names, or None for any other heading."""
    match = TRANSCRIPT_HEADING.match(heading.strip())
    if not match:
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return float(hours * 3600 + minutes * 60 + seconds)


def decoded(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatProblem(f"not valid UTF-8 (byte {exc.start})") from exc


def convert(path: Path, raw: bytes) -> Converted:
    """The file's content as a Markdown body (without front matter)."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return Converted(decoded(raw))
    if suffix in (".html", ".htm"):
        return from_html(decoded(raw))
    if suffix == ".pdf":
        return from_pdf(raw)
    if suffix == ".docx":
        return from_docx(raw)
    if suffix in (".vtt", ".srt"):
        return from_transcript(decoded(raw), suffix)
    raise FormatProblem(f"unknown file type {suffix or '(none)'}; use one of {', '.join(SUFFIXES)}")


def from_html(html: str) -> Converted:
    import trafilatura

    # Precision without the fallback extractors: their fallback for a page with no article is its menus.
    text = trafilatura.extract(
        html, output_format="markdown", include_comments=False, include_tables=True, favor_precision=True, fast=True
    )
    if not text or not re.search(r"\w", text):
        raise FormatProblem("no main text found in the HTML page")
    meta = trafilatura.extract_metadata(html)
    return Converted(text, meta.title if meta and meta.title else None)


def from_pdf(raw: bytes) -> Converted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FormatProblem("the PDF is encrypted with a password; upload it without one")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as exc:
        raise FormatProblem(f"not a readable PDF ({exc})") from exc
    if not any(re.search(r"\w", text) for text in pages):
        raise FormatProblem("the PDF has no text layer (a scanned document?); upload one with text")
    # A page is a slide or a printed page: its own section, so a source can say which.
    sections = [f"## Page {n}\n\n{text.strip()}" for n, text in enumerate(pages, 1) if re.search(r"\w", text)]
    title = reader.metadata.title if reader.metadata and reader.metadata.title else None
    return Converted("\n\n".join(sections), title)


def from_docx(raw: bytes) -> Converted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise FormatProblem("not a readable DOCX document") from exc
    lines: list[str] = []
    title = document.core_properties.title or None
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if not text:
            continue
        if style == "Title":
            title = title or text
        elif level := re.match(r"Heading (\d)", style):
            lines += ["", "#" * min(int(level.group(1)) + 1, 6) + " " + text, ""]  # Heading 1 is a section
        elif style.startswith("List"):
            lines.append(f"* {text}")
        else:
            lines += [text, ""]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
        lines.append("")
    markdown = "\n".join(lines).strip()
    if not re.search(r"\w", markdown):
        raise FormatProblem("the DOCX document has no text")
    return Converted(markdown, title)


def from_transcript(text: str, suffix: str) -> Converted:
    """Cues merged into passages of readable length, each under a heading with its start time."""
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    text = text.replace("\r\n", "\n")
    try:
        captions = webvtt.from_buffer(io.StringIO(text), format=suffix.lstrip("."), strict=True)
        cues = [(float(caption.start_in_seconds), " ".join(caption.text.split())) for caption in captions.captions]
    except (MalformedCaptionError, MalformedFileError, ValueError) as exc:
        raise FormatProblem(f"broken transcript ({exc})") from exc
    # The SRT reader drops a cue whose timing line it cannot read: count them ourselves.
    timing_lines = [n for n, line in enumerate(text.split("\n"), 1) if "-->" in line]
    if len(timing_lines) != len(cues):
        first_bad = timing_lines[min(len(cues), len(timing_lines) - 1)] if timing_lines else 1
        raise FormatProblem(f"broken transcript: a cue's timestamps cannot be read (near line {first_bad})")
    cues = [(start, words) for start, words in cues if words]
    if not cues:
        raise FormatProblem("the transcript has no cues with text")
    passages: list[tuple[float, list[str]]] = []
    for start, words in cues:
        if passages:
            begun, texts = passages[-1]
            if len(" ".join(texts).split()) < PASSAGE_WORDS and start - begun < PASSAGE_SECONDS:
                texts.append(words)
                continue
        passages.append((start, [words]))
    return Converted("\n\n".join(f"## {timed_heading(start)}\n\n{' '.join(texts)}" for start, texts in passages))
