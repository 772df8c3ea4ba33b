"""Property-based: whatever the text, front matter or Unicode, parsing and chunking never raise anything
but the documented SkipFile, and never produce an empty or duplicated chunk."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from llama_index.core.schema import MetadataMode

from ingest.chunking import chunk_documents
from ingest.documents import SkipFile, parse_page

LINE = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", "## Section", "# Title", "* **Label** text", "  * nested", "   * deeper", "**open",
                     ">[!VIDEO](https://video.tv.adobe.com/v/1/)", "&#39;&amp;&lbrace;&#x200B;", "---", "```"]),
    st.builds(lambda h, t: f"{'#' * h} {t}", st.integers(1, 6), st.text(max_size=30)),
)  # fmt: skip
FRONT = st.one_of(
    st.just(""),
    st.builds(lambda body: f"---\n{body}\n---\n", st.text(max_size=120)),
    st.builds(
        lambda title, jira, date: f"---\ntitle: {title}\njira: {jira}\nlast-substantial-update: {date}\n---\n",
        st.text(max_size=30), st.text(max_size=10), st.sampled_from(["2025-11-13", "2025-11-13T00:00:00Z", "x", ""]),
    ),
)  # fmt: skip


def words(text: str) -> list[str]:
    return text.split()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=FRONT, lines=st.lists(LINE, max_size=40), raw=st.binary(max_size=64), name=st.sampled_from(
    ["page.md", "page.sv.md", "page.zh-Hant.md"]))  # fmt: skip
def test_parse_and_chunk_never_fail_unexpectedly(tmp_path_factory, front, lines, raw, name):
    folder: Path = tmp_path_factory.mktemp("p")
    path = folder / name
    text = front + "\n".join(lines)
    path.write_bytes(text.encode("utf-8", "surrogatepass") + (raw if len(text) % 3 == 0 else b""))
    try:
        page = parse_page(path)
    except SkipFile as exc:
        assert str(exc)  # a reason is always given
        return
    nodes = chunk_documents([page.document], words, 120)
    embedded = [n.get_content(MetadataMode.EMBED) for n in nodes]
    assert all(n.get_content().strip() for n in nodes)  # never an empty chunk
    assert len(set(embedded)) == len(embedded)  # never the same chunk twice
    assert len({n.node_id for n in nodes}) == len(nodes)
    assert all(len(words(text)) <= 120 for text in embedded)
