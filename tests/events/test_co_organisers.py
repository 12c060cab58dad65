"""Staff of an event's co-organisers see and export its registrations, read-only; they never
change them or the event, and staff of other organisations see nothing."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from events.models import Registration, RegistrationStatus
from partners.models import MembershipRole
from tests.events.factories import EventFactory, RegistrationFactory
from tests.partners.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(org_a, org_b):
    """An event of A co-organised by B with two registrations, and an event of A alone."""
    event = EventFactory(organiser=org_a, title_en="Joint workshop")
    event.co_organisers.add(org_b)
    registrations = [
        RegistrationFactory(event=event, last_name=name, status=RegistrationStatus.PENDING)
        for name in ("Kowalska", "Schulz")
    ]
    RegistrationFactory(event=EventFactory(organiser=org_a), last_name="Private")
    return event, registrations


@pytest.fixture
def staff_b(org_b):
    return MembershipFactory(organisation=org_b, role=MembershipRole.MANAGER).user


def changelist(client):
    return client.get(reverse("admin:events_registration_changelist"))


def test_co_organisers_see_the_registrations_of_the_shared_event_only(client, shared, staff_b):
    client.force_login(staff_b)
    shown = {r.last_name for r in changelist(client).context["cl"].result_list}
    assert shown == {"Kowalska", "Schulz"}


def test_co_organisers_open_a_registration_read_only(client, shared, staff_b):
    _event, (registration, _other) = shared
    client.force_login(staff_b)
    url = reverse("admin:events_registration_change", args=[registration.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    response = client.post(url, {"status": RegistrationStatus.CANCELLED})
    assert response.status_code == 403
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.PENDING


def test_co_organisers_export_but_never_act_on_registrations(client, shared, staff_b):
    _event, registrations = shared
    client.force_login(staff_b)
    pks = [r.pk for r in registrations]
    url = reverse("admin:events_registration_changelist")
    response = client.post(url, {"action": "export_csv", ACTION_CHECKBOX_NAME: pks})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert len(rows) == 2
    client.post(url, {"action": "confirm_selected", ACTION_CHECKBOX_NAME: pks})
    assert set(Registration.objects.filter(pk__in=pks).values_list("status", flat=True)) == {
        RegistrationStatus.PENDING
    }


def test_co_organisers_do_not_get_the_event_itself(client, shared, staff_b):
    event, _registrations = shared
    client.force_login(staff_b)
    response = client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert response.status_code == 404


def test_staff_of_other_organisations_see_nothing(client, shared):
    outsider = MembershipFactory(
        organisation=OrganisationFactory(name_en="Charlie"), role=MembershipRole.MANAGER
    ).user
    client.force_login(outsider)
    assert list(changelist(client).context["cl"].result_list) == []
    _event, (registration, _other) = shared
    url = reverse("admin:events_registration_change", args=[registration.pk])
    assert client.get(url).status_code == 404
