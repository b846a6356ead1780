"""The two reference apps bench/webhooks_load.py runs beside the helpline, under the same
gunicorn settings (`gunicorn 'load_apps:bare()'` from bench/):

- `bare()`: a Flask route answering constant TwiML: what Flask and gunicorn cost by
  themselves.
- `floor()`: the durable floor: the same signature check as the helpline's webhooks
  (`helpline.signatures.twilio_signed`), one `INSERT … ON CONFLICT DO NOTHING` of the text
  and one commit, then a constant reply: the least a webhook that keeps every text exactly
  once can do.

Both read LOAD_TOKEN, LOAD_BASE (the public base URL signed) and, for the floor,
LOAD_DATABASE_URL from the environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from flask import Flask, request

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TWIML = "<?xml version='1.0' encoding='UTF-8'?><Response><Message>Thanks</Message></Response>"
HEADERS = {"Content-Type": "text/xml; charset=utf-8"}


def bare() -> Flask:
    app = Flask("bare")

    @app.post("/twilio/sms")
    def inbound():
        return TWIML, 200, HEADERS

    return app


def floor() -> Flask:
    from sqlalchemy import create_engine, text

    from helpline.signatures import twilio_signed

    app = Flask("floor")
    app.config.update(TWILIO_AUTH_TOKEN=os.environ["LOAD_TOKEN"],
                      PUBLIC_BASE_URL=os.environ["LOAD_BASE"])
    engine = create_engine(os.environ["LOAD_DATABASE_URL"], pool_size=4, max_overflow=4)
    with engine.begin() as connection:
        connection.execute(text(
            "CREATE TABLE IF NOT EXISTS floor_messages (message_sid varchar(64) PRIMARY KEY, "
            "sender varchar(32) NOT NULL, body text NOT NULL, "
            "received_at timestamptz NOT NULL DEFAULT now())"))
    insert = text("INSERT INTO floor_messages (message_sid, sender, body) "
                  "VALUES (:sid, :sender, :body) ON CONFLICT DO NOTHING")

    @app.post("/twilio/sms")
    @twilio_signed
    def inbound():
        with engine.begin() as connection:
            connection.execute(insert, {"sid": request.form["MessageSid"],
                                        "sender": request.form["From"],
                                        "body": request.form.get("Body", "")})
        return TWIML, 200, HEADERS

    return app
