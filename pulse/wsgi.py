"""WSGI entry point (gunicorn pulse.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pulse.settings")
application = get_wsgi_application()
