"""The report page in a real browser: headless Debian chromium.

Renders report.html at a laptop width (1280 px) and a phone width (390 px)
and measures the laid-out page: nothing wider than the window, every table
inside its scroll box, readable headers. Skips with a message when chromium
or chromedriver is missing (install them with `make system-packages`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from hatewatch import simulate
from hatewatch.report import write_report

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="chromium/chromedriver not installed (run `make system-packages`)",
)

WIDTHS = {"laptop": 1280, "phone": 390}


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    sim = simulate.simulate_corpus(n_messages=20_000, seed=4)
    # one party with a single recipient: its interval must not be zero-width
    roster = sim.roster.copy()
    roster.loc[0, "party"] = "Eenmansfractie"
    out = folder / "report.html"
    data = write_report(
        sim.messages, out, roster=roster, validation=sim.validation, n_boot=200
    )
    codes = {str(c) for t in data.tables.values() for c in t.columns if "_" in str(c)}
    (folder / "codes.txt").write_text("\n".join(sorted(codes)))
    return out


def _driver(width: int):  # noqa: ANN202
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={width},900",
    ):
        options.add_argument(arg)
    service = webdriver.ChromeService(executable_path=CHROMEDRIVER)
    return webdriver.Chrome(options=options, service=service)


MEASURE = """
const vw = document.documentElement.clientWidth;
const boxes = [...document.querySelectorAll('div.scroll')].map(d => ({
    box: d.getBoundingClientRect().right,
    table: d.querySelector('table').scrollWidth,
    client: d.clientWidth,
}));
const loose = [...document.querySelectorAll('table')].filter(
    t => !t.parentElement.classList.contains('scroll')).length;
const imgs = [...document.querySelectorAll('img')].map(
    i => i.getBoundingClientRect().right);
const headers = [...document.querySelectorAll('th')].map(t => t.textContent);
return {vw: vw, page: document.documentElement.scrollWidth, boxes: boxes,
        loose: loose, imgs: imgs, headers: headers,
        tables: document.querySelectorAll('table').length};
"""


@pytest.mark.parametrize("device", sorted(WIDTHS))
def test_report_fits_the_window(report_html: Path, device: str, tmp_path) -> None:
    driver = _driver(WIDTHS[device])
    try:
        driver.get(report_html.as_uri())
        m = driver.execute_script(MEASURE)
        driver.save_screenshot(str(tmp_path / f"{device}.png"))
    finally:
        driver.quit()
    assert m["tables"] > 10
    # the page never scrolls sideways: wide tables scroll inside their box
    assert m["page"] <= m["vw"], m
    assert m["loose"] == 0
    assert all(b["box"] <= m["vw"] + 1 for b in m["boxes"]), m["boxes"]
    assert all(right <= m["vw"] + 1 for right in m["imgs"])
    if device == "laptop":
        # the headline tables fit without scrolling at 1280 px
        assert m["boxes"][0]["table"] <= m["boxes"][0]["client"] + 1
    # readable headers, not code names (data values such as an office may
    # head a column of a table shown on its side)
    codes = set((report_html.parent / "codes.txt").read_text().split())
    assert "top_share_of_hostile_among_hostile" in codes
    assert not [h for h in m["headers"] if h.strip() in codes]
    assert (tmp_path / f"{device}.png").stat().st_size > 10_000


def test_chromium_screenshot_command(report_html: Path, tmp_path) -> None:
    """The plain command line a reader can run to look at the page."""
    shot = tmp_path / "phone.png"
    run = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--screenshot={shot}",
            "--window-size=390,2000",
            report_html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert shot.read_bytes()[:4] == b"\x89PNG"


def test_one_recipient_party_has_no_zero_width_interval(report_html: Path) -> None:
    text = report_html.read_text()
    assert "Eenmansfractie" in text
    row = text[text.index("<td>Eenmansfractie</td>") :]
    row = row[: row.index("</tr>")]
    assert "no between-person interval" in row
