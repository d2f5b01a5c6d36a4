"""`respell report --html`: the page is self-contained, and in a real browser (Debian's chromium, headless,
driven by selenium and chromium-driver) it shows the documents, opens a finding's details on click, filters,
and exports decisions that `respell fix --decisions FILE` applies.  Also: the page renders text (a screenshot
that is not blank)."""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import sys
import zlib
from pathlib import Path

import pytest
from conftest import run_main

from respell.cli import main

NEWS = ("The company launched a new satellite tv for pc last week.\n"
        "Its engineers rely on synthetic intelligence and machine studying to plan orbits.\n"
        "The launch went well.\n")
SCIENCE = ("Our lab studies profound learning for images.\n"
           "The weather was mild today.\n"
           "We compare counterfeit consciousness with a neural organization baseline.\n")
CLEAN = "The committee met on Tuesday and approved the budget.\n"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    (tmp_path / "news.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "doc.txt").write_text(SCIENCE, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")

    def run(*args: str) -> tuple[int, str, str]:
        return run_main(capsys, *args)
    return run


def page_data(page: str) -> list[dict]:
    m = re.search(r'<script type="application/json" id="respell-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1).replace("<\\/", "</"))["findings"]


def test_the_page_is_self_contained_and_holds_every_finding(cli, tmp_path: Path) -> None:
    code, out, err = cli("report", "--html", "out.html", "news.txt", "doc.txt", "clean.txt")
    assert code == 1 and out == ""
    assert err == "respell: wrote out.html (6 findings in 3 files)\n"
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:|//)', page)  # no external asset
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # and the browser is told to fetch nothing
    assert [(d["path"], d["line"], d["column"], d["text"], d["replacement"]) for d in page_data(page)] == [
        ("news.txt", 1, 28, "satellite tv for pc", "satellite"),
        ("news.txt", 2, 23, "synthetic intelligence", "artificial intelligence"),
        ("news.txt", 2, 50, "machine studying", "machine learning"),
        ("doc.txt", 1, 17, "profound learning", "deep learning"),
        ("doc.txt", 3, 12, "counterfeit consciousness", "artificial intelligence"),
        ("doc.txt", 3, 45, "neural organization", "neural network")]
    assert "3 files, 6 findings, 6 fixable; 0 report-only" in page


def test_an_unreadable_input_is_one_error_line_and_the_page_holds_the_others(cli, tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"Not \xff UTF-8.\n")
    code, out, err = cli("report", "--html", "out.html", "news.txt", "bad.txt", "missing.txt")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "respell: error: missing.txt: no such file or directory",
        "respell: error: bad.txt: not valid UTF-8 (byte 0xff at offset 4); convert it to UTF-8 first",
        "respell: wrote out.html (3 findings in 1 file)"]
    assert {d["path"] for d in page_data((tmp_path / "out.html").read_text(encoding="utf-8"))} == {"news.txt"}


def test_fix_applies_exported_decisions_and_remembers_the_rejections(cli, tmp_path: Path) -> None:
    cli("report", "--html", "out.html", "news.txt")
    rows = page_data((tmp_path / "out.html").read_text(encoding="utf-8"))
    # what the page exports: accept the first, reject the second, leave the third to the threshold
    exported = {"version": 1, "decisions": [
        {"key": rows[0]["key"], "decision": "accept", "text": rows[0]["text"], "path": "news.txt"},
        {"key": rows[1]["key"], "decision": "reject", "text": rows[1]["text"], "path": "news.txt"}]}
    (tmp_path / "d.json").write_text(json.dumps(exported), encoding="utf-8")
    code, _, err = cli("fix", "--decisions", "d.json", "news.txt")
    assert code == 1 and err == "respell: fixed news.txt (2 edits)\n"
    assert (tmp_path / "news.txt").read_text(encoding="utf-8") == NEWS.replace(
        "satellite tv for pc", "satellite").replace("machine studying", "machine learning")
    # the rejection now lives in the project's decisions file: check does not report it again
    assert cli("check", "news.txt") == (0, "", "")
    code, _, err = cli("fix", "--decisions", "missing.json", "news.txt")
    assert code == 2 and err == "respell: error: missing.json: no such decisions file\n"
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    code, _, err = cli("fix", "--decisions", "bad.json", "news.txt")
    assert code == 2 and err.startswith("respell: error: bad.json: not a respell decisions file (")


# ------------------------------------------------------------------------------------------- in a browser

def _browser(tmp_path: Path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_bin = shutil.which("chromedriver")
    if not chromium or not driver_bin:
        pytest.skip("Debian's chromium and chromium-driver are not installed (.ci/run installs them: "
                    "apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (the test extra) is not installed")
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1280,900"):
        opts.add_argument(arg)
    return webdriver.Chrome(service=Service(executable_path=driver_bin), options=opts)


def _png_distinct_bytes(png: bytes) -> int:
    """How many distinct byte values the image's pixel data holds: a blank page has very few."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(png):
        (length,), kind = struct.unpack(">I", png[pos:pos + 4]), png[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += png[pos + 8:pos + 8 + length]
        pos += 12 + length
    return len(set(zlib.decompress(idat)))


def test_in_chromium_click_decide_filter_and_export(cli, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    cli("report", "--html", "out.html", "news.txt", "doc.txt", "clean.txt")
    browser = _browser(tmp_path)
    try:
        browser.get((tmp_path / "out.html").as_uri())
        marks = browser.find_elements(By.CSS_SELECTOR, "mark.f")
        assert [m.find_element(By.TAG_NAME, "del").text for m in marks] == [
            "satellite tv for pc", "synthetic intelligence", "machine studying", "profound learning",
            "counterfeit consciousness", "neural organization"]
        rows = browser.find_elements(By.CSS_SELECTOR, "#summary tbody tr")
        assert [r.text for r in rows] == ["news.txt 3 3 0.91 spun", "doc.txt 3 3 0.88 spun",
                                          "clean.txt 0 0 0.02 not spun"]
        assert "known news spinner" in marks[0].get_attribute("title")  # shown on hover
        details = browser.find_element(By.ID, "details")
        assert not details.is_displayed()
        marks[0].click()
        assert details.is_displayed()
        assert details.find_element(By.CSS_SELECTOR, ".where").text == "news.txt:1:28"
        assert details.find_element(By.CSS_SELECTOR, ".change").text == "satellite tv for pc → satellite"
        assert details.find_element(By.CSS_SELECTOR, ".confidence").text == "1.00 (fix applies it)"
        assert details.find_element(By.CSS_SELECTOR, ".reason").text == 'known news spinner for "satellite"'
        browser.find_element(By.ID, "accept").click()
        assert marks[0].get_attribute("data-decision") == "accept"
        assert marks[0].text == "satellite tv for pcsatellite"  # the replacement is shown inline once accepted
        marks[4].click()
        browser.find_element(By.ID, "reject").click()
        # filters: one rule off, then a confidence floor
        browser.find_element(By.CSS_SELECTOR, "input.rule[value=fingerprint]").click()
        assert "hidden" in marks[0].get_attribute("class")
        assert browser.find_element(By.ID, "shown-count").text == "4"  # two of the six are fingerprints
        browser.find_element(By.CSS_SELECTOR, "input.rule[value=fingerprint]").click()
        browser.execute_script("const r = document.getElementById('min-conf'); r.value = '0.99';"
                               "r.dispatchEvent(new Event('input'));")
        hidden = [m.find_element(By.TAG_NAME, "del").text for m in marks if "hidden" in m.get_attribute("class")]
        # every finding but "satellite tv for pc" (0.999) is under 0.99 (0.979-0.989; the slider's step is 0.01)
        assert hidden == ["synthetic intelligence", "machine studying", "profound learning",
                          "counterfeit consciousness", "neural organization"]
        browser.find_element(By.ID, "download").click()
        exported = json.loads(browser.find_element(By.ID, "export").get_attribute("value"))
        png = browser.get_screenshot_as_png()
        browser.get("about:blank")
        blank = browser.get_screenshot_as_png()
    finally:
        browser.quit()
    assert [(d["decision"], d["text"]) for d in exported["decisions"]] == [
        ("accept", "satellite tv for pc"), ("reject", "counterfeit consciousness")]
    assert _png_distinct_bytes(png) > 4 * _png_distinct_bytes(blank)  # text rendered, not a blank page
    # the exported file is what fix applies
    (tmp_path / "decisions.json").write_text(json.dumps(exported), encoding="utf-8")
    assert cli("fix", "--decisions", "decisions.json", "news.txt", "doc.txt")[0] == 1
    assert (tmp_path / "news.txt").read_text(encoding="utf-8") == NEWS.replace(
        "satellite tv for pc", "satellite").replace("synthetic intelligence", "artificial intelligence").replace(
        "machine studying", "machine learning")
    assert (tmp_path / "doc.txt").read_text(encoding="utf-8") == SCIENCE.replace(
        "profound learning", "deep learning").replace("neural organization", "neural network")
