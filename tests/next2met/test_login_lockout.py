"""Admin logins are locked out after a few failures, per user name and client address."""

import pytest

pytestmark = pytest.mark.django_db

PASSWORD = "Greifswald-2027!"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("anna", password=PASSWORD, is_staff=True)


def login(client, password, language="en", **headers):
    return client.post(
        f"/{language}/admin/login/?next=/{language}/admin/",
        {"username": "anna", "password": password},
        **headers,
    )


def fail_until_locked(client, settings, **headers):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, "wrong", **headers)
        assert response.status_code == 200  # the login form again, with an error
    assert login(client, "wrong", **headers).status_code == 429


def test_lockout_after_the_failure_limit_even_with_the_right_password(client, staff, settings):
    fail_until_locked(client, settings, REMOTE_ADDR="198.51.100.7")
    response = login(client, PASSWORD, language="de", REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="de"' in html
    assert "Zu viele fehlgeschlagene Anmeldungen" in html
    assert "_auth_user_id" not in client.session


def test_the_same_user_from_another_address_is_not_locked_out(client, staff, settings):
    fail_until_locked(client, settings, REMOTE_ADDR="198.51.100.7")
    response = login(client, PASSWORD, REMOTE_ADDR="198.51.100.8")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_behind_a_proxy_the_configured_header_identifies_the_client(client, staff, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    fail_until_locked(client, settings, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    locked = login(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert locked.status_code == 429
    # A forged left-most entry does not let the attacker escape the lock.
    forged = login(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5", **proxy)
    assert forged.status_code == 429
    # Another client behind the same proxy logs in.
    other = login(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)
    assert other.status_code == 302


def test_a_successful_login_resets_the_failure_count(client, staff, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "wrong", REMOTE_ADDR="198.51.100.9")
    assert login(client, PASSWORD, REMOTE_ADDR="198.51.100.9").status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "wrong", REMOTE_ADDR="198.51.100.9")
    assert login(client, PASSWORD, REMOTE_ADDR="198.51.100.9").status_code == 302
