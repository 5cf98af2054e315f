"""gunicorn settings of Pulse: read by `gunicorn pulse.wsgi` run from the repository root
(the README's production recipe, bench/run.py, tests/servers.py). The command line sets
the bind address and the number of workers; everything here can be overridden there too.

Oversize requests are refused by gunicorn itself, before Django and the API's envelope
(SECURITY.md): a request line over `limit_request_line` bytes is a 414, more than
`limit_request_fields` headers or a header over `limit_request_field_size` bytes a 400.
"""

import os

wsgi_app = "pulse.wsgi"
worker_class = "sync"
# A request line (method, path and query) of at most 4 KiB: Pulse's longest URLs are far shorter.
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", 4094))
limit_request_fields = int(os.environ.get("GUNICORN_LIMIT_REQUEST_FIELDS", 50))
limit_request_field_size = int(os.environ.get("GUNICORN_LIMIT_REQUEST_FIELD_SIZE", 8190))
# A worker silent this long is killed and replaced; with PostgreSQL and Redis bounded
# (pulse.settings: client timeouts and circuits) no request gets near it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 10
keepalive = 2
