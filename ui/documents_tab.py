"""The Documents tab: the ingested documents, upload with progress, delete with confirmation.

Uploads go from the browser straight to the API (POST /api/documents, then the job's server-sent events),
so the page and integrators share one path, its checks and its limits, and Gradio's own upload route
stays closed. The table and deletes call the Runtime's services, like the chat tab."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import gradio as gr

from assistant.errors import IndexProblem
from assistant.runtime import NotReady, Runtime
from ingest.formats import SUFFIXES

HEADERS = ["Title", "Language", "Product", "Session", "Chunks", "Uploaded (UTC)", "Document id"]
FIELDS = [  # the upload form's fields: (name, label, placeholder)
    ("title", "Title", "from the file when empty"),
    ("language", "Language", "detected when empty (sv, de, it, en…)"),
    ("solution", "Product", "Journey Optimizer, Customer Journey Analytics…"),
    ("jira", "Session id (translation group)", "KT-19551"),
    ("session", "Place in its series", "1–5"),
    ("video_url", "Recording URL", "https://…"),
]

# The browser side of an upload: drop or pick files, send them with the form, follow the job's events.
UPLOAD_JS = """
<script>
(() => {
  const icons = {added: "✓", updated: "↻", unchanged: "=", skipped: "✗"};
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));
  function render(box, s) {
    const head = s.status === "queued" ? `Queued${s.waiting_for ? ` behind ${s.waiting_for} job(s)` : ""}`
      : s.status === "running" ? `Ingesting… ${s.chunks_done} of ${s.chunks_total || "?"} chunks`
      : s.status === "done" ? "Done" : `Failed: ${esc(s.error)}`;
    const files = s.files.map((f) => `<li class="sa-${f.outcome}">${icons[f.outcome]} ${esc(f.name)}: ${f.outcome}`
      + (f.reason ? ` (${esc(f.reason)})` : "") + "</li>").join("");
    const value = s.status === "done" ? 1 : s.chunks_total ? s.chunks_done / s.chunks_total : 0;
    box.innerHTML = `<div class="sa-job-head">${head}</div>`
      + `<progress max="1" value="${value}"></progress><ul>${files}</ul>`;
    box.dataset.status = s.status;
  }
  async function send(files) {
    if (!files || !files.length) return;
    const form = new FormData();
    for (const f of files) form.append("files", f);
    for (const name of ["title", "language", "solution", "jira", "session", "video_url"]) {
      const input = document.querySelector(`#sa-${name} input, #sa-${name} textarea`);
      if (input && input.value.trim()) form.append(name, input.value.trim());
    }
    const box = document.createElement("div");
    box.className = "sa-job";
    box.textContent = `Uploading ${files.length} file(s)…`;
    document.getElementById("sa-jobs").prepend(box);
    const r = await fetch("/api/documents", {method: "POST", body: form});
    const body = await r.json().catch(() => ({error: `HTTP ${r.status}`}));
    if (!r.ok) { box.textContent = body.error; box.dataset.status = "failed"; return; }
    render(box, {status: "queued", waiting_for: body.waiting_for, files: [], chunks_done: 0, chunks_total: 0});
    const events = new EventSource(`/api/jobs/${body.job_id}/events`);
    events.addEventListener("status", (e) => {
      const s = JSON.parse(e.data);
      render(box, s);
      if (s.status === "done" || s.status === "failed") {
        events.close();
        document.querySelector("#sa-refresh")?.click();
      }
    });
  }
  const inZone = (e) => e.target.closest && e.target.closest("#sa-drop");
  document.addEventListener("dragover", (e) => { if (inZone(e)) e.preventDefault(); });
  document.addEventListener("drop", (e) => {
    if (!inZone(e)) return;
    e.preventDefault();
    send(e.dataTransfer.files);
  });
  document.addEventListener("change", (e) => {
    if (e.target.id === "sa-file") { send(e.target.files); e.target.value = ""; }
  });
})();
</script>
"""

DROP_ZONE = f"""<label id="sa-drop" for="sa-file">
<strong>Drop files here</strong> or click to choose: {html.escape(", ".join(SUFFIXES))}, or a .zip of them
<input id="sa-file" type="file" multiple accept="{",".join(SUFFIXES)},.zip"></label>
<div id="sa-jobs"></div>"""

CSS = """
#sa-drop {display: block; border: 2px dashed var(--border-color-primary); border-radius: 10px; padding: 1.6em;
  text-align: center; cursor: pointer; color: var(--body-text-color-subdued);}
#sa-drop:hover {border-color: var(--color-accent);}
#sa-drop input {display: none;}
.sa-job {margin-top: 0.8em; padding: 0.6em 0.8em; border: 1px solid var(--border-color-primary); border-radius: 8px;}
.sa-job progress {width: 100%;}
.sa-job ul {margin: 0.3em 0 0; padding-left: 1.2em;}
.sa-skipped {color: var(--error-text-color, #b91c1c);}
"""


def document_rows(runtime: Runtime) -> list[list[object]]:
    rows: list[list[object]] = []
    for info in runtime.documents():
        updated = runtime.uploads.detail(info, info.path).ingested_at if info.path.startswith("uploads/") else None
        updated = updated.replace("T", " ")[:16] if updated else ""  # 2026-11-23 12:27 (UTC)
        rows.append([info.title, info.language, info.solution, info.session or "", info.chunks, updated or "",
                     info.doc_id])  # fmt: skip
    return rows


@dataclass
class DocumentsTab:
    refresh: gr.Button  # clicked by the page's script when an upload's job ends
    load: Callable[[], tuple]  # fills `outputs`
    outputs: list[gr.components.Component]


def build_documents_tab(runtime: Runtime, refused: str | None) -> DocumentsTab:
    """The tab's components, inside the caller's gr.Tab. `refused` says why changes are not allowed here."""
    if refused:
        gr.Markdown(f"⚠ {refused}.", elem_id="sa-refused")
    with gr.Row():
        refresh = gr.Button("↻ Refresh", elem_id="sa-refresh", size="sm", scale=0)
        status = gr.Markdown(elem_id="sa-status")
    table = gr.Dataframe(
        headers=HEADERS, interactive=False, elem_id="sa-documents", wrap=True,
        column_widths=["30%", "8%", "18%", "8%", "7%", "15%", "14%"],
    )  # fmt: skip
    if not refused:
        with gr.Accordion("Upload", open=True):
            with gr.Row():
                for name, label, placeholder in FIELDS[:3]:
                    gr.Textbox(label=label, placeholder=placeholder, elem_id=f"sa-{name}")
            with gr.Row():
                for name, label, placeholder in FIELDS[3:]:
                    gr.Textbox(label=label, placeholder=placeholder, elem_id=f"sa-{name}")
            gr.HTML(DROP_ZONE)
        with gr.Accordion("Delete", open=False), gr.Row():
            chosen = gr.Dropdown(label="Document", choices=[], elem_id="sa-delete-choice", scale=4)
            delete = gr.Button("Delete…", variant="stop", elem_id="sa-delete", scale=1)

    def load() -> tuple[list[list[object]], str, dict]:
        try:
            rows = document_rows(runtime)
        except (NotReady, IndexProblem) as exc:
            return [], f"⏳ {exc}", gr.update(choices=[])
        choices = [(f"{row[0]} ({row[1]}) · {row[6]}", str(row[6])) for row in rows]
        return rows, f"{len(rows)} document{'s' if len(rows) != 1 else ''}", gr.update(choices=choices, value=None)

    def remove(doc_id: str | None) -> tuple[list[list[object]], str, dict]:
        if not doc_id:  # the confirmation was cancelled
            return load()
        try:
            deleted = runtime.delete_document(doc_id)
            note = f"Deleted {doc_id} ({deleted} chunks)."
        except KeyError:
            note = f"{doc_id} is no longer in the index."
        except (NotReady, IndexProblem) as exc:
            note = f"⏳ {exc}"
        rows, _, choices = load()
        return rows, note, choices

    outputs = [table, status] + ([] if refused else [chosen])

    def shown(result: tuple) -> tuple:
        return result[: len(outputs)]

    refresh.click(lambda: shown(load()), None, outputs)
    if not refused:
        confirm = "(doc) => (doc && confirm(`Delete ${doc} and its chunks? This cannot be undone.`)) ? doc : null"
        delete.click(lambda doc: shown(remove(doc)), [chosen], outputs, js=confirm)
    return DocumentsTab(refresh, lambda: shown(load()), outputs)
