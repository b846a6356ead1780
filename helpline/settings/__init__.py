"""The line's settings changed on the web page: stored in the database, checked, audited, and
laid over the environment's values (which stay the defaults) in every process.

A value is kept per key (`registry.SETTINGS`), and a catalog text per message and language
(`text:<key>:<lang>`). `helpline.runtime.settings_sync` lays them over each process's config
within a few seconds of a change; nothing here touches Flask.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline import audit
from helpline.db import utcnow
from helpline.settings import texts
from helpline.settings.models import LineSetting
from helpline.settings.registry import BY_KEY, SETTINGS, Setting, SettingError, as_config

__all__ = ["SETTINGS", "Setting", "SettingError", "changes_stamp", "config_updates", "forget",
           "default_of", "save", "save_text", "stored", "texts"]


def stored(session: Session) -> dict[str, object]:
    """Every stored override, by key."""
    return {key: value for key, value in session.execute(
        select(LineSetting.key, LineSetting.value))}


def changes_stamp(session: Session) -> tuple[int, datetime | None]:
    """Changes when any setting is saved or removed: how many, and the latest change."""
    count, latest = session.execute(
        select(func.count(), func.max(LineSetting.updated_at))).one()
    return count, latest


def save(session: Session, actor: audit.Actor, key: str, raw: str,
         defaults: Mapping[str, object]) -> bool:
    """Store what was typed for one setting (removing the override when it equals the
    default); False when nothing changed. Raises SettingError with why it cannot be used."""
    setting = BY_KEY[key]
    value = setting.read(raw)
    default_text = setting.show(default_of(setting, defaults))
    before = _current(session, setting, defaults)
    if setting.show(value) == default_text:
        return _remove(session, actor, setting, before, default_text)
    if setting.show(value) == before:
        return False
    _put(session, key, value, actor)
    audit.record(session, actor, "settings.change", "settings", key, before={"value": before},
                 after={"value": setting.show(value)}, summary=f"{setting.label} changed")
    return True


def forget(session: Session, actor: audit.Actor, key: str,
           defaults: Mapping[str, object]) -> bool:
    """Go back to the default for one setting; False when it was the default already."""
    setting = BY_KEY[key]
    return _remove(session, actor, setting, _current(session, setting, defaults),
                   setting.show(default_of(setting, defaults)))


def save_text(session: Session, actor: audit.Actor, message: str, lang: str,
              template: str) -> bool:
    """Store a catalog text of the line's own (checked: GSM-7, placeholders, 2 segments), or
    go back to the catalog's when it is empty or the same; False when nothing changed."""
    key = texts.key(message, lang)
    row = session.get(LineSetting, key)
    before = row.value if row else texts.original(message, lang)
    cleaned = texts.check(message, lang, template)
    if cleaned == before:
        return False
    if cleaned == texts.original(message, lang):
        session.delete(row)
    else:
        _put(session, key, cleaned, actor)
    audit.record(session, actor, "settings.text", "catalog_text", key[:40],
                 before={"text": before}, after={"text": cleaned},
                 summary=f"Text {message} ({lang}) changed")
    return True


def config_updates(rows: Mapping[str, object], defaults: Mapping[str, object]) -> dict:
    """The config values every process should use: the defaults with the stored overrides."""
    updates = {key: (dict(value) if isinstance(value, Mapping) else value)
               for key, value in defaults.items()}
    for setting in SETTINGS:
        if setting.key not in rows:
            continue
        value = as_config(setting, rows[setting.key])
        if setting.language:
            updates[setting.config_key] = {**updates.get(setting.config_key, {}),
                                           setting.language: value}
        else:
            updates[setting.config_key] = value
    return updates


def defaults_of(config: Mapping[str, object]) -> dict[str, object]:
    """The environment's values of every changeable setting (kept before any override)."""
    keys = {setting.config_key for setting in SETTINGS}
    return {key: config.get(key) for key in keys}


def default_of(setting: Setting, defaults: Mapping[str, object]) -> object:
    value = defaults.get(setting.config_key)
    return (value or {}).get(setting.language) if setting.language else value


def _current(session: Session, setting: Setting, defaults: Mapping[str, object]) -> str:
    row = session.get(LineSetting, setting.key)
    return setting.show(row.value if row else default_of(setting, defaults))


def _put(session: Session, key: str, value: object, actor: audit.Actor) -> None:
    row = session.get(LineSetting, key)
    if row is None:
        row = LineSetting(key=key)
        session.add(row)
    row.value, row.updated_at, row.updated_by_id = value, utcnow(), actor.id


def _remove(session: Session, actor: audit.Actor, setting: Setting, before: str,
            default_text: str) -> bool:
    row = session.get(LineSetting, setting.key)
    if row is None:
        return False
    session.delete(row)
    audit.record(session, actor, "settings.change", "settings", setting.key,
                 before={"value": before}, after={"value": default_text},
                 summary=f"{setting.label} back to the default")
    return True
