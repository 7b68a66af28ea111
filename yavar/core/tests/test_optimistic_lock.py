import pytest

from tests.testapp.models import Ticket
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.optimistic import model_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(personas):
    return Ticket.objects.create(title="first", org_unit=personas.tehran_county)


def test_second_editor_is_refused_and_first_edit_survives(ticket):
    alice = Ticket.objects.get(pk=ticket.pk)
    bob = Ticket.objects.get(pk=ticket.pk)
    changes = model_update(instance=alice, data={"title": "alice"}, expected_version=1)
    assert changes == {"title": ("first", "alice")}
    with pytest.raises(ApplicationError) as err:
        model_update(instance=bob, data={"title": "bob"}, expected_version=1)
    assert err.value.code == ErrorCode.CONCURRENT_EDIT
    assert err.value.http_status == 409
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.title, stored.version) == ("alice", 2)


def test_edit_from_the_current_version_goes_through_and_bumps_it(ticket):
    model_update(instance=ticket, data={"title": "a"}, expected_version=1)
    model_update(instance=ticket, data={"title": "b"}, expected_version=2)
    assert Ticket.objects.get(pk=ticket.pk).version == 3


def test_invalid_data_is_refused_before_writing(ticket):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        model_update(instance=ticket, data={"title": "x" * 500}, expected_version=1)
    assert Ticket.objects.get(pk=ticket.pk).title == "first"
