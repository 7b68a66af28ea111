import pytest

from tests.testapp.models import Ticket
from yavar.accounts.permissions import Perm
from yavar.audit.models import AuditEvent
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.workflow.engine import Transition, Workflow, history, move

pytestmark = pytest.mark.django_db


def must_be_ready(ticket, actor):
    return None if ticket.ready else "not ready"


FLOW = Workflow(
    name="test.ticket",
    org_unit=lambda t: t.org_unit,
    transitions=[
        Transition("submit", source=("draft",), target="submitted", permission=Perm.PEOPLE_CHANGE),
        Transition(
            "approve",
            source=("submitted",),
            target="approved",
            permission=Perm.SERVICE_APPROVE,
            guard=must_be_ready,
        ),
        Transition(
            "reopen",
            source=("submitted", "approved"),
            target="draft",
            permission=Perm.SERVICE_APPROVE,
        ),
    ],
)


@pytest.fixture
def ticket(personas):
    return Ticket.objects.create(title="t", org_unit=personas.tehran_county)


def test_allowed_move_changes_status_and_writes_log_and_audit(ticket, personas):
    log = move(FLOW, ticket, "submit", actor=personas.tehran_expert, note="ok")
    ticket.refresh_from_db()
    assert ticket.status == "submitted"
    assert (log.from_status, log.to_status, log.transition) == ("draft", "submitted", "submit")
    assert list(history(ticket)) == [log]
    event = AuditEvent.objects.get(action="test.ticket.submit", object_id=str(ticket.pk))
    assert event.changes == {"status": {"old": "draft", "new": "submitted"}}
    assert event.actor == personas.tehran_expert


def test_illegal_move_is_refused_and_changes_nothing(ticket, personas):
    with pytest.raises(ApplicationError) as err:
        move(FLOW, ticket, "approve", actor=personas.tehran_expert)
    assert err.value.code == ErrorCode.ILLEGAL_TRANSITION
    ticket.refresh_from_db()
    assert ticket.status == "draft"
    assert not history(ticket).exists()


def test_unknown_step_is_an_illegal_move(ticket, personas):
    with pytest.raises(ApplicationError) as err:
        move(FLOW, ticket, "teleport", actor=personas.tehran_expert)
    assert err.value.code == ErrorCode.ILLEGAL_TRANSITION


def test_actor_without_the_permission_is_refused(ticket, personas):
    # A county worker may deliver but not approve.
    move(FLOW, ticket, "submit", actor=personas.tehran_expert)
    ticket.ready = True
    ticket.save()
    with pytest.raises(ApplicationError) as err:
        move(FLOW, ticket, "approve", actor=personas.isfahan_worker)
    assert err.value.code == ErrorCode.PERMISSION_DENIED
    ticket.refresh_from_db()
    assert ticket.status == "submitted"


def test_actor_from_another_province_is_refused(ticket, personas):
    from tests.personas import make_user
    from yavar.accounts.roles import Role

    isfahan_expert = make_user("isf-expert", Role.PROVINCIAL_EXPERT, personas.isfahan)
    with pytest.raises(ApplicationError) as err:
        move(FLOW, ticket, "submit", actor=isfahan_expert)
    assert err.value.code == ErrorCode.PERMISSION_DENIED


def test_guard_blocks_until_its_condition_holds(ticket, personas):
    move(FLOW, ticket, "submit", actor=personas.tehran_expert)
    with pytest.raises(ApplicationError) as err:
        move(FLOW, ticket, "approve", actor=personas.tehran_expert)
    assert err.value.code == ErrorCode.GUARD_FAILED
    assert str(err.value.message) == "not ready"
    Ticket.objects.filter(pk=ticket.pk).update(ready=True)
    move(FLOW, ticket, "approve", actor=personas.tehran_expert)
    assert [h.to_status for h in history(ticket)] == ["submitted", "approved"]


def test_stale_object_cannot_replay_a_move(ticket, personas):
    stale = Ticket.objects.get(pk=ticket.pk)
    move(FLOW, ticket, "submit", actor=personas.tehran_expert)
    with pytest.raises(ApplicationError) as err:
        move(FLOW, stale, "submit", actor=personas.tehran_expert)  # status re-read under lock
    assert err.value.code == ErrorCode.ILLEGAL_TRANSITION


def test_available_lists_the_steps_the_actor_may_take(ticket, personas):
    assert [t.name for t in FLOW.available(ticket, personas.tehran_expert)] == ["submit"]
    assert FLOW.available(ticket, personas.auditor) == []


def test_duplicate_step_names_are_a_declaration_error():
    with pytest.raises(ValueError):
        Workflow(
            name="x",
            org_unit=lambda o: o,
            transitions=[
                Transition("a", ("s",), "t", "p"),
                Transition("a", ("t",), "s", "p"),
            ],
        )
