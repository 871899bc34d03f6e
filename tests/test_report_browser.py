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
