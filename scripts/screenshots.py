"""Regenerate the README's screenshots: `respell review` on a spun sample (Textual's SVG screenshot of a headless
session) and the HTML report of the samples (headless Debian chromium through selenium).  Both show only the
project's own sample texts (samples/), never third-party text.

    pip install -e '.[test]' && apt-get install chromium chromium-driver && python scripts/screenshots.py

Writes docs/review.svg and docs/report.png.  Nothing is written to the inputs: the review runs on a copy and
quits without writing.

    python scripts/screenshots.py --seed OUT.svg

renders the same review of the seed article (../shared/seeds/spun_article.txt) to OUT.svg instead, for a look at
the real spun page: the picture holds the article's text, which is third-party, so it is not committed (keep
OUT outside the repository).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "spun_science.txt"
DOCS = ROOT / "docs"


def review_svg(out: Path, sample: Path = SAMPLE) -> None:
    from respell.review import review_app, session_for
    from respell.runner import Settings
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(sample, Path(tmp) / sample.name)
        old = os.getcwd()
        os.chdir(tmp)
        try:
            session = session_for([sample.name], Settings.build())
            app = review_app(session)

            async def shoot() -> None:
                async with app.run_test(size=(118, 26)) as pilot:
                    await pilot.press("a", "a")  # two accepted: the third finding is shown, with the tally
                    await pilot.pause()
                    app.save_screenshot(filename=out.name, path=str(out.parent))
            asyncio.run(shoot())
        finally:
            os.chdir(old)
    print(f"wrote {out}")


def report_png(out: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    from respell.cli import main
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        old = os.getcwd()
        os.chdir(ROOT)
        try:
            main(["report", "--html", str(page), "samples/spun_news.txt", "samples/spun_science.txt",
                  "samples/clean_news.txt"])
        finally:
            os.chdir(old)
        opts = webdriver.ChromeOptions()
        opts.binary_location = shutil.which("chromium") or "chromium"
        for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    f"--user-data-dir={Path(tmp) / 'profile'}", "--window-size=1280,860", "--hide-scrollbars"):
            opts.add_argument(arg)
        browser = webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver") or "chromedriver"),
                                   options=opts)
        try:
            browser.get(page.as_uri())
            marks = browser.find_elements(By.CSS_SELECTOR, "mark.f")
            marks[0].click()
            browser.find_element(By.ID, "accept").click()
            marks[3].click()
            browser.find_element(By.ID, "reject").click()
            marks[1].click()
            out.write_bytes(browser.get_screenshot_as_png())
        finally:
            browser.quit()
    print(f"wrote {out}")


def main() -> int:
    if sys.argv[1:2] == ["--seed"] and len(sys.argv) == 3:
        seed = ROOT.parent / "shared" / "seeds" / "spun_article.txt"
        out = Path(sys.argv[2]).resolve()
        if not seed.is_file():
            sys.exit(f"screenshots: {seed} not found")
        if ROOT in out.parents:
            sys.exit("screenshots: write the seed's picture outside the repository (its text is third-party)")
        review_svg(out, seed)
        return 0
    DOCS.mkdir(exist_ok=True)
    review_svg(DOCS / "review.svg")
    report_png(DOCS / "report.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
