// Klartext report: overview ↔ document ↔ rule (hash routing), search,
// filters, sorting and paging.  No libraries and no network.  Documents are
// JSON islands (<script type="application/json" id="dN">) parsed on demand.
"use strict";
(function () {
  const { $, $$, visible, el, cmp, markSorted } = KT;
  const indexEl = $("#index");
  if (!indexEl) return;
  const INDEX = JSON.parse(indexEl.textContent);
  const RULES = INDEX.rules;   // [id, stage, description, file, line, layout]
  const DOCS = INDEX.docs;     // [id, origin, lang, quality, changes, flags, [[rule, n]], reasons, detail]
  const RULE_IX = new Map(RULES.map((r, i) => [r[0], i]));
  const RULES_HREF = document.body.dataset.rulesHref || "";
  const PAGE = 100, HITS_PAGE = 200, CTX = 60;
  const state = { search: "", stage: "", flags: false, layout: false, qlo: null, qhi: null,
                  sortKey: null, sortDir: 1, page: 0, pair: null };
  const parsed = new Map(), texts = new Map();

  function detail(i) {
    if (!parsed.has(i)) {
      const node = document.getElementById("d" + i);
      parsed.set(i, node ? JSON.parse(node.textContent) : null);
      if (parsed.size > 400) parsed.delete(parsed.keys().next().value);   // bounded cache
    }
    return parsed.get(i);
  }
  // Lower-cased original and clean text of a document, for search (kept).
  function textOf(i) {
    if (!texts.has(i)) {
      const d = detail(i);
      texts.set(i, d ? (d.o + "\n" + d.h.map((h) => h[2]).join(" ")).toLowerCase() : "");
    }
    return texts.get(i);
  }
  function srcLink(r) {
    const rule = RULES[r];
    if (!rule || !rule[3]) return null;
    return el("a", { class: "src", href: RULES_HREF + rule[3], title: "where the rule is defined" },
      rule[3] + ":" + rule[4]);
  }
  function ruleLink(r) { return el("a", { href: "#rule=" + encodeURIComponent(RULES[r][0]) }, RULES[r][0]); }
  function stageOf(r) { return RULES[r][1]; }
  function ellipsis(s, left) { return s.length >= CTX ? (left ? "…" + s : s + "…") : s; }

  // ---- overview ---------------------------------------------------------------------
  function docMatches(i) {
    const d = DOCS[i];
    if (state.flags && !d[5]) return false;
    if (state.stage && !d[6].some(([r]) => stageOf(r) === state.stage)) return false;
    if (state.qlo !== null && (d[3] === null || d[3] < state.qlo ||
        (state.qhi < 1 ? d[3] >= state.qhi : d[3] > state.qhi))) return false;
    if (state.search) {
      const meta = (d[0] + " " + d[1] + " " + d[7].join(" ") + " " +
                    d[6].map(([r]) => RULES[r][0]).join(" ")).toLowerCase();
      if (!meta.includes(state.search) && !textOf(i).includes(state.search)) return false;
    }
    return true;
  }

  function renderDocs() {
    const ids = DOCS.map((_, i) => i).filter(docMatches);
    if (state.sortKey !== null) {
      ids.sort((a, b) => cmp(DOCS[a][state.sortKey], DOCS[b][state.sortKey]) * state.sortDir || a - b);
    }
    const pages = Math.max(1, Math.ceil(ids.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    const rows = ids.slice(state.page * PAGE, (state.page + 1) * PAGE).map((i) => {
      const d = DOCS[i];
      const q = d[3] === null ? el("td", { class: "num", "data-sort": "" }, "—")
        : el("td", { class: "num" }, el("meter", { min: "0", max: "1", value: d[3].toFixed(3) }),
             " " + d[3].toFixed(2));
      return el("tr", { class: "docrow", "data-doc": i },
        el("td", {}, d[8] ? el("a", { href: "#doc=" + i }, d[0]) : d[0]), el("td", { text: d[1] }),
        el("td", { text: d[2] }), q, el("td", { class: "num", text: d[4] }),
        el("td", { class: "num", text: d[5] }), el("td", { text: d[7].join("; ") }));
    });
    $("#docs tbody").replaceChildren(...rows);
    $("#f-count").textContent = ids.length + " of " + DOCS.length + " documents";
    pager($("#docs-pager"), state.page, pages, (p) => { state.page = p; renderDocs(); });
  }

  function pager(box, page, pages, go) {
    const prev = el("button", { type: "button", class: "prev", disabled: page === 0 }, "‹ previous");
    const next = el("button", { type: "button", class: "next", disabled: page >= pages - 1 }, "next ›");
    prev.addEventListener("click", () => go(page - 1));
    next.addEventListener("click", () => go(page + 1));
    box.replaceChildren(prev, el("span", { class: "page" }, " page " + (page + 1) + " of " + pages + " "), next);
  }

  function filterRules() {
    $$("#rules tbody tr").forEach((tr) => {
      const id = tr.dataset.rule, r = RULE_IX.get(id);
      const text = (id + " " + (r === undefined ? "" : RULES[r][2])).toLowerCase();
      const hide = (state.stage && tr.dataset.stage !== state.stage) ||
        (!state.layout && tr.classList.contains("layout")) ||
        (state.search && !text.includes(state.search) && !id.startsWith(state.search));
      tr.classList.toggle("hidden", !!hide);
    });
  }

  // ---- a document -------------------------------------------------------------------
  function flagRanges(d) { return d.placed ? d.f.slice().sort((a, b) => a[1] - b[1] || a[2] - b[2]) : []; }

  function plain(text, offset, flags) {
    const out = [];
    const cuts = new Set([0, text.length]);
    const inside = flags.filter((f) => f[1] < offset + text.length && f[2] > offset);
    inside.forEach((f) => { cuts.add(Math.max(0, f[1] - offset)); cuts.add(Math.min(text.length, f[2] - offset)); });
    const bounds = Array.from(cuts).sort((a, b) => a - b);
    for (let k = 0; k + 1 < bounds.length; k++) {
      const [a, b] = [bounds[k], bounds[k + 1]];
      const f = inside.find((x) => x[1] - offset < b && x[2] - offset > a);
      const piece = text.slice(a, b);
      out.push(f ? el("mark", { class: "flag", "data-rules": RULES[f[0]][0], "data-stages": stageOf(f[0]),
                                 title: RULES[f[0]][0] + ": " + f[3] }, piece) : piece);
    }
    return out;
  }

  function hunkNode(d, k, flags) {
    const [s, e, after, c0, c1] = d.h[k];
    const steps = d.c.slice(c0, c1);
    const stages = Array.from(new Set(steps.map((c) => stageOf(c[0]))));
    const rules = Array.from(new Set(steps.map((c) => RULES[c[0]][0])));
    const flagged = flags.filter((f) => f[1] < Math.max(e, s + 1) && f[2] > s);
    const layout = steps.every((c) => c[4]);
    const tip = steps.map((c) => RULES[c[0]][0] + ": " + RULES[c[0]][2] + (c[3] ? " [" + c[3] + "]" : ""))
      .concat(flagged.map((f) => "flag " + RULES[f[0]][0] + ": " + f[3])).join("\n");
    const span = el("span", { class: "hunk st-" + stages[0] + (flagged.length ? " flagged" : "") + (layout ? " layout" : ""),
                              "data-stages": stages.join(" "), "data-rules": rules.join(" "), "data-h": k, title: tip });
    const removed = d.o.slice(s, e);
    if (removed.trim()) span.append(el("del", {}, removed));
    else if (removed) span.append(el("del", { class: "ws", "data-ws": visible(removed) }));
    if (after.trim()) span.append(el("ins", {}, after));
    else if (after) span.append(el("ins", { class: "ws", "data-ws": visible(after) }, after));
    return span;
  }

  function renderDoc(i, focus) {
    const d = detail(i), meta = DOCS[i];
    const view = $("#docview");
    const head = el("div", { class: "dochead" }, el("p", {}, el("a", { href: "#", class: "back" }, "← overview")),
      el("h2", {}, meta[0]),
      el("p", { class: "meta" }, [meta[1], "lang " + meta[2], "quality " + (meta[3] === null ? "—" : meta[3].toFixed(2)),
                                  meta[4] + " changes", meta[5] + " flags"].join(" · ")));
    if (meta[7].length) {
      head.append(el("details", { class: "reasons" }, el("summary", {}, "quality reasons (" + meta[7].length + ")"),
        el("ul", {}, ...meta[7].map((r) => el("li", {}, r)))));
    }
    if (d.f.length) {
      head.append(el("ul", { class: "flags" }, ...d.f.map((f) => el("li", { class: "flagitem", "data-rules": RULES[f[0]][0],
        "data-stages": stageOf(f[0]) }, ruleLink(f[0]), ": " + f[3] + " — „" + f[4] + "“"))));
    }
    const text = el("div", { class: "text" });
    if (!d.placed) {
      head.append(el("p", { class: "note" }, d.why + "; the clean text is shown."));
      text.append(d.o);
    } else {
      const flags = flagRanges(d);
      let pos = 0;
      d.h.forEach((h, k) => {
        text.append(...plain(d.o.slice(pos, h[0]), pos, flags), hunkNode(d, k, flags));
        pos = h[1];
      });
      text.append(...plain(d.o.slice(pos), pos, flags));
    }
    view.replaceChildren(head, el("article", { class: "doc", "data-doc": i }, text));
    view.dataset.doc = i;
    applyDocFilters();
    if (focus !== null) {
      const h = $('#docview .hunk[data-h="' + focus + '"]');
      if (h) { h.scrollIntoView({ block: "center" }); showContext(h); }
    } else {
      window.scrollTo(0, 0);
    }
  }

  function applyDocFilters() {
    $$("#docview .hunk").forEach((h) => {
      const rules = h.dataset.rules.split(" "), stages = h.dataset.stages.split(" ");
      const off = state.flags || (state.stage && !stages.includes(state.stage)) ||
        (h.classList.contains("layout") && !state.layout);
      h.classList.toggle("off", !!off);
      h.dataset.match = state.search && rules.some((r) => r.startsWith(state.search)) ? "1" : "";
    });
    $$("#docview mark.flag, #docview .flags li").forEach((m) =>
      m.classList.toggle("off", !!state.stage && m.dataset.stages !== state.stage));
  }

  function showContext(h) {
    const i = Number($("#docview").dataset.doc), d = detail(i);
    const [s, e, after, c0, c1] = d.h[Number(h.dataset.h)];
    $$("#docview .hunk.active").forEach((x) => x.classList.remove("active"));
    h.classList.add("active");
    const box = $("#context");
    const close = el("button", { class: "close", title: "close", type: "button" }, "×");
    close.addEventListener("click", () => { box.hidden = true; h.classList.remove("active"); });
    const orig = el("div", { class: "orig" }, ellipsis(d.o.slice(Math.max(0, s - CTX), s), true),
      el("b", {}, d.o.slice(s, e) || "∅"), ellipsis(d.o.slice(e, e + CTX), false));
    const steps = d.c.slice(c0, c1).map((c) => el("li", { class: "step" },
      el("div", {}, el("span", { class: "chip st-" + stageOf(c[0]) }, stageOf(c[0])), " ", ruleLink(c[0]),
        " ", srcLink(c[0])),
      el("div", {}, el("code", { class: "before" }, visible(c[1])), " → ", el("code", { class: "after" }, visible(c[2]))),
      el("div", { class: "why" }, RULES[c[0]][2] + (c[3] ? " [" + c[3] + "]" : ""))));
    box.replaceChildren(close, el("h3", {}, "original context"), orig,
      el("p", { class: "meta" }, "clean: ", el("code", { class: "ws-shown" }, visible(after))),
      el("ol", { class: "steps" }, ...steps));
    box.hidden = false;
  }

  // ---- a rule: every hit in context -------------------------------------------------
  function hitsOf(r) {
    const hits = [];
    DOCS.forEach((doc, i) => {
      if (!doc[8] || !doc[6].some(([x]) => x === r)) return;
      const d = detail(i);
      d.h.forEach(([s, e, , c0, c1], k) => {
        for (let j = c0; j < c1; j++) {
          const c = d.c[j];
          if (c[0] !== r) continue;
          hits.push({ i, k, left: d.o.slice(Math.max(0, s - CTX), s), right: d.o.slice(e, e + CTX),
                      before: c[1], after: c[2], flag: false });
        }
      });
      d.f.forEach((f) => {
        if (f[0] !== r) return;
        const ctx = d.placed;
        hits.push({ i, k: null, left: ctx ? d.o.slice(Math.max(0, f[1] - CTX), f[1]) : "",
                    right: ctx ? d.o.slice(f[2], f[2] + CTX) : "", before: f[4], after: f[3], flag: true });
      });
    });
    return hits;
  }

  function pairKey(h) { return (h.flag ? "⚑" : "→") + "\u0000" + h.before + "\u0000" + h.after; }

  function renderRule(id, pageNo) {
    const view = $("#ruleview");
    const r = RULE_IX.get(id);
    const back = el("p", {}, el("a", { href: "#", class: "back" }, "← overview"));
    if (r === undefined) {
      view.replaceChildren(back, el("h2", {}, id), el("p", {}, "No hits of this rule in this corpus."));
      return;
    }
    const all = hitsOf(r);
    const docs = new Set(all.map((h) => h.i)).size;
    const counts = new Map();
    all.forEach((h) => {
      const key = pairKey(h);
      const c = counts.get(key) || { h, n: 0, docs: new Set() };
      c.n++; c.docs.add(h.i); counts.set(key, c);
    });
    const q = state.search;
    const shown = all.filter((h) => (!state.pair || pairKey(h) === state.pair) &&
      (!q || (h.left + h.before + h.after + h.right + DOCS[h.i][0]).toLowerCase().includes(q)));
    const pages = Math.max(1, Math.ceil(shown.length / HITS_PAGE));
    const page = Math.min(pageNo, pages - 1);
    const distinct = el("table", { id: "pairs", class: "sortable-js" },
      el("thead", {}, el("tr", {}, el("th", { "data-type": "text" }, "before / flagged text"),
        el("th", { "data-type": "text" }, "after / message"), el("th", { "data-type": "num" }, "hits"),
        el("th", { "data-type": "num" }, "docs"))),
      el("tbody", {}, ...Array.from(counts.entries()).sort((a, b) => b[1].n - a[1].n || cmp(a[0], b[0])).map(([key, c]) => {
        const tr = el("tr", { class: "pair" + (state.pair === key ? " picked" : ""), "data-key": key,
                              title: "show only these hits" },
          el("td", {}, el("code", { class: "ws-shown" }, c.h.flag ? c.h.before : visible(c.h.before))),
          el("td", {}, c.h.flag ? "⚑ " + c.h.after : el("code", { class: "ws-shown" }, visible(c.h.after))),
          el("td", { class: "num" }, String(c.n)), el("td", { class: "num" }, String(c.docs.size)));
        return tr;
      })));
    const kwic = el("table", { id: "kwic" }, el("tbody", {}, ...shown.slice(page * HITS_PAGE, (page + 1) * HITS_PAGE).map((h) =>
      el("tr", { class: "hit" }, el("td", { class: "where" }, el("a", { href: "#doc=" + h.i + (h.k === null ? "" : "&h=" + h.k) }, DOCS[h.i][0])),
        el("td", { class: "left" }, el("div", { class: "clip" }, ellipsis(h.left, true).replace(/\n/g, "⏎"))),
        el("td", { class: "kw" }, h.flag ? el("mark", { class: "flag" }, h.before)
          : el("span", {}, el("del", {}, visible(h.before)), " → ", el("ins", {}, visible(h.after)))),
        el("td", { class: "right" }, ellipsis(h.right, false).replace(/\n/g, "⏎"))))));
    const pagerBox = el("p", { class: "pager", id: "kwic-pager" });
    pager(pagerBox, page, pages, (p) => { location.hash = "#rule=" + encodeURIComponent(id) + "&p=" + p; });
    const rule = RULES[r];
    view.replaceChildren(back,
      el("h2", {}, el("span", { class: "chip st-" + rule[1] }, rule[1]), " " + id),
      el("p", {}, rule[2]), el("p", { class: "meta" }, "defined at ", srcLink(r) || "—", " · " + all.length +
        " hits in " + docs + " document(s) · " + counts.size + " distinct"),
      el("h3", {}, "Distinct before → after"), distinct,
      el("h3", {}, "Every hit in context (" + shown.length + (shown.length !== all.length ? " of " + all.length : "") + ")"),
      state.pair ? el("p", {}, el("a", { href: "#", class: "clear-pair" }, "show all hits")) : "", kwic, pagerBox);
    sortableJs(distinct);
  }

  function sortableJs(table) {
    $$("th", table).forEach((th, col) => {
      th.classList.add("sort");
      th.addEventListener("click", () => {
        const dir = th.getAttribute("aria-sort") === "descending" ? 1 : -1;
        const rows = Array.from(table.tBodies[0].rows);
        const num = th.dataset.type === "num";
        rows.sort((x, y) => cmp(num ? Number(x.cells[col].textContent) : x.cells[col].textContent,
                                num ? Number(y.cells[col].textContent) : y.cells[col].textContent) * dir);
        table.tBodies[0].append(...rows);
        markSorted(table, th, dir);
      });
    });
  }

  // ---- routing and events -----------------------------------------------------------
  function current() {
    const m = location.hash.match(/^#(doc|rule)=([^&]+)(?:&[hp]=(\d+))?$/);
    return m ? { view: m[1], key: decodeURIComponent(m[2]), n: m[3] === undefined ? null : Number(m[3]) } : { view: "overview" };
  }

  function route() {
    const at = current();
    const isDoc = at.view === "doc" && !!detail(Number(at.key));
    const isRule = at.view === "rule";
    $("#overview").hidden = isDoc || isRule;
    $("#docview").hidden = !isDoc;
    $("#ruleview").hidden = !isRule;
    $("#context").hidden = true;
    if (isDoc) renderDoc(Number(at.key), at.n);
    else if (isRule) { renderRule(at.key, at.n || 0); window.scrollTo(0, 0); }
    else { renderDocs(); filterRules(); }
  }

  function refresh() {
    const at = current();
    if (at.view === "rule") renderRule(at.key, 0);
    else if (at.view === "doc") applyDocFilters();
    else { state.page = 0; renderDocs(); filterRules(); }
  }

  let timer = null;
  $("#f-search").addEventListener("input", (ev) => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.search = ev.target.value.trim().toLowerCase(); refresh(); }, 120);
  });
  $("#f-stage").addEventListener("change", (ev) => { state.stage = ev.target.value; refresh(); });
  $("#f-flags").addEventListener("change", (ev) => { state.flags = ev.target.checked; refresh(); });
  $("#f-layout").addEventListener("change", (ev) => { state.layout = ev.target.checked; refresh(); });
  $$("#docs thead th[data-key]").forEach((th) => {
    th.classList.add("sort");
    th.title = "sort by " + th.textContent;
    th.addEventListener("click", () => {
      const key = Number(th.dataset.key);
      state.sortDir = state.sortKey === key ? -state.sortDir : 1;
      state.sortKey = key;
      markSorted($("#docs"), th, state.sortDir);
      state.page = 0;
      renderDocs();
    });
  });
  $$("svg.chart rect.bar").forEach((bar) => bar.addEventListener("click", () => {
    state.qlo = Number(bar.dataset.lo); state.qhi = Number(bar.dataset.hi);
    const chip = $("#f-quality");
    chip.replaceChildren("quality " + state.qlo.toFixed(1) + "–" + state.qhi.toFixed(1) + " ",
      el("button", { type: "button", title: "any quality" }, "×"));
    chip.hidden = false;
    location.hash = "";
    refresh();
  }));
  $("#f-quality").addEventListener("click", (ev) => {
    if (!ev.target.closest("button")) return;
    state.qlo = state.qhi = null; $("#f-quality").hidden = true; refresh();
  });
  $$("a.src[data-file]").forEach((a) => { a.href = RULES_HREF + a.dataset.file; });

  document.addEventListener("click", (ev) => {
    const h = ev.target.closest("#docview .hunk");
    if (h && !h.classList.contains("off")) { showContext(h); return; }
    const pair = ev.target.closest("#pairs tr.pair");
    if (pair) { state.pair = state.pair === pair.dataset.key ? null : pair.dataset.key; renderRule(current().key, 0); return; }
    if (ev.target.closest("a.clear-pair")) { ev.preventDefault(); state.pair = null; renderRule(current().key, 0); return; }
    if (ev.target.closest("a.back, a.home")) { ev.preventDefault(); state.pair = null; location.hash = ""; }
  });
  window.addEventListener("hashchange", () => { if (current().view !== "rule") state.pair = null; route(); });
  route();
})();
