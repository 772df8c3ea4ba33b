"""Uploading, replacing and deleting documents through the API, with real files of every format made here
(PDF with fpdf2, DOCX with python-docx, a WebVTT transcript…), on the real model and a real index."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
from fastapi.testclient import TestClient

from assistant.components import Components
from assistant.runtime import Runtime
from ui.server import create_app

GERMAN_MD = """# Freigabeprozess für Kampagnen

Jede Kampagne durchläuft vier Freigabestufen: Entwurf, rechtliche Prüfung, Markenprüfung und finale
Freigabe durch die Kampagnenleitung. Die rechtliche Prüfung dauert höchstens drei Arbeitstage.
"""

VTT = """WEBVTT

00:00:01.000 --> 00:00:06.000
Welcome to the session on measurement strategy.

00:02:03.000 --> 00:02:09.000
The data steward owns the data dictionary and approves every new metric before it reaches a dashboard.

00:02:09.000 --> 00:02:15.000
Every quarter the data steward reviews unused metrics and retires them.
"""


def pdf_bytes(lines: list[str], password: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    if password is None:
        return data
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Ruoli del centro di eccellenza", level=1)
    document.add_paragraph("Il centro di eccellenza ha tre ruoli principali.")
    document.add_paragraph("Lo sponsor esecutivo approva il budget annuale.", style="List Bullet")
    document.add_paragraph("Il responsabile della piattaforma gestisce le integrazioni.", style="List Bullet")
    document.add_paragraph("L'analista misura i risultati ogni mese.", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


HTML = """<html><head><title>Content review board</title></head><body>
<nav><a href="/">Home</a> <a href="/pricing">Pricing menu</a> <a href="/careers">Careers menu</a></nav>
<main><article><h1>Content review board</h1>
<p>The content review board meets every Tuesday to approve new assets before they are published.
It is chaired by the brand director and includes one legal reviewer and two regional editors.</p>
<p>Assets that fail review go back to the creative team with written feedback within one day.</p>
</article></main><footer>Copyright footer text</footer></body></html>"""


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def uploads_client(components, make_settings, tmp_path_factory):
    """The app over an index of its own, empty at first: uploads create it."""
    settings = make_settings(
        data_dir=tmp_path_factory.mktemp("uploads-data"), upload_max_mb=0.5, upload_max_unpacked_mb=1.0
    )
    own = Components(settings=settings, embedding=components.embedding)
    with TestClient(create_app(settings, Runtime(settings, own), background_load=True)) as client:
        deadline = time.time() + 120
        while client.get("/api/health").json()["status"] == "starting" and time.time() < deadline:
            time.sleep(0.2)
        yield client


def upload(client: TestClient, files: list[tuple[str, bytes]], **fields: str) -> dict:
    """Upload, wait for the job to finish; its final status."""
    r = client.post("/api/documents", files=[("files", (n, d)) for n, d in files], data=fields)
    assert r.status_code == 202, r.text
    accepted = r.json()
    assert accepted["status"] == "queued" and accepted["job_id"]
    deadline = time.time() + 300
    while True:
        job = client.get(f"/api/jobs/{accepted['job_id']}").json()
        if job["status"] in ("done", "failed") or time.time() > deadline:
            return job
        time.sleep(0.2)


def outcome(job: dict, name: str) -> dict:
    return next(f for f in job["files"] if f["name"] == name)


def ask(client: TestClient, question: str) -> dict:
    r = client.post("/api/chat", json={"message": question})
    assert r.status_code == 200, r.text
    return r.json()


def test_every_format_is_found_by_a_question_in_another_language(uploads_client):
    job = upload(uploads_client, [
        ("onboarding.pdf", pdf_bytes(["Onboarding checklist for new marketers",
                                      "Every new marketer completes the sandbox training in the first week.",
                                      "A mentor reviews the first three journeys before they go live."])),
        ("ruoli.docx", docx_bytes()),
        ("review-board.html", HTML.encode()),
    ])  # fmt: skip
    assert job["status"] == "done", job
    assert {f["outcome"] for f in job["files"]} == {"added"}, job["files"]
    assert job["chunks_done"] == job["chunks_total"] > 0
    # Form fields fill what a file lacks: a translation group, a recording.
    grouped = upload(uploads_client, [("freigabe.md", GERMAN_MD.encode())], jira="KT-90001")
    timed = upload(uploads_client, [("measurement.vtt", VTT.encode())], video_url="https://video.example.com/v/42/")
    job["files"] += grouped["files"] + timed["files"]
    assert {f["outcome"] for f in job["files"]} == {"added"}, job["files"]

    # The small multilingual model's cross-language reach is that of the rest of the product (see the
    # README's evaluation): these questions paraphrase the content in another language than the file's.
    # Asked in English, the English review-board page (approving assets) outranks the German one by a hair
    # (best units 0.819 / 0.808): a near-topic page in the asker's own language wins (README, Evaluation).
    german = ask(uploads_client, "Vilka godkännandesteg går varje kampanj igenom före det slutliga godkännandet?")
    assert german["grounded"] and german["sources"][0]["doc_id"] == outcome(job, "freigabe.md")["doc_id"]
    assert "vier Freigabestufen" in german["answer"] and german["language"] == "sv"

    pdf = ask(uploads_client, "Welches Sandbox-Training absolvieren neue Marketer in der ersten Woche?")
    assert pdf["language"] == "de" and pdf["sources"][0]["path"] == "uploads/onboarding.pdf"
    assert "sandbox training" in pdf["answer"] and pdf["sources"][0]["section"] == "Page 1"

    docx = ask(uploads_client, "Who approves the annual budget of the centre of excellence?")
    assert docx["sources"][0]["path"] == "uploads/ruoli.docx" and "sponsor esecutivo" in docx["answer"]

    transcript = ask(uploads_client, "Vad gör data steward med oanvända mått varje kvartal?")
    source = transcript["sources"][0]
    assert transcript["language"] == "sv" and source["path"] == "uploads/measurement.vtt"
    assert source["start_seconds"] == 123.0 and source["section"] == "⏱ 2:03"
    assert source["url"] == "https://video.example.com/v/42/#t=123" and "retires them" in transcript["answer"]

    html = ask(uploads_client, "Quand le comité de revue de contenu se réunit-il ?")
    assert html["sources"][0]["path"] == "uploads/review-board.html" and "Tuesday" in html["answer"]
    html_doc = html["sources"][0]
    page = uploads_client.get(f"/api/sessions/{html_doc['jira'] or html_doc['doc_id']}/{html_doc['language']}").text
    assert "menu" not in page and "footer" not in page  # main text only, no navigation

    documents = {d["path"]: d for d in uploads_client.get("/api/documents").json()}
    assert documents["uploads/freigabe.md"]["title"] == "Freigabeprozess für Kampagnen"
    assert (
        documents["uploads/freigabe.md"]["language"] == "de" and documents["uploads/freigabe.md"]["jira"] == "KT-90001"
    )


def test_reupload_replace_detail_and_delete(uploads_client):
    first = upload(uploads_client, [("notes.txt", b"Die Kampagnenleitung trifft sich jeden Montag zur Planung.")])
    doc_id = outcome(first, "notes.txt")["doc_id"]
    assert outcome(first, "notes.txt")["outcome"] == "added"
    again = upload(uploads_client, [("notes.txt", b"Die Kampagnenleitung trifft sich jeden Montag zur Planung.")])
    assert outcome(again, "notes.txt") == {"name": "notes.txt", "outcome": "unchanged", "reason": "", "doc_id": doc_id}
    replaced = upload(uploads_client, [("notes.txt", b"Die Kampagnenleitung trifft sich jeden Freitag zur Planung.")])
    assert outcome(replaced, "notes.txt")["outcome"] == "updated"
    answer = ask(uploads_client, "An welchem Tag trifft sich die Kampagnenleitung zur Planung?")
    assert "Freitag" in answer["answer"] and "Montag" not in answer["answer"]

    detail = uploads_client.get(f"/api/documents/{doc_id}").json()
    assert detail["path"] == "uploads/notes.txt" and detail["chunks"] == 1 and detail["ingested_at"]
    assert detail["original"]["size"] == len(b"Die Kampagnenleitung trifft sich jeden Freitag zur Planung.")
    assert len(detail["original"]["sha256"]) == 64

    deleted = uploads_client.delete(f"/api/documents/{doc_id}")
    assert deleted.status_code == 200 and deleted.json() == {"doc_id": doc_id, "deleted_chunks": 1}
    assert uploads_client.get(f"/api/documents/{doc_id}").status_code == 404
    assert uploads_client.delete(f"/api/documents/{doc_id}").status_code == 404
    assert doc_id not in {d["doc_id"] for d in uploads_client.get("/api/documents").json()}


def test_bad_files_get_a_reason_and_change_nothing_else(uploads_client):
    before = {d["doc_id"]: d["chunks"] for d in uploads_client.get("/api/documents").json()}
    bomb = zip_bytes({"zeros.txt": b"0" * 2_000_000})  # 2 MB unpacked, a few KB packed; limit 1 MB
    climbing = zip_bytes({"../../etc/evil.md": b"# Evil\n\nText.", "fine/ok.md": b"# Zip page\n\nA page inside a zip."})
    job = upload(uploads_client, [
        ("tool.exe", b"MZ\x90\x00binary"),
        ("huge.txt", b"word " * 120_000),  # 600 KB, limit 0.5 MB
        ("scanned.pdf", pdf_bytes([])),
        ("secret.pdf", pdf_bytes(["Confidential roadmap"], password="pw")),
        ("bomb.zip", bomb),
        ("climb.zip", climbing),
        ("latin1.txt", "Styrgruppen möts varje månad.".encode("latin-1")),
        ("broken.vtt", b"WEBVTT\n\n00:00:xx.000 --> 00:00:04.000\nHello\n"),
        ("good.md", b"# Sandbox policy\n\nEvery team gets one sandbox per region for testing journeys."),
    ])  # fmt: skip
    assert job["status"] == "done"
    reasons = {f["name"]: f["reason"] for f in job["files"] if f["outcome"] == "skipped"}
    assert "unknown file type" in reasons["tool.exe"]
    assert "file too large" in reasons["huge.txt"]
    assert "no text layer" in reasons["scanned.pdf"]
    assert "encrypted" in reasons["secret.pdf"]
    assert "unpacks to" in reasons["bomb.zip"]
    assert "climbs out" in reasons["climb.zip:../../etc/evil.md"]
    assert "not valid UTF-8" in reasons["latin1.txt"]
    assert "broken transcript" in reasons["broken.vtt"]
    assert outcome(job, "good.md")["outcome"] == "added"
    assert outcome(job, "climb.zip:fine/ok.md")["outcome"] == "added"
    after = {d["doc_id"]: d["chunks"] for d in uploads_client.get("/api/documents").json()}
    assert {k: v for k, v in after.items() if k in before} == before  # the rest of the index is as it was
    assert len(after) == len(before) + 2
    kept = {p.name for p in (uploads_client.app.state.runtime.settings.uploads_dir).iterdir() if p.is_file()}
    assert not kept & {"tool.exe", "huge.txt", "scanned.pdf", "secret.pdf", "latin1.txt", "broken.vtt", "evil.md"}


def test_job_events_stream_until_done(uploads_client):
    r = uploads_client.post("/api/documents", files=[("files", ("events.md", b"# Events\n\nA page about events."))])
    job_id = r.json()["job_id"]
    with uploads_client.stream("GET", f"/api/jobs/{job_id}/events") as stream:
        body = stream.read().decode()
    statuses = [json.loads(line.removeprefix("data: ")) for line in body.splitlines() if line.startswith("data: ")]
    assert statuses and statuses[-1]["status"] == "done" and statuses[-1]["files"][0]["outcome"] == "added"
    assert uploads_client.get("/api/jobs/nope").status_code == 404


def test_one_job_at_a_time_and_a_rebuild_keeps_uploads(uploads_client):
    pages = [(f"queued-{n}.md", f"# Queue page {n}\n\nPage number {n} about queues.".encode()) for n in range(6)]
    first = uploads_client.post("/api/documents", files=[("files", p) for p in pages]).json()
    second = uploads_client.post("/api/documents", files=[("files", ("later.md", b"# Later\n\nA later page."))])
    assert second.json()["waiting_for"] == 1  # the first is queued or running: the second says it waits
    later = second.json()["job_id"]
    while uploads_client.get(f"/api/jobs/{later}").json()["status"] != "done":
        time.sleep(0.2)
    assert uploads_client.get(f"/api/jobs/{first['job_id']}").json()["status"] == "done"

    from assistant.ingestion import IngestionService
    from tests.conftest import CORPUS

    runtime = uploads_client.app.state.runtime
    uploaded = {d["doc_id"] for d in uploads_client.get("/api/documents").json() if d["path"].startswith("uploads/")}
    report = IngestionService(runtime.uploads.components).ingest([CORPUS], rebuild=True)
    assert not report.failed, report.skipped
    after = {d["doc_id"] for d in uploads_client.get("/api/documents").json()}
    assert uploaded <= after and len(after) == len(uploaded) + 5  # every upload re-embedded, corpus/ added


def test_changes_need_a_key_or_loopback(components, make_settings, tmp_path):
    settings = make_settings(data_dir=tmp_path / "d")
    own = Components(settings=settings, embedding=components.embedding)
    exposed = create_app(settings, Runtime(settings, own), background_load=False, host="0.0.0.0")
    with TestClient(exposed) as client:
        r = client.post("/api/documents", files=[("files", ("a.md", b"# A\n\nText."))])
        assert r.status_code == 403 and "SESSION_ASSISTANT_API_KEY" in r.json()["error"]
        assert client.delete("/api/documents/x.en").status_code == 403
    keyed = settings.model_copy(update={"api_key": "s3cret"})
    with TestClient(create_app(keyed, Runtime(keyed, own), background_load=False, host="0.0.0.0")) as client:
        r = client.post("/api/documents", files=[("files", ("a.md", b"# A\n\nText."))])
        assert r.status_code == 401
        r = client.post("/api/documents", files=[("files", ("a.md", b"# A\n\nText."))],
                        headers={"authorization": "Bearer s3cret"})  # fmt: skip
        assert r.status_code == 202
