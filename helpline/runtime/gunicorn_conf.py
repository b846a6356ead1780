"""gunicorn settings the Procfile loads (`-c python:helpline.runtime.gunicorn_conf`): the access
log, without calendar tokens."""

from __future__ import annotations

from helpline.runtime import access_log

accesslog = "-"


def on_starting(server) -> None:
    """Hide calendar tokens from the access log before the first request is logged."""
    access_log.install("gunicorn.access")


def post_fork(server, worker) -> None:
    """The same in each worker (the filter travels with the logger, this makes sure)."""
    access_log.install("gunicorn.access")
