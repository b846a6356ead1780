"""Every automated text the line sends, in English and Spanish, one module per area.

Texts (MESSAGES) must be pure GSM-7 as written and fit in 2 segments with realistic values
(tests/test_catalog.py checks both); spoken prompts (VOICE) are read by <Say>. Placeholders are
filled by `render.render()`. A key lives in exactly one area.
"""

from helpline.catalog import calls, conversations, followups, line, meetings, rota

_AREAS = (line, meetings, rota, calls, conversations, followups)


def _merged(name: str) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for area in _AREAS:
        clash = set(merged) & set(getattr(area, name))
        if clash:
            raise RuntimeError(f"catalog keys defined twice: {sorted(clash)}")
        merged.update(getattr(area, name))
    return merged


MESSAGES = _merged("MESSAGES")
# The line's own wording of some texts, {(key, lang): template}, set on the settings page and
# laid over the catalog's in every process (helpline.runtime.settings_sync); checked like these.
OVERRIDES: dict[tuple[str, str], str] = {}
VOICE = _merged("VOICE")
STARTS_IN = rota.STARTS_IN
