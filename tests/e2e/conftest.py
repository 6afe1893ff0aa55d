"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM calls between Playwright steps

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            # A fake camera and microphone, granted without a prompt, for the video answers.
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        ],
    }


@pytest.fixture
def log_in(live_server):
    """log_in(page, "username") signs in through the real form (password "pw")."""

    def sign_in(page, username: str, password: str = "pw") -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()

    return sign_in
