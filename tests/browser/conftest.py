import os
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
BROWSER_MARKS = [
    pytest.mark.browser,
    # The live server is built once, before the per-test settings; its WhiteNoise looks for
    # collected files that tests never collect. Its static handler serves static/ instead.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def playwright_expect():
    """Playwright's ``expect``. Without Chromium the calling test module is skipped, saying
    why, except where NEWSARCHIVE_REQUIRE_BROWSER=1 (.ci/run sets it): there the missing
    browser is a failure. Playwright itself is a locked dev dependency, so a failed import
    is always a failure. Call at module level."""
    if not os.path.exists(CHROMIUM):
        reason = (f"Debian chromium not installed at {CHROMIUM}; run `apt-get install -y "
                  "chromium` (as .ci/run does)")
        if os.environ.get("NEWSARCHIVE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason, allow_module_level=True)
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return expect


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def page(live_server, transactional_db):
    """A tab with JavaScript off: the public pages must work without it."""
    yield from _tab(javascript=False)


@pytest.fixture
def js_page(live_server, transactional_db):
    """A tab with JavaScript on, for the admin's keyboard use. It speaks plain http with no
    proxy header: a form posted from http://localhost must pass Django's CSRF origin check,
    which a request claiming to be https would fail (tests turn the https redirect off,
    tests/envdefaults.py)."""
    yield from _tab(javascript=True, proxy_https=False)


HANG_REPORT_AFTER = 20  # seconds; Playwright gives up on a navigation after 30


def _hang_report(started: float) -> str:
    """What every thread of this process is doing and what the database sessions wait for:
    printed when a browser test runs long, so that a hang in CI says where it hangs."""
    import sys
    import traceback

    lines = [f"browser test still running after {time.monotonic() - started:.0f} s"]
    names = {t.ident: t.name for t in threading.enumerate()}
    for ident, frame in sys._current_frames().items():
        lines.append(f"--- thread {names.get(ident, ident)}")
        lines.extend(line.rstrip() for line in traceback.format_stack(frame)[-12:])
    try:
        import psycopg

        params = connections["default"].get_connection_params()
        with psycopg.connect(**params, autocommit=True, connect_timeout=5) as db:
            rows = db.execute(
                "SELECT pid, state, wait_event_type, wait_event, left(query, 160), "
                "pg_blocking_pids(pid) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()").fetchall()
        lines.append("--- database sessions (pid, state, wait, query, blocked by)")
        lines.extend(repr(row) for row in rows)
    except Exception as error:  # noqa: BLE001 - a report must never fail the test itself
        lines.append(f"--- database sessions not read: {error!r}")
    return "\n".join(lines)


@pytest.fixture(autouse=True)
def report_a_hang(request):
    """After HANG_REPORT_AFTER seconds of one browser test, write a report of the threads and
    database sessions to test-artifacts/browser/ and to stderr (shown with a failure)."""
    if "page" not in request.fixturenames and "js_page" not in request.fixturenames:
        yield
        return
    started = time.monotonic()
    path = SCREENSHOTS / f"hang-{request.node.name}.txt"

    def report():
        text = _hang_report(started)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(text, file=sys.stderr)

    timer = threading.Timer(HANG_REPORT_AFTER, report)
    timer.daemon = True
    timer.start()
    yield
    timer.cancel()


def _tab(*, javascript: bool, proxy_https: bool = True):
    """A headless Chromium tab for one test.

    Playwright's sync API keeps an asyncio loop running on this thread. Django refuses ORM
    calls from a thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set, and
    keeps the connections opened meanwhile apart from the thread's usual ones. Those are
    closed before the loop stops, or they would outlive the test and keep the test database
    from being dropped. Asking for `transactional_db` here makes its flush wait until then.
    """
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        # The header is what the TLS-terminating proxy sends in production; the settings
        # believe it only with NEWSARCHIVE_PROXY_COUNT set (README, configuration).
        context = browser.new_context(
            java_script_enabled=javascript,
            extra_http_headers={"X-Forwarded-Proto": "https"} if proxy_https else {},
        )
        tab = context.new_page()
        # One navigation in CI once waited past Playwright's 30 s for a page the server answers
        # in under a second (cause not yet known; report_a_hang writes what it waited on after
        # HANG_REPORT_AFTER seconds): a page is given 60 s before the test fails.
        tab.set_default_navigation_timeout(60_000)
        # Chromium reports what the Content-Security-Policy blocked on the console, with
        # JavaScript on or off: every browser test fails on a violation (tests/test_security.py
        # checks the header itself).
        tab.csp_violations = []
        tab.on("console", lambda message: tab.csp_violations.append(message.text)
               if "Content Security Policy" in message.text else None)
        yield tab
        violations = tab.csp_violations
        context.close()
        browser.close()
        connections.close_all()
    assert not violations, f"the Content-Security-Policy blocked: {violations}"
