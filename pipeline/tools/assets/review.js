// Klartext review page: filter the documents, open or close them all.
"use strict";
(function () {
  const { $, $$ } = KT;
  const search = $("#doc-search");
  if (!search) return;
  const docs = $$("details.docdiff");
  function count(shown) { $("#doc-count").textContent = shown + " of " + docs.length + " documents"; }
  let timer = null;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const q = search.value.trim().toLowerCase();
      let shown = 0;
      docs.forEach((d) => {
        const ok = !q || d.textContent.toLowerCase().includes(q);
        d.hidden = !ok;
        shown += ok;
      });
      count(shown);
    }, 120);
  });
  $("#open-all").addEventListener("click", () => docs.forEach((d) => { if (!d.hidden) d.open = true; }));
  $("#close-all").addEventListener("click", () => docs.forEach((d) => { d.open = false; }));
  // a link to a document (from a rule's section) opens it
  function openTarget() {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") { target.hidden = false; target.open = true; target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  count(docs.length);
})();
