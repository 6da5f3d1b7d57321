"""Who may moderate: anonymous users and staff without rights are kept out; the Editors group
moderates. Admin logins: Argon2 hashes and a lockout after repeated failures."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group, Permission
from django.test import Client
from pytest_django.asserts import assertRedirects

from chancery.corrections.models import Suggestion, SuggestionKind, SuggestionStatus
from chancery.directory.models import Mission

from .helpers import GERMANY_IN_RUSSIA, admin_action, mission, text

pytestmark = pytest.mark.django_db

QUEUE = "/admin/corrections/suggestion/"
CHANGES = "/admin/corrections/missionchange/"


@pytest.fixture
def pending() -> Suggestion:
    return Suggestion.objects.create(
        kind=SuggestionKind.CORRECTION,
        mission=mission(GERMANY_IN_RUSSIA),
        changes={"city": "Moskva"},
        email="someone@example.org",
    )


@pytest.fixture
def staff_client(django_user_model) -> Client:
    user = django_user_model.objects.create_user(
        username="intern", password="intern-password", is_staff=True
    )
    client = Client()
    client.force_login(user)
    return client


# --- access --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/admin/", QUEUE, CHANGES, "/admin/corrections/suggestion/1/change/"]
)
def test_anonymous_users_are_sent_to_the_login(client: Client, url: str) -> None:
    response = client.get(url)
    assertRedirects(response, f"/admin/login/?next={url}", fetch_redirect_response=False)


def test_anonymous_action_post_changes_nothing(client: Client, pending: Suggestion) -> None:
    response = admin_action(client, QUEUE, "accept", [pending.pk])
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    pending.refresh_from_db()
    assert pending.status == SuggestionStatus.PENDING


def test_public_users_are_not_staff(django_user_model, pending: Suggestion) -> None:
    user = django_user_model.objects.create_user(username="public", password="public-password")
    client = Client()
    client.force_login(user)
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_permissions_cannot_see_or_moderate(
    staff_client: Client, pending: Suggestion, mailoutbox
) -> None:
    assert staff_client.get("/admin/").status_code == 200
    assert staff_client.get(QUEUE).status_code == 403
    assert staff_client.get(f"{QUEUE}{pending.pk}/change/").status_code == 403
    assert staff_client.get(CHANGES).status_code == 403
    response = admin_action(staff_client, QUEUE, "accept", [pending.pk])
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == SuggestionStatus.PENDING
    assert mailoutbox == []
    index = text(staff_client.get("/admin/"))
    assert QUEUE not in index


def test_staff_who_may_only_view_cannot_moderate(
    django_user_model, pending: Suggestion, mailoutbox
) -> None:
    user = django_user_model.objects.create_user(
        username="viewer", password="viewer-password", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="view_suggestion"))
    client = Client()
    client.force_login(user)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert 'value="accept"' not in text(response)
    assert 'value="reject"' not in text(response)
    admin_action(client, QUEUE, "accept", [pending.pk])
    admin_action(client, QUEUE, "reject", [pending.pk], apply="1", reason="no")
    pending.refresh_from_db()
    assert pending.status == SuggestionStatus.PENDING
    assert mailoutbox == []


def test_editors_see_and_moderate_the_queue(
    editor_client: Client, editor, pending: Suggestion
) -> None:
    response = editor_client.get(QUEUE)
    assert response.status_code == 200
    page = text(response)
    for action in ("accept", "reject", "merge"):
        assert f'value="{action}"' in page
    assert "Correction: Embassy of Germany in Russia" in page
    assert editor_client.get(f"{QUEUE}{pending.pk}/change/").status_code == 200
    assert editor_client.get(CHANGES).status_code == 200
    assert (
        editor_client.get(f"/admin/directory/mission/{pending.mission_id}/change/").status_code
        == 200
    )

    admin_action(editor_client, QUEUE, "accept", [pending.pk])
    pending.refresh_from_db()
    assert pending.status == SuggestionStatus.ACCEPTED
    assert pending.decided_by == editor
    assert Mission.objects.get(pk=pending.mission_id).city == "Moskva"


def test_editors_cannot_delete_suggestions_or_manage_users(
    editor_client: Client, pending: Suggestion
) -> None:
    assert editor_client.get(f"{QUEUE}{pending.pk}/delete/").status_code == 403
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403
    assert editor_client.get(f"{QUEUE}add/").status_code == 403


# --- the roles -----------------------------------------------------------------------------------


def perms(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_editors_group_permissions() -> None:
    editors = perms(Group.objects.get(name="Editors"))
    assert "corrections.moderate_suggestion" in editors
    for expected in (
        "corrections.view_suggestion",
        "corrections.change_suggestion",
        "corrections.view_missionchange",
        "corrections.change_missionchange",
        "directory.view_mission",
        "directory.change_mission",
        "directory.add_mission",
        "countries.change_country",
    ):
        assert expected in editors, expected
    assert not any(p.split(".", 1)[1].startswith("delete_") for p in editors)
    assert not any(p.startswith("auth.") for p in editors)


def test_admins_group_has_every_permission() -> None:
    admins = perms(Group.objects.get(name="Admins"))
    assert "corrections.moderate_suggestion" in admins
    assert "auth.change_user" in admins
    assert "corrections.delete_suggestion" in admins
    everything = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    # A snapshot taken when the roles were created: the sessions app migrates later (harmless).
    assert {p.split(".")[0] for p in everything - admins} <= {"sessions"}
    assert {
        p for p in everything if p.startswith(("corrections.", "directory.", "axes."))
    } <= admins


def test_editor_user_has_the_moderate_permission(editor) -> None:
    assert editor.has_perm("corrections.moderate_suggestion")
    assert not editor.has_perm("auth.add_user")


# --- login lockout -------------------------------------------------------------------------------


def login(client: Client, username: str, password: str, **extra: str):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        **extra,
    )


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        username="moderator", password="right-password-42", is_staff=True, is_superuser=True
    )


def test_right_password_logs_in(staff_user) -> None:
    client = Client()
    response = login(client, "moderator", "right-password-42")
    assert response.status_code == 302
    assert logged_in(client)


def test_lockout_after_repeated_failures(settings, staff_user) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "moderator", "wrong-password")
        assert not logged_in(client)
    # Now even the right password is refused.
    response = login(client, "moderator", "right-password-42")
    assert response.status_code in (403, 429)
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302
    # The lock is on this username from this address: the user can still log in elsewhere.
    other = Client()
    response = login(other, "moderator", "right-password-42", REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 302
    assert logged_in(other)


def test_fewer_failures_do_not_lock(settings, staff_user) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "moderator", "wrong-password")
    response = login(client, "moderator", "right-password-42")
    assert response.status_code == 302
    assert logged_in(client)


# --- password hashing ----------------------------------------------------------------------------


def test_argon2_is_the_first_hasher_in_the_base_settings() -> None:
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert base.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert base.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert "axes" in base.INSTALLED_APPS
    assert base.AXES_FAILURE_LIMIT == 5


def test_argon2_is_installed_and_hashes_new_passwords(settings, django_user_model) -> None:
    from config.settings import base

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS  # the tests otherwise use MD5 for speed
    encoded = make_password("a password")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("a password", encoded)
    assert not check_password("another", encoded)
    user = django_user_model.objects.create_user(username="new-editor", password="pw-123-abc")
    assert user.password.startswith("argon2$")
