"""Security headers on every response: no framing, no sniffing, scripts and styles from this
site only (vendored files, nothing inline), no referrer leaving the site, HSTS in production;
and the session cookie's reader."""

from __future__ import annotations

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSessionInterface

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HSTS = "max-age=31536000; includeSubDomains"


class _SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, but a request without the cookie (Twilio's webhooks,
    a first visit) gets its empty session without a signing serializer made for nothing: what
    Flask's own `open_session` returns then, at a tenth of the cost."""

    def open_session(self, app: Flask, request: Request):
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)


def install(app: Flask) -> None:
    """Add the headers to every response of this app."""
    production = app.config.get("HELPLINE_ENV") == "production"
    app.session_interface = _SessionCookies()

    @app.after_request
    def secure_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        if production:
            headers.setdefault("Strict-Transport-Security", HSTS)
        if response.mimetype == "text/html":
            headers.setdefault("Cache-Control", "no-store")  # pages hold names and rota
        return response
