"""WSGI entry point for gunicorn: ``gunicorn parcours.wsgi``.

Each process warms up before it serves (``core.warmup``: views imported,
catalogues read, templates compiled); ``PARCOURS_WARM_UP=false`` skips it."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parcours.settings")

application = get_wsgi_application()

if os.environ.get("PARCOURS_WARM_UP", "true").lower() not in {"0", "false", "no"}:
    from parcours.core.warmup import warm

    warm()
