// doithoai: a little plain JavaScript, no build step.
"use strict";
const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

// fetch() with the CSRF header; JSON in, JSON out.
async function postJSON(url, body) {
  const r = await fetch(url, { method: "POST", headers: { "X-CSRF-Token": csrf(), "Content-Type": "application/json", "Accept": "application/json" }, body: JSON.stringify(body || {}) });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(data.detail || ("Lỗi " + r.status));
  return data;
}

// <button data-seek="12.5" data-player="audio-id">: play the recording from that moment.
document.addEventListener("click", (ev) => {
  const el = ev.target.closest("[data-seek]");
  if (!el) return;
  const player = document.getElementById(el.dataset.player || "player");
  if (!player) return;
  ev.preventDefault();
  player.currentTime = parseFloat(el.dataset.seek);
  const end = el.dataset.until ? parseFloat(el.dataset.until) : null;
  player.play();
  if (end !== null) {
    const stop = () => { if (player.currentTime >= end) { player.pause(); player.removeEventListener("timeupdate", stop); } };
    player.addEventListener("timeupdate", stop);
  }
});

// <form data-confirm="…">: ask before a destructive action.
document.addEventListener("submit", (ev) => {
  const msg = ev.target.dataset.confirm;
  if (msg && !window.confirm(msg)) ev.preventDefault();
});

// <button data-print>: print the page (no inline onclick: the CSP forbids it).
document.addEventListener("click", (ev) => {
  if (ev.target.closest("[data-print]")) window.print();
});

// After an action the page comes back to the changed item (#item-12): show
// the confirmation on that item, not at the top of a long page.
(function flashAtItem() {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = /^item-\d+$/.test(id) ? document.getElementById(id) : null;
  const note = document.querySelector("main > .flash.ok");
  if (!target || !note) return;
  note.classList.add("at-item");
  (target.tagName === "TR" ? target.cells[1] || target.cells[0] : target).prepend(note);
  target.scrollIntoView({ block: "start" });
})();

// The radio notice form: show only the part the chosen kind of notice needs;
// while the MP3 is made (up to half a minute) show the time spent waiting.
(function broadcastForm() {
  const form = document.getElementById("broadcast-form");
  if (!form) return;
  const sync = () => {
    const mode = form.querySelector('input[name="mode"]:checked').value;
    form.querySelectorAll("[data-mode]").forEach((el) => { el.hidden = el.dataset.mode !== mode; });
  };
  form.addEventListener("change", (ev) => { if (ev.target.name === "mode") sync(); });
  let timer = null;
  form.addEventListener("submit", (ev) => {
    const b = ev.submitter;
    if (b) setTimeout(() => { form.querySelectorAll("button").forEach((x) => { x.disabled = true; }); }, 0);
    const progress = b && b.dataset.progress ? document.getElementById(b.dataset.progress) : null;
    if (!progress) return;
    const started = Date.now();
    const elapsed = progress.querySelector("[data-elapsed]");
    progress.hidden = false;
    timer = setInterval(() => { elapsed.textContent = String(Math.round((Date.now() - started) / 1000)); }, 1000);
  });
  window.addEventListener("pageshow", () => {
    form.querySelectorAll("button").forEach((b) => { b.disabled = false; });
    if (timer) clearInterval(timer);
    document.querySelectorAll("[data-progress-box]").forEach((el) => { el.hidden = true; });
  });
  sync();
})();

window.doithoai = { csrf, postJSON };

// "← Quay lại" on error pages: back in history (a javascript: link is blocked by the CSP)
document.querySelectorAll("a[data-back]").forEach((a) => {
  a.addEventListener("click", (e) => {
    if (history.length > 1) { e.preventDefault(); history.back(); }
  });
});
