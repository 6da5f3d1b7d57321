"""Local development and `make run`: the SQLite default, a generated secret kept in var/."""

from __future__ import annotations

import secrets

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR

if not SECRET_KEY:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _key_file = VAR_DIR / "secret_key"
    if not _key_file.exists():
        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()
