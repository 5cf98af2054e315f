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
# A request line (method, path and query) of at most 8190 bytes, gunicorn's largest: the idea
# board's search and similar-title parameters take 200 characters, which percent-encoded
# UTF-8 makes up to 2,400 bytes each (schemathesis sent a 4,700-byte line that 4094 refused
# before the API could answer in its envelope).
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", 8190))
limit_request_fields = int(os.environ.get("GUNICORN_LIMIT_REQUEST_FIELDS", 50))
limit_request_field_size = int(os.environ.get("GUNICORN_LIMIT_REQUEST_FIELD_SIZE", 8190))
# A worker silent this long is killed and replaced; with PostgreSQL and Redis bounded
# (pulse.settings: client timeouts and circuits) no request gets near it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 10
keepalive = 2
