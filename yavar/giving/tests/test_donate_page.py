"""The donate page for a first visit is built once: each visitor still gets a token of their
own that passes the CSRF check, and nothing of one visitor's reaches another."""

import re
import time

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory

from yavar.giving import donate_choices, donate_page
from yavar.giving.models import Cause, Donation

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HX_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


@pytest.fixture
def cause(db):
    return Cause.objects.create(code="children", area="children", title="کودکان و نوجوانان")


def first_visit(client):
    response = client.get("/giving/donate/")
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(html):
    return HX_TOKEN.sub("", TOKEN.sub("", html))


def test_each_visitor_gets_a_token_of_their_own_that_the_csrf_check_accepts(cause, bank):
    pages = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        page = first_visit(client)
        assert donate_page._PLACEHOLDER not in page
        tokens = set(TOKEN.findall(page)) | set(HX_TOKEN.findall(page))
        assert len(tokens) == 1  # the form, the language switch and HTMX's header agree
        token = tokens.pop()
        answer = client.post(
            "/giving/donate/",
            {"csrfmiddlewaretoken": token, "cause": cause.pk, "amount": "50,000", "unit": "toman"},
        )
        assert answer.status_code == 302, answer.content.decode()[:300]
        pages.append((page, token))
    assert Donation.objects.count() == 2
    (first, one), (second, two) = pages
    assert one != two
    # The same page otherwise: built once, handed to both.
    assert without_tokens(first) == without_tokens(second)


def test_the_held_page_is_what_a_fresh_render_would_give(cause, client):
    held = first_visit(client)
    donate_choices._rendered.clear()
    fresh = first_visit(client)
    assert without_tokens(held) == without_tokens(fresh)


def test_a_waiting_message_is_shown_not_left_behind(cause, client):
    first_visit(client)  # the generic page is held now
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(constants.INFO, "پیام آزمایشی برای اهداکننده")
    response = client.get("/")  # any response to carry the cookie
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    assert "پیام آزمایشی برای اهداکننده" in first_visit(client)
    assert "پیام آزمایشی برای اهداکننده" not in first_visit(client)


def test_a_proven_mobile_is_never_held_for_the_next_visitor(cause, client):
    session = client.session
    session["yavar.mobile_verified"] = {"mobile": "09121234567", "at": time.time()}
    session.save()
    assert "09121234567" in first_visit(client)
    assert "09121234567" not in first_visit(Client())
