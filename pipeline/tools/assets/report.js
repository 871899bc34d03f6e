// Klartext report: index ↔ document view (hash routing), filters, click-through.
// No libraries and no network; documents are rendered from <template>s on demand.
"use strict";
(function () {
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const stageSel = $("#f-stage"), ruleSel = $("#f-rule"), flagsBox = $("#f-flags");
  if (!stageSel) return;  // a review page: nothing to wire

  function filters() {
    return { stage: stageSel.value, rule: ruleSel.value, flags: flagsBox.checked };
  }
  function matches(el, f) {
    const stages = (el.dataset.stages || "").split(" "), rules = (el.dataset.rules || "").split(" ");
    if (f.stage && !stages.includes(f.stage)) return false;
    if (f.rule && !rules.includes(f.rule)) return false;
    return true;
  }
  function applyFilters() {
    const f = filters();
    let shown = 0;
    $$("tr.docrow").forEach((tr) => {
      const ok = matches(tr, f) && (!f.flags || Number(tr.dataset.flags) > 0);
      tr.classList.toggle("hidden", !ok);
      if (ok) shown++;
    });
    $$("#rules tbody tr").forEach((tr) => {
      const id = tr.dataset.rule;
      tr.classList.toggle("hidden", (f.rule && id !== f.rule) || (f.stage && id.split(".")[0] !== f.stage));
    });
    $$("#docbody .hunk").forEach((h) => h.classList.toggle("off", f.flags || !matches(h, f)));
    $$("#docbody mark.flag, #docbody .flags li").forEach((m) => m.classList.toggle("off", !matches(m, f)));
    $("#f-count").textContent = shown + " of " + $$("tr.docrow").length + " documents";
  }

  function showContext(h) {
    $$("#docbody .hunk.active").forEach((x) => x.classList.remove("active"));
    h.classList.add("active");
    const box = $("#context");
    box.replaceChildren();
    const close = document.createElement("button");
    close.className = "close"; close.textContent = "×"; close.title = "close";
    close.addEventListener("click", () => { box.hidden = true; h.classList.remove("active"); });
    const title = document.createElement("h3");
    title.textContent = "original context";
    const orig = document.createElement("div");
    orig.className = "orig";
    const b = document.createElement("b");
    b.textContent = h.dataset.orig || "∅";
    orig.append("…" + h.dataset.left, b, h.dataset.right + "…");
    const table = document.createElement("table");
    table.innerHTML = "<thead><tr><th>rule</th><th>before</th><th>after</th><th>why</th></tr></thead>";
    const body = document.createElement("tbody");
    JSON.parse(h.dataset.steps).forEach(([rule, stage, before, after, detail, descr]) => {
      const tr = document.createElement("tr");
      [rule, JSON.stringify(before), JSON.stringify(after), descr + (detail ? " [" + detail + "]" : "")]
        .forEach((v, i) => { const td = document.createElement("td"); td.textContent = v;
          if (i === 0) td.className = "chip st-" + stage; tr.append(td); });
      body.append(tr);
    });
    table.append(body);
    box.append(close, title, orig, table);
    box.hidden = false;
  }

  function route() {
    const m = location.hash.match(/^#doc=(\d+)$/);
    const tpl = m && document.getElementById("doc-" + m[1]);
    $("#overview").hidden = !!tpl;
    $("#docview").hidden = !tpl;
    $("#context").hidden = true;
    const body = $("#docbody");
    body.replaceChildren();
    if (tpl) {
      body.append(tpl.content.cloneNode(true));
      window.scrollTo(0, 0);
    }
    applyFilters();
  }

  document.addEventListener("click", (ev) => {
    const h = ev.target.closest("#docbody .hunk");
    if (h && !h.classList.contains("off")) { showContext(h); return; }
    const pick = ev.target.closest("a.pick-rule");
    if (pick) { ev.preventDefault(); ruleSel.value = pick.dataset.rule; applyFilters(); return; }
    if (ev.target.closest("a.back")) { ev.preventDefault(); location.hash = ""; }
  });
  [stageSel, ruleSel, flagsBox].forEach((el) => el.addEventListener("change", applyFilters));
  window.addEventListener("hashchange", route);
  route();
})();
