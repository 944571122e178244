// Transcript page: highlight the segment being played and, if asked, keep it in view.
"use strict";
(() => {
  // Words the recogniser was unsure of: a count and a "next word to check" key (n).
  const box = document.getElementById("to-check");
  const checks = Array.from(document.querySelectorAll("#segments .check"));
  if (!box || !checks.length) return;
  box.hidden = false;
  box.querySelector(".count").textContent = document.querySelectorAll("#segments .segment.needs-check").length;
  let at = -1;
  const next = () => {
    if (checks[at]) checks[at].classList.remove("current");
    at = (at + 1) % checks.length;
    const word = checks[at];
    word.classList.add("current");
    word.scrollIntoView({ block: "center" });
    const player = document.getElementById("player");
    if (player) player.currentTime = Math.max(parseFloat(word.dataset.seek) - 1, 0);
  };
  document.getElementById("next-check").addEventListener("click", next);
  document.addEventListener("keydown", (e) => {
    if (e.key !== "n" || e.ctrlKey || e.metaKey || e.altKey) return;
    if (document.activeElement && document.activeElement.matches("textarea, input, select")) return;
    e.preventDefault();
    next();
  });
})();

(() => {
  const player = document.getElementById("player");
  if (!player) return;
  const rows = Array.from(document.querySelectorAll(".segment[data-start]")).map((el) => ({
    el, start: parseFloat(el.dataset.start), end: parseFloat(el.dataset.end),
  }));
  const follow = document.getElementById("follow");
  let current = null;

  const find = (t) => {
    // Rows are in time order: binary search for the last row starting at or before t.
    let lo = 0, hi = rows.length - 1, hit = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].start <= t) { hit = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return hit >= 0 && t < rows[hit].end ? rows[hit] : null;
  };

  player.addEventListener("timeupdate", () => {
    const row = find(player.currentTime);
    if (row === current) return;
    if (current) current.el.classList.remove("playing");
    current = row;
    if (!row) return;
    row.el.classList.add("playing");
    const editing = document.activeElement && row.el.parentElement.contains(document.activeElement)
      && document.activeElement.matches("textarea, input, select");
    if (follow && follow.checked && !player.paused && !editing) row.el.scrollIntoView({ block: "center", behavior: "smooth" });
  });
})();
