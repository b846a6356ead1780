"""/settings (admins): the line's words and timings, stored in the database, audited, and in
effect in every process within seconds; the environment's values stay the defaults."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from helpline import audit, settings
from helpline.phones import parse_sender
from helpline.routes import get_session, line
from helpline.routes.web.access import ADMIN, actor, requires
from helpline.runtime import settings_sync
from volunteers import routing

log = logging.getLogger(__name__)
bp = Blueprint("settings", __name__)
STRATEGY_NAMES = {"everyone": "Everyone on duty at once", "priority": "By priority",
                  "fair_share": "Fair share (who was offered least recently first)",
                  "language": "Those who speak the caller's language first"}


@bp.get("/settings")
@requires(ADMIN)
def index():
    """Every changeable setting with its value now and its default."""
    return _page({}, {})


@bp.post("/settings")
@requires(ADMIN)
def save():
    """Save what changed; any value that cannot be used stops the whole save, with why."""
    session, defaults = get_session(), settings_sync.defaults(current_app)
    typed = {s.key: request.form.get(s.key, "") for s in settings.SETTINGS}
    errors = _problems(typed)
    routing_value, routing_error = _routing(request.form)
    if routing_error:
        errors["routing"] = routing_error
    if errors:
        return _page(typed, errors, 400)
    changed = [s.label for s in settings.SETTINGS
               if settings.save(session, actor(), s.key, typed[s.key], defaults)]
    if _save_routing(session, routing_value):
        changed.append("Call routing")
    session.commit()
    settings_sync.refresh(current_app, force=True)
    log.info("settings saved: %d changed", len(changed))
    flash(f"Saved: {', '.join(changed)}." if changed else "Nothing changed.")
    return redirect(url_for("settings.index"))


@bp.post("/settings/<key>/default")
@requires(ADMIN)
def reset(key: str):
    """Go back to the environment's value for one setting."""
    setting = settings.registry.BY_KEY.get(key)
    if setting is None:
        return redirect(url_for("settings.index"))
    session = get_session()
    if settings.forget(session, actor(), key, settings_sync.defaults(current_app)):
        session.commit()
        settings_sync.refresh(current_app, force=True)
        flash(f"{setting.label}: back to the default.")
    return redirect(url_for("settings.index"))


def _problems(typed: dict[str, str]) -> dict[str, str]:
    problems = {}
    for setting in settings.SETTINGS:
        try:
            setting.read(typed[setting.key])
        except settings.SettingError as error:
            problems[setting.key] = str(error)
    return problems


def _routing(form) -> tuple[tuple[str, str | None], str | None]:
    strategy, raw = form.get("strategy", "everyone"), form.get("fallback_number", "").strip()
    if strategy not in routing.STRATEGIES:
        return ("everyone", None), "Choose one of the ways to ring volunteers."
    if not raw:
        return (strategy, None), None
    sender = parse_sender(raw, line().region)
    if sender.kind != "phone":
        return (strategy, None), "Give the fallback number like (302) 555-0199, or leave it empty."
    return (strategy, sender.address), None


def _save_routing(session, value: tuple[str, str | None]) -> bool:
    now = routing.settings(session)
    if (now.get("strategy") or "everyone", now.get("fallback_number")) == value:
        return False
    before, after = routing.change(session, *value)
    audit.record(
        session, actor(), "settings.routing", "settings", "routing",
        before={"strategy": before.get("strategy"), "fallback_phone": before.get(
            "fallback_number")},
        after={"strategy": after["strategy"], "fallback_phone": after["fallback_number"]},
        summary="Call routing changed")
    return True


def _page(typed: dict[str, str], errors: dict[str, str], status: int = 200):
    session, defaults = get_session(), settings_sync.defaults(current_app)
    rows = settings.stored(session)
    fields = []
    for setting in settings.SETTINGS:
        default = settings.default_of(setting, defaults)
        current = rows.get(setting.key, default)
        fields.append({"setting": setting, "value": typed.get(setting.key, setting.show(current)),
                       "default": setting.show(default), "overridden": setting.key in rows,
                       "error": errors.get(setting.key)})
    chosen = routing.settings(session)
    return render_template(
        "settings/index.html", fields=fields, strategies=STRATEGY_NAMES,
        strategy=request.form.get("strategy") or chosen.get("strategy") or "everyone",
        fallback=request.form.get("fallback_number", chosen.get("fallback_number") or ""),
        routing_error=errors.get("routing"), texts_changed=sum(
            1 for key in rows if settings.texts.parse_key(key))), status
