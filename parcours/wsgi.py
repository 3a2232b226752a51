"""WSGI entry point for gunicorn: ``gunicorn parcours.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parcours.settings")

application = get_wsgi_application()
