"""``report.html`` in a real browser (issues 4 and 13): headless Chromium,
driven by Playwright with Debian's ``/usr/bin/chromium`` (no browser
download).  Skipped, with the reason, where either is missing; ``.ci/run``
installs Chromium first, so in CI it runs.  The screenshots land in
``build/screenshots/`` for a human to look at."""

from __future__ import annotations

import shutil

import pytest

from .conftest import ROOT

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine "
                                "(Debian: apt-get install chromium)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REPORT = ROOT / "output" / "report.html"
SHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    pg.on("request", lambda r: None if r.url.startswith(("file:", "data:", "about:"))
          else pg.problems.append(f"network request: {r.url}"))
    yield pg
    pg.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def open_seed(page, index: int) -> None:
    page.goto(f"{REPORT.as_uri()}#doc={index}")
    page.wait_for_selector("#docview .hunk")


def test_index_lists_the_seeds_without_console_errors(page):
    page.goto(REPORT.as_uri())
    assert page.locator("tr.docrow").count() == 5
    assert page.locator("#rules tbody tr:not(.hidden)").count() > 10
    assert page.locator("svg[aria-label='quality per document'] rect.bar").count() == 10
    assert page.locator("#docview").is_hidden()
    assert page.locator("#f-count").inner_text() == "5 of 5 documents"
    shot(page, "report-index")
    assert page.problems == []


def test_seed_000_shows_its_fused_words_highlighted(page):
    open_seed(page, 0)
    fused = page.locator("#docview .hunk[data-rules~='spacing.split-fused-words']")
    assert fused.count() >= 10
    first = fused.first
    assert first.is_visible()
    assert first.locator("del").inner_text() == "inRuntervor"
    assert first.locator("ins").is_visible()
    assert "split-fused-words" in first.get_attribute("title")
    first.click()
    box = page.locator("#context")
    assert box.is_visible() and "inRuntervor" in box.locator(".orig").inner_text()
    link = box.locator("a.src").first      # the rule's file and line
    assert link.inner_text().startswith("spacing.toml:")
    assert link.get_attribute("href") == "../rules/spacing.toml"
    shot(page, "report-seed-000")
    assert page.problems == []


def test_layout_changes_are_hidden_until_asked_for(page):
    open_seed(page, 0)
    layout = page.locator("#docview .hunk.layout").first
    assert layout.count() == 1 and "off" in layout.get_attribute("class")
    page.check("#f-layout")
    assert "off" not in layout.get_attribute("class")
    page.goto(REPORT.as_uri())
    row = page.locator("#rules tr[data-rule='structure.block-separator']")
    assert row.is_hidden()
    page.check("#f-layout")
    assert row.is_visible()
    assert page.problems == []


def test_stage_filter_hides_other_stages(page):
    open_seed(page, 0)
    spacing = page.locator("#docview .hunk[data-stages~='spacing'] del").first
    names = page.locator("#docview .hunk[data-stages~='names']").first
    assert spacing.is_visible()
    page.select_option("#f-stage", "names")
    assert spacing.is_hidden()                         # another stage: shown as plain text
    assert names.locator("del").is_visible()
    assert "off" not in names.get_attribute("class")
    shot(page, "report-seed-000-names")
    page.goto(REPORT.as_uri())
    page.select_option("#f-stage", "names")
    shown = page.locator("tr.docrow").count()
    assert 0 < shown <= 5 and page.locator("#f-count").inner_text().startswith(f"{shown} of 5")
    assert page.problems == []


def test_flags_only_filter(page):
    open_seed(page, 0)
    page.check("#f-flags")
    assert page.locator("#docview .hunk:not(.off)").count() == 0
    assert page.locator("#docview mark.flag").first.is_visible()
    assert page.problems == []


# --- a 2,000-document corpus: the report and the review page ---------------------------

EVAL = ROOT.parent / "shared" / "eval" / "data"
CORPUS_SIZE = 2000
WORD = "Regierung"      # in some documents of the corpus, not in all


@pytest.fixture(scope="module")
def big(tmp_path_factory, rules):
    """2,000 documents from the eval set's texts and the seeds, repeated: the
    report of their cleaning, and the review of a rule change on them."""
    import json

    from pipeline.core import Document
    from pipeline.engine import Cleaner, cleaner_for
    from pipeline.io.writers import record
    from pipeline.rules import load_rules
    from pipeline.tools.base import Base
    from pipeline.tools.report import write_report
    from pipeline.tools.review import review
    from pipeline.tools.review_output import render_html

    if not EVAL.is_dir():
        pytest.skip(f"{EVAL} is not here")
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for name, n in (("injected.jsonl", 30), ("clean.jsonl", 15)):
        with open(EVAL / name, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for _, line in zip(range(n), fh)]
    root = tmp_path_factory.mktemp("big")
    cleaner = cleaner_for(rules)
    records = [json.loads(json.dumps(record(cleaner.run(Document(f"t{i}", t))))) for i, t in enumerate(texts)]
    corpus = root / "corpus.jsonl"
    docs = []
    with open(corpus, "w", encoding="utf-8") as fh:
        for i in range(CORPUS_SIZE):
            rec = dict(records[i % len(records)], id=f"doc-{i:04d}", origin=f"corpus/doc-{i:04d}.txt")
            docs.append(rec)
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    write_report(corpus, root / "report.html", rules)
    (root / "corpus").mkdir()
    for i in range(CORPUS_SIZE):
        (root / "corpus" / f"doc-{i:04d}.txt").write_text(texts[i % len(texts)], "utf-8")
    base = root / "base-rules"
    shutil.copytree(ROOT / "rules", base)
    spacing = base / "spacing.toml"
    spacing.write_text(spacing.read_text("utf-8").replace('replace = " –"', 'replace = " —"'), "utf-8")
    result = review([root / "corpus"], Base("base-rules", base, Cleaner(load_rules(base))), rules)
    (root / "review.html").write_text(render_html(result, rules, "Klartext review"), "utf-8")
    return root, docs, result


def test_report_of_2000_documents_pages_searches_and_sorts(page, big):
    root, docs, _ = big
    page.goto((root / "report.html").as_uri())
    assert page.locator("#f-count").inner_text() == f"{CORPUS_SIZE} of {CORPUS_SIZE} documents"
    assert page.locator("tr.docrow").count() == 100
    assert page.locator("#docs-pager .page").inner_text().strip() == "page 1 of 20"
    page.click("#docs-pager .next")
    assert page.locator("tr.docrow").first.locator("td").first.inner_text() == "doc-0100"
    shot(page, "report-2000-index")
    # search: ids, origins, reasons, rules and the texts themselves
    page.fill("#f-search", WORD.lower())
    expected = sum(WORD.lower() in (d["text"] + "\n".join(d["quality_reasons"])).lower() for d in docs)
    assert 0 < expected < CORPUS_SIZE
    page.wait_for_function(f"document.querySelector('#f-count').textContent.startsWith('{expected} of')")
    page.fill("#f-search", "")
    page.wait_for_function(f"document.querySelector('#f-count').textContent.startsWith('{CORPUS_SIZE} of')")
    # sort by quality, both ways
    header = page.locator("#docs th[data-key='3']")
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    shown = [float(t.split()[-1]) for t in page.locator("tr.docrow td:nth-child(4)").all_inner_texts()]
    scores = sorted(d["quality"] for d in docs if d["quality"] is not None)
    assert shown == sorted(shown) and shown[0] == pytest.approx(scores[0], abs=0.005)
    header.click()
    shown = [float(t.split()[-1]) for t in page.locator("tr.docrow td:nth-child(4)").all_inner_texts()]
    assert shown == sorted(shown, reverse=True) and shown[0] == pytest.approx(scores[-1], abs=0.005)
    shot(page, "report-2000-sorted")
    assert page.problems == []


def test_report_of_2000_documents_shows_every_hit_of_a_rule(page, big):
    root, docs, _ = big
    hits = sum(c["rule"] == "spacing.dash" for d in docs for c in d["changes"])
    pairs: dict[tuple[str, str], int] = {}
    for d in docs:
        for c in d["changes"]:
            if c["rule"] == "spacing.dash":
                pairs[c["before"], c["after"]] = pairs.get((c["before"], c["after"]), 0) + 1
    page.goto((root / "report.html").as_uri())
    page.click("#rules a[href='#rule=spacing.dash']")
    page.wait_for_selector("#kwic tr.hit")
    assert page.locator("#ruleview h3").nth(1).inner_text() == f"Every hit in context ({hits})"
    assert page.locator("#kwic tr.hit").count() == min(200, hits)
    counts = [int(n) for n in page.locator("#pairs td:nth-child(3)").all_inner_texts()]
    assert sum(counts) == hits and sorted(counts, reverse=True) == sorted(pairs.values(), reverse=True)
    first = page.locator("#kwic tr.hit").first
    assert first.locator("td.kw del").inner_text() == "␣-" and first.locator("td.kw ins").inner_text() == "␣–"
    assert page.locator("#ruleview a.src").first.inner_text().startswith("spacing.toml:")
    shot(page, "report-2000-rule")
    page.fill("#f-search", "ukraine")        # search narrows the hits too
    page.wait_for_function("document.querySelectorAll('#ruleview h3')[1].textContent.includes(' of ')")
    first = page.locator("#kwic tr.hit").first
    assert "ukraine" in first.inner_text().lower()
    first.locator("td.where a").click()     # a hit opens its document at that change
    page.wait_for_selector("#docview .hunk.active")
    assert page.locator("#context").is_visible()
    assert "spacing.dash" in page.locator("#context").inner_text()
    shot(page, "report-2000-hit")
    assert page.problems == []


def test_review_page_of_2000_documents(page, big):
    root, _, result = big
    assert len(result.diffs) > 100 and result.documents == CORPUS_SIZE
    page.goto((root / "review.html").as_uri())
    docs = page.locator("details.docdiff")
    assert docs.count() == len(result.diffs)
    assert page.locator("details.docdiff[open]").count() == 0           # collapsed
    assert page.locator("#doc-count").inner_text() == f"{len(result.diffs)} of {len(result.diffs)} documents"
    page.click("#toc a[href='#rule-spacing.dash']")
    section = page.locator("#rule-spacing\\.dash")
    assert section.is_visible() and "rule edited" in section.inner_text()
    rows = section.locator("table.pairs tbody tr")
    assert rows.count() == 2                                   # − em dash, + en dash
    assert "U+2014 EM DASH" in section.inner_text()
    section.locator("p.docs a").first.click()                  # a document of the rule opens
    page.wait_for_selector("details.docdiff[open]", timeout=10_000)   # its script runs after the click
    assert page.locator("details.docdiff[open]").count() == 1
    opened = page.locator("details.docdiff[open]")
    assert opened.locator(".window del").first.inner_text() == "—"    # the base wrote em dashes
    assert opened.locator(".window ins").first.inner_text() == "–"
    shot(page, "review-2000-rule")
    page.fill("#doc-search", "doc-0007.txt")
    page.wait_for_function("document.querySelector('#doc-count').textContent.startsWith('1 of')")
    page.fill("#doc-search", "")
    moved = page.locator("#moved")
    moved.locator("th", has_text="after").click()
    assert moved.locator("th", has_text="after").get_attribute("aria-sort") == "ascending"
    shot(page, "review-2000-hits")
    assert page.problems == []
