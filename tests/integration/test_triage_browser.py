"""The triage web app end to end in headless Chromium (Debian's package).

The server runs in this process (uvicorn in a thread, 127.0.0.1, a free
port) on a fresh copy of a seeded case database per test. Screenshots are
saved under tests/artifacts/ (gitignored); docs/img/triage-queue.png is a
copy of triage-queue.png from this test.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="needs the triage extra")
pytest.importorskip("selenium", reason="needs selenium (dev extra)")

from triage_web_helpers import PASSWORD, XSS_NOTE, SeededDatabase  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip(
        "browser tests skipped: Debian's chromium and chromium-driver are not "
        f"installed ({CHROMIUM}, {CHROMEDRIVER}); run `make system-packages` as root",
        allow_module_level=True,
    )

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import (  # noqa: E402
    NoAlertPresentException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1400,1000",
        "--lang=en-GB",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    return SeededDatabase(tmp_path_factory.mktemp("triage-browser"))


@pytest.fixture(scope="module")
def seeded_plain(tmp_path_factory):
    """Without the XSS case, for screenshots a reader will see."""
    return SeededDatabase(tmp_path_factory.mktemp("triage-plain"), xss=False)


@contextlib.contextmanager
def serving(seeded, tmp_path, browser):
    """(base URL, session factory) of a server on a fresh database copy."""
    from hatewatch.triage.web.app import create_app
    from hatewatch.triage.web.server import running

    engine, factory = seeded.copy(tmp_path)
    try:
        with running(create_app(factory=factory)) as base:
            browser.get(base + "login")
            browser.delete_all_cookies()
            yield base, factory
    finally:
        engine.dispose()


@pytest.fixture
def site(seeded, tmp_path, browser):
    with serving(seeded, tmp_path, browser) as served:
        yield served


@pytest.fixture
def plain_site(seeded_plain, tmp_path, browser):
    with serving(seeded_plain, tmp_path, browser) as served:
        yield served


def no_alert(driver) -> bool:
    try:
        _ = driver.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def shot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    return path


def gone(element):
    """Wait condition: ``element`` no longer belongs to the page.

    Selenium's ``staleness_of`` knows only ``StaleElementReferenceException``;
    while a page is being replaced, chromium can instead answer that the node
    "does not belong to the document", which means the same thing.
    """

    def predicate(_driver) -> bool:
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as exc:
            if "does not belong to the document" in str(exc):
                return True
            raise
        return False

    return predicate


def submit(driver, element) -> None:
    """Click something that loads a new page and wait until it has."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 30).until(gone(old))
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def log_in(driver, base: str, username: str) -> None:
    driver.get(base + "login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(driver, driver.find_element(By.ID, "login-submit"))
    assert driver.current_url.endswith("/queue"), driver.current_url


def log_out(driver) -> None:
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form.logout button"))
    assert "/login" in driver.current_url


def click(driver, element_id: str) -> None:
    """Click a submit button (waits for the next page)."""
    submit(driver, driver.find_element(By.ID, element_id))


def flash(driver) -> str:
    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, ".flash"))


def test_end_to_end_claim_label_second_review_escalate_export(browser, plain_site):
    base, _ = plain_site
    d = browser
    log_in(d, base, "alice")
    counts = d.find_element(By.ID, "counts").text
    assert "new 6" in counts
    first = d.find_elements(By.CSS_SELECTOR, "#queue tbody tr")[0]
    assert "Anna de Vries" in first.text and "0.97" in first.text

    submit(d, first.find_element(By.CSS_SELECTOR, "a.case-link"))
    case_url = d.current_url
    marks = [m.text for m in d.find_elements(By.CSS_SELECTOR, "#message-text mark")]
    assert marks == ["mes"]
    click(d, "btn-claim")
    assert "You hold this case now." in flash(d)
    assert d.find_element(By.ID, "case-holder").text == "alice"
    d.find_element(By.ID, "label-threat").click()  # a radio button: no new page
    click(d, "btn-label")
    assert d.find_element(By.ID, "case-label").text == "threat"
    # a threat needs a second reviewer before it is escalated
    click(d, "btn-escalate")
    assert "second reviewer must confirm" in d.find_element(By.ID, "action-error").text
    click(d, "btn-request-second")
    assert d.find_element(By.ID, "case-status").text == "second review"
    shot(d, "triage-case.png")
    log_out(d)

    log_in(d, base, "bob")
    d.get(case_url)
    click(d, "btn-confirm")
    assert d.find_element(By.ID, "case-status").text == "reviewed"
    shot(d, "triage-second-review.png")
    log_out(d)

    log_in(d, base, "alice")
    d.get(case_url)
    d.find_element(By.CSS_SELECTOR, "#escalate-channel option[value=aangifte]").click()
    click(d, "btn-escalate")
    assert "Escalation recorded." in flash(d)
    assert d.find_element(By.ID, "case-status").text == "escalated"
    click(d, "export-link")
    export = d.find_element(By.ID, "export").text
    for expected in (
        "Anna de Vries",
        "Police report (aangifte) by alice",
        "confirm: threat by bob",
        "request second review",
        "Europe/Amsterdam",
        "hatewatch-nl-bow-0.2.0",
    ):
        assert expected in export, expected
    history = d.find_elements(By.CSS_SELECTOR, "#export-history tbody tr")
    assert len(history) == 5  # claim, label, request, second review, escalate
    shot(d, "triage-export.png")
    d.get(base + "queue")
    assert "escalated 1" in d.find_element(By.ID, "counts").text
    assert shot(d, "triage-queue.png").stat().st_size > 10_000  # README's picture
    d.get(base + "dashboard")
    assert "Labelled cases: 1;" in d.find_element(By.ID, "dash-ttfr").text
    assert "100" in d.find_element(By.ID, "dash-agreement").text
    shot(d, "triage-dashboard.png")
    assert no_alert(d)


def test_xss_payloads_stay_inert_in_the_browser(browser, site):
    base, _ = site
    d = browser
    log_in(d, base, "alice")
    submit(d, d.find_element(By.CSS_SELECTOR, "a.case-link[href$='/7']"))
    d.find_element(By.ID, "note-text").send_keys(XSS_NOTE)
    click(d, "btn-note")
    assert "Note added." in flash(d)
    for path in ("queue", "cases/7", "cases/7/export"):
        d.get(base + path)
        assert no_alert(d), path
        # the payloads are shown as text, never parsed into elements
        assert d.find_elements(By.CSS_SELECTOR, "main script, main img, main svg") == []
        body = d.find_element(By.TAG_NAME, "main").text
        assert '<script>alert("xss-text")</script>' in body, path
    body = d.find_element(By.TAG_NAME, "main").text
    assert '<svg onload=alert("xss-name")>Piet' in body
    assert XSS_NOTE in body
    assert d.title.startswith("Case 7 export")
    shot(d, "triage-xss.png")


def test_conflict_message_when_someone_else_acted_first(browser, site):
    import httpx

    from triage_web_helpers import csrf_of, version_of

    base, _ = site
    d = browser
    log_in(d, base, "alice")
    d.get(base + "cases/2")
    # meanwhile bob claims the case from his own browser
    with httpx.Client(base_url=base) as bob:
        token = csrf_of(bob.get("/login").text)
        bob.post(
            "/login",
            data={"username": "bob", "password": PASSWORD, "csrf_token": token},
        )
        page = bob.get("/cases/2").text
        r = bob.post(
            "/cases/2/claim",
            data={"csrf_token": csrf_of(page), "version": version_of(page)},
        )
        assert r.status_code == 303
    d.find_element(By.ID, "note-text").send_keys("mijn aantekening")
    click(d, "btn-note")
    error = d.find_element(By.ID, "action-error").text
    assert error.startswith("Conflict: someone else changed case 2")
    assert d.find_element(By.ID, "case-holder").text == "bob"
    assert d.find_element(By.ID, "note-text").get_attribute("value") == (
        "mijn aantekening"
    )
    shot(d, "triage-conflict.png")
