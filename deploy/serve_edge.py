"""`make serve-edge`: nginx in front of gunicorn for crisis days.

Anonymous page views are answered from an nginx cache with a short TTL (EDGE_TTL, default 10 s),
or, when a static mirror exists in var/mirror (made by `manage.py export_site var/mirror`) and
the app server is down or slow, from the mirror; everything else (forms, the admin, the API's
private parts, requests with a session cookie) is proxied. Data changes show within the TTL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("CHANCERY_VAR_DIR", ROOT / "var"))

TEMPLATE = """
worker_processes auto;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
daemon off;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    # The static files' and the mirror's types (nginx sends text/plain for anything unlisted).
    types {{ text/html html; text/css css; text/javascript js; application/json json map; image/svg+xml svg; image/png png; image/x-icon ico; application/rss+xml rss; application/atom+xml atom; text/vcard vcf; application/manifest+json webmanifest; }}
    keepalive_timeout 65;
    proxy_cache_path {run}/cache levels=1:2 keys_zone=pages:20m max_size=512m inactive=10m;
    upstream app {{ server {upstream}; keepalive 32; }}
    map $cookie_sessionid $skip_cache {{ default 1; "" 0; }}
    server {{
        listen {listen};
        location ~ "^/static/(?<name>.+[.][0-9a-f]{{12}}[.][A-Za-z0-9]+)$" {{ alias {static}/$name; expires 1y; add_header Cache-Control "public, immutable"; }}
        location /static/ {{ alias {static}/; expires 60s; add_header Cache-Control "public"; }}
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_cache pages;
            proxy_cache_methods GET HEAD;
            proxy_cache_key "$scheme$host$request_uri";
            proxy_cache_valid 200 {ttl}s;
            proxy_cache_bypass $skip_cache;
            proxy_no_cache $skip_cache;
            proxy_cache_lock on;
            proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
            proxy_cache_background_update on;
            add_header X-Edge-Cache $upstream_cache_status;
            proxy_intercept_errors on;
            error_page 502 503 504 = @mirror;
        }}
        location @mirror {{
            root {mirror};
            try_files $uri $uri/index.html =503;
        }}
    }}
}}
"""


def main() -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    app_port = int(os.environ.get("APP_PORT", str(port + 1)))
    run = Path(os.environ.get("EDGE_RUN_DIR", VAR / "edge"))
    (run / "cache").mkdir(parents=True, exist_ok=True)
    conf = run / "nginx.conf"
    conf.write_text(
        TEMPLATE.format(
            run=run,
            upstream=f"127.0.0.1:{app_port}",
            listen=f"{host}:{port}",
            static=VAR / "staticfiles",
            mirror=VAR / "mirror",
            ttl=int(os.environ.get("EDGE_TTL", "10")),
        ),
        encoding="utf-8",
    )
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "config/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{app_port}",
            "config.wsgi",
        ],
        cwd=ROOT,
    )
    time.sleep(2)
    edge = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(run)])
    print(f"edge: http://{host}:{port}/ → gunicorn on 127.0.0.1:{app_port}; config {conf}")

    def stop(*_: object) -> None:
        for process in (edge, app):
            process.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    edge.wait()
    app.send_signal(signal.SIGTERM)
    return app.wait()


if __name__ == "__main__":
    raise SystemExit(main())
