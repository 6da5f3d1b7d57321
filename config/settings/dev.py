"""Local development and `make run`: the SQLite default, a generated secret kept in var/."""

from __future__ import annotations

import secrets

from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]

from .base import *  # noqa: F403
from .base import SECRET_KEY, STORAGES, VAR_DIR

if not SECRET_KEY:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _key_file = VAR_DIR / "secret_key"
    if not _key_file.exists():
        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()


class PlainUntilCollectedStorage(CompressedManifestStaticFilesStorage):
    """Hashed names once `collectstatic` has written the manifest (`make run` and the browser
    tests collect first); before that, and for a file added since, the plain name, so that a
    server started straight from a checkout (`manage.py runserver`, the serving tests) renders
    its pages instead of failing on every `{% static %}`. Production keeps the strict storage
    of base.py."""

    def url(self, name: str | None, force: bool = False) -> str:
        if self.hashed_files:
            try:
                return super().url(name, force)
            except ValueError:  # not in the manifest: collected before the file was added
                pass
        return StaticFilesStorage.url(self, name)


STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "config.settings.dev.PlainUntilCollectedStorage"},
}
