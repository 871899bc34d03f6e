// Shared by the report and the review page: element building, visible
// whitespace, and tables that sort when a header is clicked.
"use strict";
const KT = (function () {
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const SHOWN = { " ": "␣", "\n": "⏎", "\t": "⇥", "\u00a0": "⍽", "\r": "␍" };
  const INVISIBLE = /[\p{Zs}\p{Zl}\p{Zp}\p{Cf}\p{Cc}]/u;

  // The same drawing as worddiff.visible in Python: ␣ for a space, ⏎ for a
  // line break, ⟨U+200B⟩ for other invisible characters, ∅ for nothing.
  function visible(s) {
    if (!s) return "∅";
    return Array.from(s).map((ch) => SHOWN[ch] || (INVISIBLE.test(ch)
      ? "⟨U+" + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0") + "⟩" : ch)).join("");
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  function cmp(a, b) {
    if (a === b) return 0;
    if (a === null || a === undefined || a === "") return 1;   // empty cells last
    if (b === null || b === undefined || b === "") return -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "de");
  }

  function cellValue(td, type) {
    const raw = td.dataset.sort !== undefined ? td.dataset.sort : td.textContent.trim();
    if (type !== "num") return raw.toLowerCase();
    const m = raw.replace("−", "-").match(/[-+]?\d+(\.\d+)?/);
    return m ? parseFloat(m[0]) : null;
  }

  // Mark the header a table is sorted by (aria-sort, read by screen readers and tests).
  function markSorted(table, th, dir) {
    $$("th", table).forEach((h) => h.removeAttribute("aria-sort"));
    if (th) th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
  }

  function makeSortable(table) {
    $$("thead th", table).forEach((th, col) => {
      th.classList.add("sort");
      th.title = "sort by " + th.textContent.trim();
      th.addEventListener("click", () => {
        const dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        const rows = Array.from(table.tBodies[0].rows);
        const type = th.dataset.type;
        rows.sort((x, y) => cmp(cellValue(x.cells[col], type), cellValue(y.cells[col], type)) * dir);
        table.tBodies[0].append(...rows);
        markSorted(table, th, dir);
      });
    });
  }

  $$("table.sortable").forEach(makeSortable);
  return { $, $$, visible, el, cmp, markSorted };
})();
