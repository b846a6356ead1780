"""The house rules of who may import what, checked with ast: the layout in README's "Where
things are". Adapters (routes, jobs, cli, runtime, the app factory) → domain packages → the
ground; never back up, and no import cycle anywhere."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOP_PACKAGES = ("helpline", "volunteers")

#: Each area is a module or a package (everything under it); its tier decides what it may import.
ADAPTERS = ("helpline", "helpline.routes", "helpline.jobs", "helpline.cli", "helpline.runtime",
            "helpline.migrations")
#: Domain packages, highest first: one may import only those below it, never a sibling or above.
DOMAINS = (
    ("helpline.activity", "helpline.retention", "helpline.reports"),
    ("helpline.texts",),
    ("helpline.followups",),
    ("helpline.conversations",),
    ("helpline.calls",),
    ("volunteers",),
    ("helpline.meetings", "helpline.contacts", "helpline.accounts", "helpline.crisis",
     "helpline.settings"),
    ("helpline.audit",),
)
GROUND = (
    "helpline.config", "helpline.db", "helpline.models", "helpline.outbox", "helpline.outbound",
    "helpline.telephony", "helpline.phones", "helpline.twiml", "helpline.line",
    "helpline.migrate", "helpline.catalog", "helpline.params", "helpline.signatures",
)
MAX_TOP_MODULES = 15


# ---- reading the tree -------------------------------------------------------------------------

def product_files(root: Path = ROOT) -> list[Path]:
    """Every Python file of the product (not tests, not benchmarks)."""
    return sorted(p for top in TOP_PACKAGES for p in (root / top).rglob("*.py"))


def module_name(path: Path, root: Path = ROOT) -> str:
    """helpline/calls/ringing.py -> helpline.calls.ringing; a package's __init__ is the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, modules: set[str], root: Path = ROOT) -> dict[str, int]:
    """Product modules this file imports (at any depth, lazy imports too), with a line number."""
    found: dict[str, int] = {}
    here = module_name(path, root)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                       for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # `import helpline.calls.models` etc.
                target = target.rpartition(".")[0]
            if target and target != here:
                found.setdefault(target, node.lineno)
    return found


def import_graph(root: Path = ROOT) -> dict[str, dict[str, int]]:
    """{module: {imported module: line}} over the product."""
    files = product_files(root)
    modules = {module_name(p, root) for p in files}
    return {module_name(p, root): imported_modules(p, modules, root) for p in files}


def _within(module: str, area: str) -> bool:
    return module == area or module.startswith(area + ".")


def area_of(module: str) -> str | None:
    """The most specific area a module belongs to."""
    areas = [*ADAPTERS, *(a for tier in DOMAINS for a in tier), *GROUND]
    inside = [a for a in areas if _within(module, a)]
    if module != "helpline" and inside == ["helpline"]:
        return None  # a module straight under helpline/ that no area claims
    return max(inside, key=len) if inside else None


def rank_of(area: str) -> int:
    """Higher may import lower: adapters, then each domain tier, then the ground."""
    if area in ADAPTERS:
        return len(DOMAINS) + 1
    for depth, tier in enumerate(DOMAINS):
        if area in tier:
            return len(DOMAINS) - depth
    return 0


def upward_imports(graph: dict[str, dict[str, int]]) -> list[str]:
    """Every import that goes against the house's direction, as a sentence naming it."""
    problems = []
    for module, targets in sorted(graph.items()):
        mine = area_of(module)
        for target, line in sorted(targets.items()):
            theirs = area_of(target)
            if mine is None or theirs is None or mine == theirs:
                continue
            sibling = rank_of(mine) == rank_of(theirs) and 0 < rank_of(mine) <= len(DOMAINS)
            if rank_of(mine) < rank_of(theirs) or sibling:
                problems.append(f"{module} (line {line}) imports {target}: {_tier_name(mine)} "
                                f"{mine} may not import {_tier_name(theirs)} {theirs}")
    return problems


def _tier_name(area: str) -> str:
    return {0: "the ground", len(DOMAINS) + 1: "the adapter"}.get(rank_of(area), "domain package")


def import_cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Every set of modules that import one another in a circle (Tarjan), each as a path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            members = []
            while True:
                member = stack.pop()
                members.append(member)
                if member == node:
                    break
            if len(members) > 1:
                cycles.append(_circle(graph, set(members)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def _circle(graph: dict[str, dict[str, int]], members: set[str]) -> list[str]:
    """One concrete circle through a strongly connected set, from its first module back to it."""
    start = min(members)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph.get(node, {})):
            if nxt == start:
                return [*paths[node], start]
            if nxt in members and nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    return sorted(members)


def imports_of(path: Path) -> set[str]:
    """Every module name a file imports (absolute names, third-party ones too)."""
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
        for path in product_files()
        if any(name == prefix or name.startswith(prefix + ".") for name in imports_of(path))
    }


# ---- the rules, on the real tree ---------------------------------------------------------------

GRAPH = import_graph()


def test_the_product_has_files_to_check():
    assert len(GRAPH) > 60
    assert sum(len(targets) for targets in GRAPH.values()) > 200


def test_every_module_belongs_to_an_area():
    assert [m for m in GRAPH if area_of(m) is None] == []


def test_no_import_goes_up():
    problems = upward_imports(GRAPH)
    assert not problems, "imports against the house's direction:\n" + "\n".join(problems)


def test_no_import_cycle_anywhere():
    cycles = import_cycles(GRAPH)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_ground_at_the_top_of_helpline_stays_small():
    top = sorted(p.name for p in (ROOT / "helpline").glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top
    packages = {m.split(".")[1] for m in GRAPH if m.count(".") >= 2 and m.startswith("helpline.")}
    assert {p.removesuffix(".py") for p in top} & packages == set()


def test_volunteers_never_imports_flask():
    assert {p for p in importers_of("flask") if p.startswith("volunteers/")} == set()


def test_only_telephony_imports_the_twilio_rest_client_and_only_signatures_the_validator():
    assert importers_of("twilio.rest") == {"helpline/telephony.py"}
    assert importers_of("twilio.request_validator") == {"helpline/signatures.py"}


def test_only_phones_imports_phonenumbers():
    assert importers_of("phonenumbers") == {"helpline/phones.py"}


@pytest.mark.parametrize("adapter", ["helpline.routes", "helpline.jobs", "helpline.cli",
                                     "helpline.runtime"])
def test_domain_modules_never_import_adapters(adapter):
    domain = {p for p in importers_of(adapter)
              if rank_of(area_of(module_name(ROOT / p)) or "") <= len(DOMAINS)}
    assert domain == set()


def test_nothing_imports_fakeredis():
    assert importers_of("fakeredis") == set()


def test_the_crisis_check_is_importable_from_its_package():
    from helpline.crisis import signals_danger
    from helpline.texts import signals_danger as from_texts
    from helpline.texts.crisis import signals_danger as from_texts_crisis

    assert signals_danger is from_texts is from_texts_crisis


# ---- the map in the README is the tree ---------------------------------------------------------

def _map_entries() -> list[str]:
    """The paths named in README's "Where things are" tree, e.g. helpline/calls/."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    tree = section.split("```", 2)[1]
    entries: list[str] = []
    parents: list[str] = []
    for line in tree.splitlines()[1:]:  # the first line is the fence's language
        match = re.match(r"^( *)(\S+)", line)
        if not match or len(match.group(1)) > 2 * len(parents):
            continue  # a description carried on to the next line
        depth, name = len(match.group(1)) // 2, match.group(2)
        parents = parents[:depth]
        entries.append("".join(parents) + name)
        parents.append(name if name.endswith("/") else "")
    return entries


def test_the_readme_map_names_only_what_exists():
    missing = [entry for entry in _map_entries() if not (ROOT / entry).exists()]
    assert missing == []


def test_the_readme_map_names_every_package_and_top_module():
    named = set(_map_entries())
    actual = {f"helpline/{p.name}/" for p in (ROOT / "helpline").iterdir()
              if (p / "__init__.py").exists()}
    actual |= {f"helpline/{p.name}" for p in (ROOT / "helpline").glob("*.py")}
    actual |= {f"helpline/routes/{p.name}/" for p in (ROOT / "helpline/routes").iterdir()
               if (p / "__init__.py").exists()}
    assert actual - named == set()


def test_the_readme_states_the_domain_order_the_test_enforces():
    readme = (ROOT / "README.md").read_text()
    line = next(text for text in readme.splitlines() if text.startswith("`activity`"))
    tiers = [re.findall(r"`([\w.]+)`", tier) for tier in line.split("→")[:-1]]
    assert tiers == [[name.removeprefix("helpline.") for name in tier] for tier in DOMAINS]


# ---- the checker itself finds what it is for ----------------------------------------------------

def _tree(root: Path, files: dict[str, str]) -> dict[str, dict[str, int]]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return import_graph(root)


HOUSE = {
    "helpline/__init__.py": "",
    "helpline/db.py": "",
    "helpline/routes/__init__.py": "",
    "helpline/routes/sms.py": "from helpline.texts import inbound\n",
    "helpline/texts/__init__.py": "",
    "helpline/texts/inbound.py": "from helpline import db\nfrom helpline.calls import ringing\n",
    "helpline/calls/__init__.py": "",
    "helpline/calls/ringing.py": "import volunteers.rota\n",
    "volunteers/__init__.py": "",
    "volunteers/rota.py": "from helpline.db import Base\n",
}


def test_the_checker_passes_a_house_in_order(tmp_path):
    graph = _tree(tmp_path, HOUSE)
    assert graph["helpline.texts.inbound"] == {"helpline.db": 1, "helpline.calls.ringing": 2}
    assert upward_imports(graph) == []
    assert import_cycles(graph) == []


def test_the_checker_names_an_upward_import(tmp_path):
    lazy = "def f():\n    from helpline.routes import sms\n"
    graph = _tree(tmp_path, {**HOUSE, "helpline/db.py": lazy})
    assert upward_imports(graph) == [
        "helpline.db (line 2) imports helpline.routes.sms: the ground helpline.db may not "
        "import the adapter helpline.routes"]


def test_the_checker_names_a_domain_importing_a_higher_one(tmp_path):
    graph = _tree(tmp_path, {**HOUSE, "volunteers/rota.py": "from helpline.calls import ringing\n"})
    assert upward_imports(graph) == [
        "volunteers.rota (line 1) imports helpline.calls.ringing: domain package volunteers "
        "may not import domain package helpline.calls"]


def test_the_checker_names_a_sibling_import_between_domain_packages(tmp_path):
    graph = _tree(tmp_path, {**HOUSE, "helpline/meetings/__init__.py": "",
                             "helpline/contacts/__init__.py": "",
                             "helpline/meetings/answers.py": "from helpline.contacts import x\n",
                             "helpline/contacts/x.py": ""})
    assert upward_imports(graph) == [
        "helpline.meetings.answers (line 1) imports helpline.contacts.x: domain package "
        "helpline.meetings may not import domain package helpline.contacts"]


def test_the_checker_names_an_import_cycle(tmp_path):
    graph = _tree(tmp_path, {**HOUSE,
                             "helpline/calls/flow.py": "from helpline.calls import ringing\n",
                             "helpline/calls/ringing.py": "def f():\n"
                                                          "    from helpline.calls import flow\n"})
    assert import_cycles(graph) == [["helpline.calls.flow", "helpline.calls.ringing",
                                     "helpline.calls.flow"]]


def test_the_checker_names_a_module_no_area_claims(tmp_path):
    graph = _tree(tmp_path, {**HOUSE, "helpline/stray.py": ""})
    assert [m for m in graph if area_of(m) is None] == ["helpline.stray"]
