"""Browser fixtures: the app served over real HTTP from a thread, and Debian's Chromium driven
by Playwright (its own browser download is not reachable; `make test` installs `chromium`).

Screenshots and the accessibility report go to build/browser/ (see the README)."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from helpline import create_app

ROOT = Path(__file__).resolve().parent.parent
REPORT_DIR = ROOT / "build" / "browser"
WIDTHS = {"wide": 1280, "phone": 360}
SERIOUS = ("serious", "critical")


def chromium_path() -> str | None:
    """Debian's Chromium (or $CHROMIUM), if installed."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium",
                      "/usr/bin/chromium-browser"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session."""
    path = chromium_path()
    if path is None:
        if os.environ.get("HELPLINE_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium not installed but HELPLINE_REQUIRE_BROWSER=1: run "
                        "scripts/ensure-chromium (it installs Debian's chromium)", pytrace=False)
        pytest.skip("Chromium not installed: run scripts/ensure-chromium")
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=args)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def report_dir():
    """build/browser/, emptied once per session: screenshots/ and axe.json."""
    shutil.rmtree(REPORT_DIR, ignore_errors=True)
    (REPORT_DIR / "screenshots").mkdir(parents=True)
    findings: dict[str, list] = {}
    yield REPORT_DIR, findings
    (REPORT_DIR / "axe.json").write_text(json.dumps(findings, indent=2, sort_keys=True))


class LiveServer:
    """The app on 127.0.0.1:<port>, served by werkzeug in a thread."""

    def __init__(self, app) -> None:
        from werkzeug.serving import make_server

        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture
def live(tmp_path, sqlite_template, redis_url, instance):
    """The app on a fresh SQLite copy and the embedded Redis, over real HTTP."""
    from tests.conftest import app_config

    target = tmp_path / "helpline.db"
    shutil.copy(sqlite_template, target)
    app = create_app(app_config(f"sqlite:///{target}", redis_url))
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def live_session(live):
    """An autocommit session on the live app's database, for arranging and checking."""
    from tests.conftest import autocommit_session

    with autocommit_session(live.app) as s:
        yield s


@pytest.fixture
def page_at(browser, live):
    """A function: a new browser page of this width, with its base URL set to the app."""
    contexts = []

    def open_page(width: int = WIDTHS["wide"]):
        context = browser.new_context(base_url=live.url,
                                      viewport={"width": width, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical findings on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in SERIOUS]


def describe(violations: list[dict]) -> str:
    """The findings in a line each, for an assertion message."""
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — "
                     f"{[n['target'] for n in v['nodes']][:3]}" for v in violations)
