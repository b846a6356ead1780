"""/settings/texts (admins): the line's own wording of the texts it sends, in English and
Spanish, checked like the catalog's (GSM-7, the same {names}, at most 2 texts long)."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from helpline import catalog, settings
from helpline.routes import get_session
from helpline.routes.web import paging
from helpline.routes.web.access import ADMIN, actor, requires
from helpline.runtime import settings_sync
from helpline.settings import texts

log = logging.getLogger(__name__)
bp = Blueprint("settings_texts", __name__)
LANGUAGES = (("en", "English"), ("es", "Spanish"))


@bp.get("/settings/texts")
@requires(ADMIN)
def index():
    """Every text the line sends, filtered by words in its name or wording, a page at a time."""
    query = request.args.get("q", "").strip().lower()[:60]
    stored = settings.stored(get_session())
    found = [key for key in sorted(catalog.MESSAGES)
             if not query or query in key.lower() or query in texts.original(key, "en").lower()]
    page = paging.requested(len(found), q=query)
    rows = [(key, texts.original(key, "en"),
             [lang for lang, _ in LANGUAGES if texts.key(key, lang) in stored])
            for key in found[page.offset:page.offset + page.size]]
    return render_template("settings/texts.html", rows=rows, page=page, query=query)


@bp.route("/settings/texts/<message>", methods=["GET", "POST"])
@requires(ADMIN)
def edit(message: str):
    """One text in both languages, with the catalog's beside it; empty goes back to it."""
    if message not in catalog.MESSAGES:
        abort(404)
    session, errors = get_session(), {}
    if request.method == "POST":
        changed = []
        for lang, _ in LANGUAGES:
            try:
                texts.check(message, lang, request.form.get(lang, ""))
            except settings.SettingError as error:
                errors[lang] = str(error)
        if not errors:
            changed = [name for lang, name in LANGUAGES if settings.save_text(
                session, actor(), message, lang, request.form.get(lang, ""))]
            session.commit()
            settings_sync.refresh(current_app, force=True)
            log.info("catalog text saved key=%s languages=%d", message, len(changed))
            flash(f"Saved {message}: {', '.join(changed)}." if changed else "Nothing changed.")
            return redirect(url_for("settings_texts.edit", message=message))
    return _page(message, errors)


def _page(message: str, errors: dict[str, str]):
    stored = settings.stored(get_session())
    languages = []
    for lang, name in LANGUAGES:
        now = stored.get(texts.key(message, lang)) or texts.original(message, lang)
        value = request.form.get(lang, now) if request.method == "POST" else now
        languages.append({"code": lang, "name": name, "value": value, "error": errors.get(lang),
                          "original": texts.original(message, lang),
                          "segments": texts.segment_count(message, lang, value),
                          "changed": texts.key(message, lang) in stored})
    return render_template("settings/text.html", message=message, languages=languages,
                           names=sorted(texts.names_of(message))), 400 if errors else 200
