"""gunicorn settings for ``make serve`` and the systemd unit; the environment picks the numbers.

WEB_CONCURRENCY  worker processes (default 2)
PORT             port to listen on (default 8000)
BIND_ADDRESS     address to listen on (default 127.0.0.1: a proxy on the same machine)
"""

import os

wsgi_app = "prepsite.wsgi:application"
bind = [f"{os.environ.get('BIND_ADDRESS', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Pages answer in milliseconds; a worker stuck this long is stuck, and gunicorn replaces it.
timeout = 30
graceful_timeout = 20
# The proxy in front holds slow clients; keep-alive only needs to outlast its reuse.
keepalive = 5
# Workers are replaced now and then, so a slow leak never grows without bound.
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
