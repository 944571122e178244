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

window.doithoai = { csrf, postJSON };
