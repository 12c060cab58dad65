"""Redirect targets given by the visitor stay on this site."""

import pytest

HOSTILE_TARGETS = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "javascript:alert(1)",
    "https:evil.example",
    "http://testserver@evil.example/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_language_switch_refuses_foreign_next(client, target):
    response = client.post("/i18n/setlang/", {"language": "de", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"  # the home page, in the language just chosen


@pytest.mark.django_db
def test_language_switch_follows_a_same_site_next_in_the_new_language(client):
    response = client.post("/i18n/setlang/", {"language": "pl", "next": "/en/privacy/"})
    assert response.status_code == 302
    assert response["Location"] == "/pl/privacy/"
    assert response.cookies["django_language"].value == "pl"


@pytest.mark.django_db
@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_admin_login_refuses_foreign_next(client, django_user_model, target):
    django_user_model.objects.create_user("staff", password="a-long-pass-phrase", is_staff=True)
    response = client.post(
        f"/en/admin/login/?next={target}",
        {"username": "staff", "password": "a-long-pass-phrase", "next": target},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].startswith("javascript:")


@pytest.mark.django_db
def test_staff_set_their_password_through_an_emailed_link(client, django_user_model, mailoutbox):
    user = django_user_model.objects.create_user(
        "anna", email="anna@partner.example", is_staff=True
    )
    assert not user.has_usable_password()
    login = client.get("/de/admin/login/")
    assert 'href="/de/admin/password_reset/"' in login.content.decode()

    response = client.post("/de/admin/password_reset/", {"email": "anna@partner.example"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = next(line.strip() for line in mailoutbox[0].body.splitlines() if "/admin/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Greifswald-2027!", "new_password2": "Greifswald-2027!"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Greifswald-2027!")


@pytest.mark.django_db
def test_password_reset_requests_are_limited_per_address(client, settings, mailoutbox):
    settings.PASSWORD_RESET_RATE_LIMIT = 2
    for _attempt in range(2):
        response = client.post(
            "/pl/admin/password_reset/", {"email": "nobody@example.org"}, REMOTE_ADDR="192.0.2.4"
        )
        assert response.status_code == 302
    refused = client.post(
        "/pl/admin/password_reset/", {"email": "nobody@example.org"}, REMOTE_ADDR="192.0.2.4"
    )
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Z Twojego połączenia wysłano w krótkim czasie wiele formularzy" in html
    assert 'value="nobody@example.org"' in html  # the form is shown again as typed
    other = client.post(
        "/pl/admin/password_reset/", {"email": "nobody@example.org"}, REMOTE_ADDR="192.0.2.5"
    )
    assert other.status_code == 302
