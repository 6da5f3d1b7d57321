"""The account behind a request, typed as the site's user model."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in account making `request`, for views only staff reach (the admin's); an
    anonymous visitor is refused there, as the admin itself refuses them."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user
