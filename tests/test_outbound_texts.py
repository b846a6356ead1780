"""Outbound texts through the real twilio client and the local Twilio stub: sent exactly once,
never before commit, retried on transient errors, stopped for opted-out contacts, moved forward
(never back) by signed status callbacks, and never logged with a number or a body."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import pytest
from rq.job import Job, JobStatus
from sqlalchemy import func, select, update

from helpline import db
from helpline.db import utcnow
from helpline.jobs.texts import send_text
from helpline.models import Contact, OutboundMessage, OutboxItem
from helpline.outbound import queue_text
from helpline.runtime import queues, relay
from helpline.telephony import ProviderError
from tests.conftest import (
    HELPLINE_NUMBER,
)
from tests.factories import make_contact
from tests.twilio_stub import STUB_ACCOUNT_SID
from tests.webhooks import TwilioWebhooks, new_sid

BODY = "Your Tuesday meeting moved to 7pm at the church hall"

# --- fixtures: the app talking to the stub through the real twilio client -------------------


# --- helpers --------------------------------------------------------------------------------


def queue(session, contact: Contact, key: str = "t1", body: str = BODY) -> int:
    """Queue one text to `contact`, commit, and return its id."""
    text = queue_text(session, to=contact.address, body=body, purpose="reminder", key=key,
                      contact_id=contact.id)
    session.commit()
    return text.id


def send(app, outbound_id: int) -> None:
    """Run the send job in this process, so its exception (if any) reaches the test."""
    with app.app_context():
        send_text(outbound_id)


def row(session, outbound_id: int) -> OutboundMessage:
    session.expire_all()
    return session.get(OutboundMessage, outbound_id)


def contact_of(session, contact_id: int) -> Contact:
    session.expire_all()
    return session.get(Contact, contact_id)


def outbox_item(session, outbound_id: int) -> OutboxItem:
    session.expire_all()
    items = [i for i in session.scalars(select(OutboxItem)) if i.payload == {
        "outbound_id": outbound_id}]
    assert len(items) == 1
    return items[0]


def message_posts(stub) -> list[dict]:
    """Every Messages.json request the stub saw, answered or not."""
    return [r for r in stub.requests if r["path"].endswith("/Messages.json")]


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def status_callback(client: TwilioWebhooks, outbound_id: int | None, sid: str, status: str,
                    **extra):
    """A status callback as Twilio posts it to the URL we gave it."""
    path = "/twilio/sms/status" + (f"?outbound={outbound_id}" if outbound_id is not None else "")
    form = {"MessageSid": sid, "MessageStatus": status, "AccountSid": STUB_ACCOUNT_SID,
            "SmsSid": sid, "SmsStatus": status, "From": HELPLINE_NUMBER, **extra}
    return client.post(path, form)


@pytest.fixture
def sent_text(stub_app, stub_session, twilio_stub):
    """A text to a contact, sent through the stub: (outbound id, provider sid, contact id)."""
    contact = make_contact(stub_session)
    outbound_id = queue(stub_session, contact)
    send(stub_app, outbound_id)
    sid = row(stub_session, outbound_id).provider_sid
    assert sid is not None and sid == twilio_stub.messages[0]["sid"]
    return outbound_id, sid, contact.id


# --- 1, 2: sent once through the real client --------------------------------------------------


def test_a_queued_text_is_sent_once_through_the_twilio_api_from_the_helpline_number(
    stub_session, stub_run_jobs, twilio_stub
):
    contact = make_contact(stub_session)
    outbound_id = queue(stub_session, contact)

    assert stub_run_jobs() == 1

    [message] = twilio_stub.messages
    assert {k: message.get(k) for k in ("To", "From", "Body", "StatusCallback")} == {
        "To": contact.address,
        "From": HELPLINE_NUMBER,
        "Body": BODY,
        "StatusCallback": f"https://helpline.example.org/twilio/sms/status?outbound={outbound_id}",
    }
    [request] = message_posts(twilio_stub)
    assert request["path"] == f"/2010-04-01/Accounts/{STUB_ACCOUNT_SID}/Messages.json"
    assert request["headers"]["User-Agent"].startswith("twilio-python/")
    text = row(stub_session, outbound_id)
    assert text.provider_sid == message["sid"]
    assert text.sent_at is not None
    assert text.status == "queued" and text.error_code is None and text.attempts == 1
    assert outbox_item(stub_session, outbound_id).relayed_at is not None


def test_running_the_send_job_again_or_relaying_again_sends_the_text_once(
    stub_app, stub_session, stub_run_jobs, twilio_stub
):
    outbound_id = queue(stub_session, make_contact(stub_session))
    assert stub_run_jobs() == 1
    assert stub_run_jobs() == 0  # the outbox item is relayed already
    # A relay that died after enqueuing but before marking the item puts it on the queue again.
    stub_session.execute(update(OutboxItem).values(relayed_at=None))
    stub_run_jobs()
    send(stub_app, outbound_id)  # and a worker that runs the job a third time

    assert len(twilio_stub.messages) == 1
    assert len(message_posts(twilio_stub)) == 1
    text = row(stub_session, outbound_id)
    assert text.attempts == 1 and text.provider_sid == twilio_stub.messages[0]["sid"]


def test_a_text_claimed_by_a_worker_killed_mid_job_is_sent_when_the_job_runs_again(
    stub_app, stub_session, twilio_stub
):
    outbound_id = queue(stub_session, make_contact(stub_session))
    stub_session.execute(update(OutboundMessage).values(
        status="claimed", status_rank=1, attempts=1, updated_at=utcnow() - timedelta(seconds=2)))
    stub_session.commit()
    from helpline.jobs.texts import ClaimHeld

    with pytest.raises(ClaimHeld):  # the worker that claimed it may still be sending: later
        send(stub_app, outbound_id)
    assert twilio_stub.messages == []
    stub_session.execute(update(OutboundMessage).values(
        updated_at=utcnow() - timedelta(minutes=6)))  # that worker died long ago
    stub_session.commit()
    send(stub_app, outbound_id)
    send(stub_app, outbound_id)
    assert len(twilio_stub.messages) == 1
    assert row(stub_session, outbound_id).attempts == 2


# --- 3: nothing leaves before commit --------------------------------------------------------


def test_a_text_queued_in_a_rolled_back_transaction_is_never_relayed_or_sent(
    stub_app, stub_session, stub_run_jobs, twilio_stub
):
    contact = make_contact(stub_session)
    with db.current().sessions() as tx:
        queue_text(tx, to=contact.address, body=BODY, purpose="reminder", key="t1",
                   contact_id=contact.id)
        tx.flush()
        tx.rollback()

    assert stub_run_jobs() == 0
    assert count(stub_session, OutboundMessage) == 0 and count(stub_session, OutboxItem) == 0
    assert queues.queue(queues.connect(stub_app.config)).count == 0
    assert message_posts(twilio_stub) == []


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_relay_enqueues_nothing_until_the_transaction_that_queued_the_text_commits(
    stub_app, stub_session, twilio_stub
):
    # PostgreSQL only: on SQLite the open write transaction makes the relay wait, not read past.
    contact = make_contact(stub_session)
    connection = queues.connect(stub_app.config)
    with db.current().sessions() as tx:
        text = queue_text(tx, to=contact.address, body=BODY, purpose="reminder", key="t1",
                          contact_id=contact.id)
        tx.flush()
        assert relay.relay_once(connection) == 0
        assert queues.queue(connection).count == 0
        tx.commit()
        outbound_id = text.id

    assert relay.relay_once(connection) == 1
    item = outbox_item(stub_session, outbound_id)
    assert queues.queue(connection).job_ids == [f"outbox-{item.id}"]
    assert message_posts(twilio_stub) == []  # relaying is not sending


# --- 4: the carrier says the recipient unsubscribed -----------------------------------------


def test_an_unsubscribed_answer_fails_the_text_opts_the_contact_out_and_cancels_their_other_texts(
    stub_app, stub_session, stub_run_jobs, twilio_stub
):
    contact, other = make_contact(stub_session), make_contact(stub_session)
    first = queue(stub_session, contact, key="a")
    second = queue(stub_session, contact, key="b")
    elsewhere = queue(stub_session, other, key="c")
    twilio_stub.fail_next(status=400, code=21610)

    send(stub_app, first)  # not retryable: the job does not raise

    text = row(stub_session, first)
    assert text.status == "failed" and text.error_code == 21610
    assert text.provider_sid is None and text.sent_at is None
    assert contact_of(stub_session, contact.id).opted_out_at is not None
    assert row(stub_session, second).status == "cancelled"
    assert outbox_item(stub_session, second).cancelled_at is not None
    # Nobody else is touched.
    assert contact_of(stub_session, other.id).opted_out_at is None
    assert row(stub_session, elsewhere).status == "pending"
    assert outbox_item(stub_session, elsewhere).cancelled_at is None

    stub_run_jobs()
    assert [m["To"] for m in twilio_stub.messages] == [other.address]


def test_an_unsubscribed_answer_also_stops_texts_to_that_contact_already_on_the_queue(
    stub_session, stub_run_jobs, twilio_stub
):
    contact = make_contact(stub_session)
    first = queue(stub_session, contact, key="a")
    second = queue(stub_session, contact, key="b")
    twilio_stub.fail_next(status=400, code=21610)

    assert stub_run_jobs() == 2  # both relayed; the first job fails, the second finds it cancelled

    assert row(stub_session, first).status == "failed"
    assert row(stub_session, second).status == "cancelled"
    assert len(message_posts(twilio_stub)) == 1 and twilio_stub.messages == []


# --- 5, 6: transient failures go back to pending and are retried ----------------------------


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_rate_limit_or_server_error_raises_so_the_job_is_retried_and_the_retry_sends_once(
    stub_app, stub_session, twilio_stub, status
):
    outbound_id = queue(stub_session, make_contact(stub_session))
    twilio_stub.fail_next(status=status)

    with pytest.raises(ProviderError) as raised:
        send(stub_app, outbound_id)

    assert raised.value.retryable is True and raised.value.status == status
    text = row(stub_session, outbound_id)
    assert (text.status, text.status_rank, text.attempts) == ("pending", 0, 1)
    assert text.provider_sid is None and text.sent_at is None and text.error_code is None
    assert twilio_stub.messages == []

    send(stub_app, outbound_id)

    [message] = twilio_stub.messages
    text = row(stub_session, outbound_id)
    assert (text.status, text.attempts, text.provider_sid) == ("queued", 2, message["sid"])


def test_a_failed_send_under_rq_is_scheduled_for_retry_with_the_row_pending(
    stub_app, stub_session, stub_run_jobs, twilio_stub
):
    outbound_id = queue(stub_session, make_contact(stub_session))
    twilio_stub.fail_next(status=500)

    stub_run_jobs()

    job = Job.fetch(f"outbox-{outbox_item(stub_session, outbound_id).id}",
                    connection=queues.connect(stub_app.config))
    assert job.get_status() == JobStatus.SCHEDULED
    assert job.retries_left == 4
    text = row(stub_session, outbound_id)
    assert (text.status, text.attempts) == ("pending", 1)

    send(stub_app, outbound_id)  # what the retry will run
    assert len(twilio_stub.messages) == 1
    assert row(stub_session, outbound_id).status == "queued"


@pytest.mark.http_timeout(0.5)
def test_a_reply_slower_than_the_http_timeout_is_retryable_and_puts_the_text_back_to_pending(
    stub_app, stub_session, twilio_stub
):
    outbound_id = queue(stub_session, make_contact(stub_session))
    twilio_stub.delay_next(2)

    started = time.monotonic()
    with pytest.raises(ProviderError) as raised:
        send(stub_app, outbound_id)

    assert time.monotonic() - started < 1.5  # TWILIO_HTTP_TIMEOUT=0.5 was honoured
    assert raised.value.retryable is True and raised.value.status is None
    text = row(stub_session, outbound_id)
    assert (text.status, text.status_rank, text.attempts) == ("pending", 0, 1)
    assert text.provider_sid is None and text.sent_at is None


# --- 7: opted out after queueing -------------------------------------------------------------


def test_a_text_to_a_contact_who_opted_out_after_it_was_queued_is_cancelled_not_sent(
    stub_app, stub_session, twilio_stub
):
    contact = make_contact(stub_session)
    outbound_id = queue(stub_session, contact)
    # Opted out without the STOP handler's cancellation (e.g. a carrier report, another process).
    stub_session.execute(
        update(Contact).where(Contact.id == contact.id).values(opted_out_at=utcnow())
    )

    send(stub_app, outbound_id)

    assert message_posts(twilio_stub) == []
    text = row(stub_session, outbound_id)
    assert text.status == "cancelled" and text.sent_at is None and text.provider_sid is None


def test_a_stop_arriving_while_the_text_is_on_the_queue_means_the_job_sends_nothing(
    stub_app, stub_session, stub_twilio, stub_run_jobs, twilio_stub
):
    contact = make_contact(stub_session)
    outbound_id = queue(stub_session, contact)
    assert relay.relay_once(queues.connect(stub_app.config)) == 1
    assert stub_twilio.text(contact.address, "STOP").status_code == 200

    stub_run_jobs()

    assert message_posts(twilio_stub) == []
    assert row(stub_session, outbound_id).status == "cancelled"


# --- 8: status callbacks ---------------------------------------------------------------------


def test_sent_then_delivered_callbacks_leave_the_text_delivered(stub_twilio, stub_session,
                                                               sent_text):
    outbound_id, sid, _ = sent_text
    assert status_callback(stub_twilio, outbound_id, sid, "sent").status_code == 200
    assert row(stub_session, outbound_id).status == "sent"
    response = status_callback(stub_twilio, outbound_id, sid, "delivered")
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert "<Message" not in response.get_data(as_text=True)  # nothing is texted back
    text = row(stub_session, outbound_id)
    assert text.status == "delivered" and text.error_code is None


@pytest.mark.parametrize("first, late", [("delivered", "sent"), ("delivered", "queued"),
                                         ("sent", "sending"), ("delivered", "undelivered")])
def test_a_callback_arriving_out_of_order_never_moves_the_text_back(
    stub_twilio, stub_session, sent_text, first, late
):
    outbound_id, sid, _ = sent_text
    status_callback(stub_twilio, outbound_id, sid, first)
    assert status_callback(stub_twilio, outbound_id, sid, late).status_code == 200
    assert row(stub_session, outbound_id).status == first


def test_the_same_callback_twice_is_harmless(stub_twilio, stub_session, sent_text):
    outbound_id, sid, _ = sent_text
    assert status_callback(stub_twilio, outbound_id, sid, "delivered").status_code == 200
    before = row(stub_session, outbound_id).updated_at
    assert status_callback(stub_twilio, outbound_id, sid, "delivered").status_code == 200
    text = row(stub_session, outbound_id)
    assert text.status == "delivered" and text.updated_at == before


def test_a_callback_for_an_unknown_message_sid_gets_200_and_changes_nothing(
    stub_twilio, stub_session, sent_text
):
    outbound_id, _, contact_id = sent_text
    response = status_callback(stub_twilio, None, new_sid(), "undelivered", ErrorCode="21610")
    assert response.status_code == 200
    assert row(stub_session, outbound_id).status == "queued"
    assert contact_of(stub_session, contact_id).opted_out_at is None


def test_a_callback_for_an_outbound_id_that_does_not_exist_gets_200_and_changes_nothing(
    stub_twilio, stub_session, sent_text
):
    outbound_id, _, _ = sent_text
    response = status_callback(stub_twilio, outbound_id + 1000, new_sid(), "delivered")
    assert response.status_code == 200
    assert row(stub_session, outbound_id).status == "queued"


def test_a_callback_naming_a_message_sid_other_than_the_one_the_text_was_sent_as_changes_nothing(
    stub_twilio, stub_session, sent_text
):
    # E.g. the orphan of a send that timed out but reached Twilio: it carries the same
    # ?outbound= URL, yet it is not the message this row records.
    outbound_id, _, _ = sent_text
    response = status_callback(stub_twilio, outbound_id, new_sid(), "failed", ErrorCode="30003")
    assert response.status_code == 200
    text = row(stub_session, outbound_id)
    assert text.status == "queued" and text.error_code is None


def test_an_undelivered_callback_with_error_21610_opts_the_contact_out_and_cancels_pending_texts(
    stub_twilio, stub_session, sent_text
):
    outbound_id, sid, contact_id = sent_text
    later = queue(stub_session, stub_session.get(Contact, contact_id), key="later")

    response = status_callback(stub_twilio, outbound_id, sid, "undelivered", ErrorCode="21610")

    assert response.status_code == 200
    text = row(stub_session, outbound_id)
    assert text.status == "undelivered" and text.error_code == 21610
    assert contact_of(stub_session, contact_id).opted_out_at is not None
    assert row(stub_session, later).status == "cancelled"
    assert outbox_item(stub_session, later).cancelled_at is not None


@pytest.mark.parametrize("how", ["unsigned", "signed with another token"])
def test_a_status_callback_not_signed_by_twilio_is_refused_with_403(
    stub_twilio, stub_session, sent_text, how
):
    outbound_id, sid, contact_id = sent_text
    form = {"MessageSid": sid, "MessageStatus": "undelivered", "ErrorCode": "21610"}
    path = f"/twilio/sms/status?outbound={outbound_id}"
    if how == "unsigned":
        response = stub_twilio.post(path, form, signed=False)
    else:
        response = stub_twilio.post(path, form, token="not-the-auth-token")
    assert response.status_code == 403
    assert row(stub_session, outbound_id).status == "queued"
    assert contact_of(stub_session, contact_id).opted_out_at is None


# --- 9: no numbers or bodies in logs ---------------------------------------------------------


@pytest.mark.http_timeout(0.5)
@pytest.mark.parametrize("answer", ["accepted", "server error", "unsubscribed", "timeout"])
def test_sending_a_text_never_logs_the_recipient_number_or_the_body(
    stub_twilio, stub_session, stub_run_jobs, twilio_stub, caplog, answer
):
    contact = make_contact(stub_session)
    outbound_id = queue(stub_session, contact)
    if answer == "server error":
        twilio_stub.fail_next(status=500)
    elif answer == "unsubscribed":
        twilio_stub.fail_next(status=400, code=21610)
    elif answer == "timeout":
        twilio_stub.delay_next(2)
    caplog.set_level(logging.INFO)

    stub_run_jobs()
    sid = row(stub_session, outbound_id).provider_sid
    if sid:
        status_callback(stub_twilio, outbound_id, sid, "delivered")

    messages = [record.getMessage() for record in caplog.records]
    assert any(f"outbound={outbound_id}" in m for m in messages)  # the send was logged at all
    leaks = [m for m in messages if contact.address in m or BODY in m]
    assert leaks == []


def test_a_text_that_fails_every_attempt_ends_failed_instead_of_pending_forever(
    stub_app, stub_session, twilio_stub
):
    from helpline.jobs.texts import send_text
    from helpline.outbound import MAX_SEND_ATTEMPTS
    from helpline.telephony import ProviderError

    text = queue_text(stub_session, to="+13025550160", body="Checking in", purpose="test",
                      key="always-500")
    stub_session.commit()
    twilio_stub.fail_next(status=500, times=MAX_SEND_ATTEMPTS)
    with stub_app.app_context():
        for _ in range(MAX_SEND_ATTEMPTS - 1):
            with pytest.raises(ProviderError):
                send_text(text.id)
        send_text(text.id)  # the last attempt records the failure and does not ask for a retry
    stub_session.expire_all()
    row = stub_session.get(OutboundMessage, text.id)
    assert (row.status, row.attempts) == ("failed", MAX_SEND_ATTEMPTS)
    assert twilio_stub.messages == []
