import pytest
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
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
        # Pages must work without JavaScript. The header is what the TLS-terminating proxy
        # sends in production; without it the settings would redirect http to https.
        context = browser.new_context(
            java_script_enabled=False, extra_http_headers={"X-Forwarded-Proto": "https"}
        )
        yield context.new_page()
        context.close()
        browser.close()
        connections.close_all()
