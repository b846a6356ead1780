"""The house rules of who may import what, checked with ast."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = sorted([*(ROOT / "helpline").rglob("*.py"), *(ROOT / "volunteers").rglob("*.py")])


def imports_of(path: Path) -> set[str]:
    """Every module name a file imports (absolute names)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def importers_of(prefix: str) -> set[str]:
    """Product files (relative paths) that import `prefix` or anything under it."""
    return {
        str(path.relative_to(ROOT))
        for path in PRODUCT
        if any(name == prefix or name.startswith(prefix + ".") for name in imports_of(path))
    }


def test_the_product_has_files_to_check():
    assert len(PRODUCT) > 20


def test_volunteers_never_imports_flask():
    assert {p for p in importers_of("flask") if p.startswith("volunteers/")} == set()


def test_only_telephony_imports_the_twilio_rest_client_and_validator():
    assert importers_of("twilio.rest") == {"helpline/telephony.py"}
    assert importers_of("twilio.request_validator") == {"helpline/telephony.py"}


def test_only_phones_imports_phonenumbers():
    assert importers_of("phonenumbers") == {"helpline/phones.py"}


@pytest.mark.parametrize("adapter", ["helpline.routes", "helpline.jobs", "helpline.cli"])
def test_domain_modules_never_import_adapters(adapter):
    domain = {
        p for p in importers_of(adapter)
        if not p.startswith(("helpline/routes/", "helpline/jobs/", "helpline/cli"))
        and p not in {"helpline/__init__.py", "helpline/cron.py"}
    }
    assert domain == set()


def test_nothing_imports_fakeredis():
    assert importers_of("fakeredis") == set()
