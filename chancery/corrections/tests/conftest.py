"""Fixtures for the corrections tests: an empty rate-limit cache, moderators, clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with no submissions counted against any address."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="chief", email="chief@example.org", password="chief-password-not-real"
    )


@pytest.fixture
def admin_client_(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        username="editor", email="editor@example.org", password="editor-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client
