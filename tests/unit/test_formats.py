"""Converting uploads to Markdown pages: transcripts, text and their problems (the binary formats are
made with real libraries in tests/integration/test_uploads.py)."""

from pathlib import Path

import pytest

from ingest.chunking import SectionMetadata
from ingest.formats import FormatProblem, convert, heading_seconds, timed_heading

SRT = """1
00:00:01,000 --> 00:00:04,000
Välkommen till sessionen.

2
00:00:04,500 --> 00:00:09,000
Idag pratar vi om styrning.

3
00:01:30,000 --> 00:01:35,000
Styrgruppen möts varje månad.
"""


def test_srt_cues_merge_into_timed_passages():
    markdown = convert(Path("talk.srt"), SRT.encode()).markdown
    sections = markdown.split("\n\n## ")
    assert markdown.startswith("## ⏱ 0:01\n\nVälkommen till sessionen. Idag pratar vi om styrning.")
    assert len(sections) == 2 and sections[1] == "⏱ 1:30\n\nStyrgruppen möts varje månad."


def test_long_transcripts_are_cut_into_readable_passages():
    cues = "\n\n".join(
        f"00:{n // 3:02d}:{n % 3 * 20:02d}.000 --> 00:{n // 3:02d}:{n % 3 * 20 + 5:02d}.000\nA short cue number {n}."
        for n in range(12)
    )  # twelve cues, 20 s apart: passages of at most a minute
    markdown = convert(Path("long.vtt"), f"WEBVTT\n\n{cues}\n".encode()).markdown
    starts = [heading_seconds(line.removeprefix("## ")) for line in markdown.splitlines() if line.startswith("## ")]
    assert starts == [0.0, 60.0, 120.0, 180.0]
    assert "A short cue number 0. A short cue number 1. A short cue number 2." in markdown


def test_timestamps_round_trip_and_other_headings_have_none():
    assert heading_seconds(timed_heading(3723)) == 3723.0 and timed_heading(3723) == "⏱ 1:02:03"
    assert heading_seconds(timed_heading(65)) == 65.0 and heading_seconds("Governance") is None


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("broken.srt", b"1\n00:00:01,000 --> 00:00\nHej\n", "broken transcript"),
        ("broken.vtt", b"WEBVTT\n\n00:00:xx.000 --> 00:00:04.000\nHello\n", "broken transcript"),
        ("not.vtt", b"just some text\n", "broken transcript"),
        ("latin1.txt", "Styrgruppen möts".encode("latin-1"), "not valid UTF-8"),
        ("page.html", b"<html><body><nav>Home</nav></body></html>", "no main text"),
        ("fake.pdf", b"%PDF-1.4 not really", "not a readable PDF"),
        ("fake.docx", b"PK not a docx", "not a readable DOCX"),
        ("tool.exe", b"MZ", "unknown file type"),
    ],
)
def test_problems_name_the_reason(name, data, reason):
    with pytest.raises(FormatProblem, match=reason):
        convert(Path(name), data)


def test_a_transcript_section_carries_its_start_time():
    from llama_index.core.schema import TextNode

    node = TextNode(text="## ⏱ 2:03\n\nThe data steward owns the dictionary.", metadata={"doc_id": "t.en",
                    "title": "Talk", "language": "en"})  # fmt: skip
    (out,) = SectionMetadata()([node])
    assert out.metadata["start_seconds"] == 123.0 and out.metadata["section"] == "⏱ 2:03"
