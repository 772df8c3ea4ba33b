"""The Documents tab in real headless Chromium: drop a file, watch its job finish, ask about it on the
chat tab in another language, see it as a source, then delete it with confirmation."""

from __future__ import annotations

import pytest

from assistant.components import Components
from tests.conftest import ask_on_page, serving

PAGE = """# Campaign steering group

The campaign steering group meets every second Thursday. It decides the budget for the next quarter and
prioritises the campaigns in the queue.
"""


@pytest.fixture(scope="module")
def empty_server(components, make_settings, tmp_path_factory):
    """A server with no index at all: the first upload creates it."""
    settings = make_settings(data_dir=tmp_path_factory.mktemp("tab-data"))
    with serving(Components(settings=settings, embedding=components.embedding)) as url:
        yield url


def drop(page, name: str, text: str) -> None:
    """A real drop event on the drop zone, carrying the file, as a drag from the desktop makes it."""
    transfer = page.evaluate_handle(
        """([name, text]) => { const t = new DataTransfer();
           t.items.add(new File([text], name, {type: "text/markdown"})); return t; }""",
        [name, text],
    )
    page.dispatch_event("#sa-drop", "drop", {"dataTransfer": transfer})


def test_upload_on_the_documents_tab_then_ask_and_delete(browser, empty_server, tmp_path):
    page = browser.new_page(viewport={"width": 1200, "height": 1100})
    page.goto(empty_server + "/")
    page.wait_for_selector("#question textarea", timeout=60_000)
    page.get_by_role("tab", name="Documents").click()
    page.fill("#sa-solution input, #sa-solution textarea", "Journey Optimizer")
    drop(page, "steering.md", PAGE)
    page.wait_for_function(
        "() => { const j = document.querySelector('.sa-job'); return j && j.dataset.status === 'done'; }",
        timeout=120_000,
    )
    assert "✓ steering.md: added" in page.inner_text("#sa-jobs")
    page.wait_for_function(
        "() => document.querySelector('#sa-documents').innerText.includes('Campaign steering group')", timeout=30_000
    )
    page.screenshot(path=str(tmp_path / "documents-uploaded.png"), full_page=True)

    page.get_by_role("tab", name="Chat").click()
    answer = ask_on_page(page, "Vem beslutar om budgeten för nästa kvartal?", "Källor")
    assert "budget for the next quarter" in answer and "[1] Campaign steering group" in answer
    page.screenshot(path=str(tmp_path / "documents-asked.png"), full_page=True)

    page.get_by_role("tab", name="Documents").click()
    page.get_by_text("Delete", exact=True).click()  # the accordion
    page.click("#sa-delete-choice input")
    page.get_by_role("option", name="Campaign steering group").first.click()
    dialogs: list[str] = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.click("#sa-delete")
    page.wait_for_function(
        "() => !document.querySelector('#sa-documents').innerText.includes('Campaign steering group')", timeout=30_000
    )
    assert dialogs and "cannot be undone" in dialogs[0]
    assert "Deleted" in page.inner_text("#sa-status")
    page.screenshot(path=str(tmp_path / "documents-deleted.png"), full_page=True)
