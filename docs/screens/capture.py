"""The screenshots of docs/front-line.md, taken from the demo.

Loads the demo into a database of its own (SQLite in a temporary folder),
serves it with gunicorn on loopback as ``make demo`` does, signs in demo
staff in Debian's Chromium (Playwright) and saves, in this folder, the
screens the user's guide shows: the Clients search, a walk-in visit, the
client file (laptop and phone), the worklist, a shelter's nightly list, an
administrator adding staff and the by-name list. Run it again after changing
one of these screens:

    .venv/bin/python docs/screens/capture.py [--keep DIR]

``--keep DIR`` keeps the demo's data folder in DIR (and reuses it when it
is already there, skipping the four minutes of ``seed_demo``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess  # nosec B404 - starts Parcours' own commands
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
# Playwright's sync API runs an event loop in this thread; the ORM reads made
# here between pages are safe (the server is another process).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
LAPTOP = {"width": 1280, "height": 820}
PHONE = {"width": 360, "height": 740}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _parcours(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "parcours"), *args], env=env, check=True)  # nosec B603


def _people() -> dict[str, Any]:
    """Who signs in for which screen, and the records they show."""
    from django.db.models import Count

    from parcours import access
    from parcours.accounts.models import User
    from parcours.beds.models import Site

    staff = User.objects.filter(is_active=True).exclude(password="").order_by("email")
    worker = next(
        u
        for u in staff.filter(program_memberships__program__kind="icm").distinct()
        if access.clients_visible_to(u).exists()
    )
    client = (
        access.clients_visible_to(worker)
        .filter(is_anonymous=False, visits__isnull=False)
        .annotate(n=Count("visits"))
        .order_by("-n", "family_name")
        .first()
    )
    site = Site.objects.filter(rooms__beds__isnull=False).distinct().order_by("name").first()
    assert client is not None and site is not None
    shelter = staff.filter(organization=site.program.organization, is_org_admin=False).first()
    admin = staff.filter(is_org_admin=True, organization=worker.organization).first()
    coordinator = next(u for u in staff if access.sees_network_counts(u))
    reviewer = next(u for u in staff if access.can_view_stigma_report(u))
    return {
        "reviewer": reviewer,
        "worker": worker,
        "client": client,
        "site": site,
        "shelter": shelter or staff.filter(organization=site.program.organization).first(),
        "admin": admin,
        "coordinator": coordinator,
    }


def _sign_in(page: Any, base: str, user: Any, language: str) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from parcours import access
    from parcours.demo.network import DEMO_PASSWORD

    device = None
    if access.two_factor_required(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="Screens", confirmed=True)
    page.goto(f"{base}/{language}/login/")
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#id_password").press("Enter")
    if device is not None:
        page.wait_for_url("**/two-factor/**")
        page.locator("#id_code").fill(f"{totp(device.bin_key):06d}")
        page.locator("#verify-button").click()
    try:
        page.wait_for_url(f"**/{language}/")
    except Exception:
        page.screenshot(path="/tmp/screens-failed-sign-in.png")
        raise SystemExit(f"{user.email} did not sign in: {page.url}") from None


def _shoot(
    browser: Any, base: str, user: Any, shots: list[tuple[str, str, str, dict[str, int]]]
) -> None:
    """Each (file name, language, path, viewport) as ``user``."""
    for name, language, path, viewport in shots:
        context = browser.new_context(locale=f"{language}-CA", viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(20_000)
        _sign_in(page, base, user, language)
        page.goto(f"{base}/{language}{path}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(HERE / f"{name}.png"))
        print(f"  {name}.png  {user.email}  /{language}{path}", flush=True)
        context.close()


def run(keep: Path | None) -> None:
    data_dir = keep or Path(tempfile.mkdtemp(prefix="parcours-screens-"))
    seeded = keep is not None and (keep / "static").is_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PARCOURS_DATA_DIR": str(data_dir), "LOGIN_LOCKOUT_ENABLED": "false"}
    env.pop("DATABASE_URL", None)
    server = None
    try:
        if not seeded:
            _parcours(env, "migrate", "--noinput", "--verbosity", "0")
            _parcours(env, "seed_demo")
        _parcours(env, "collectstatic", "--noinput", "--verbosity", "0")
        port = _free_port()
        server = subprocess.Popen(  # nosec B603
            [
                str(BIN / "gunicorn"),
                "parcours.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/fr/login/", timeout=2)  # nosec B310
                break
            except OSError:
                time.sleep(0.3)
        os.environ["PARCOURS_DATA_DIR"] = env["PARCOURS_DATA_DIR"]
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parcours.settings")
        import django

        django.setup()
        from django.urls import reverse
        from django.utils import translation
        from playwright.sync_api import sync_playwright

        who = _people()
        client = who["client"]
        with translation.override(None):

            def path(name: str, **kwargs: Any) -> str:
                url = reverse(name, kwargs=kwargs or None)
                return "/" + url.split("/", 2)[2] if url.startswith(("/fr/", "/en/")) else url

            search = path("clients:list") + "?q=" + client.family_name
            chromium = shutil.which("chromium") or shutil.which("chromium-browser")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=["--headless=new", "--no-sandbox"]
                )
                _shoot(
                    browser,
                    base,
                    who["worker"],
                    [
                        ("search-fr", "fr", search, LAPTOP),
                        ("visit-fr", "fr", path("clients:visit_new", client_id=client.pk), LAPTOP),
                        ("file-en", "en", path("clients:detail", client_id=client.pk), LAPTOP),
                        ("file-phone-fr", "fr", path("clients:detail", client_id=client.pk), PHONE),
                        (
                            "file-plan-en",
                            "en",
                            path("clients:detail", client_id=client.pk) + "?tab=care",
                            LAPTOP,
                        ),
                        ("worklist-en", "en", path("casework:worklist"), LAPTOP),
                    ],
                )
                _shoot(
                    browser,
                    base,
                    who["shelter"],
                    [("nightly-fr", "fr", path("beds:nightly", site_id=who["site"].pk), LAPTOP)],
                )
                if who["admin"] is not None:
                    _shoot(
                        browser,
                        base,
                        who["admin"],
                        [("staff-new-en", "en", path("accounts:staff_new"), LAPTOP)],
                    )
                _shoot(
                    browser,
                    base,
                    who["coordinator"],
                    [("by-name-list-fr", "fr", path("reports:by_name_list"), LAPTOP)],
                )
                _shoot(
                    browser,
                    base,
                    who["reviewer"],
                    [("stigma-report-en", "en", path("community:stigma_report"), LAPTOP)],
                )
                browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if keep is None:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="keep (or reuse) the demo's data folder here")
    run(parser.parse_args().keep)
