"""The production static pipeline (collectstatic + whitenoise manifest) serves
every asset the pages use, from the project itself."""

from __future__ import annotations

import os
import subprocess
import sys


def test_collectstatic_then_a_page_renders_with_fingerprinted_assets(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PARCOURS_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env |= {
        "PARCOURS_DATA_DIR": str(tmp_path),
        "PARCOURS_TESTING": "0",
        "DEBUG": "false",
        # Its own throwaway database, whatever database the suite runs on.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'static-check.sqlite3'}",
    }
    subprocess.run(
        [sys.executable, "-m", "parcours", "collectstatic", "--noinput", "--verbosity", "0"],
        env=env,
        check=True,
    )
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "from django.test.utils import setup_test_environment\n"
        "setup_test_environment()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "c = Client()\n"
        "html = c.get('/fr/login/').content.decode()\n"
        "import re\n"
        'css = re.findall(r\'href="(/static/[^"]+\\.css)"\', html)\n'
        "assert len(css) == 2, css\n"
        'for url in css + re.findall(r\'src="(/static/[^"]+\\.js)"\', html):\n'
        "    assert re.search(r'\\.[0-9a-f]{12}\\.', url), url\n"
        "    body = b''.join(c.get(url).streaming_content)\n"
        "    assert len(body) > 300, url\n"
        "print('ok', len(css))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env | {"DJANGO_SETTINGS_MODULE": "parcours.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok 2")
