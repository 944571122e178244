"""The user-facing text: one messages package per project package, nothing else.

Fails on a Vietnamese string literal in code outside `<pkg>/messages/`
(docstrings, comments and data files excepted), a messages entry nothing
uses, one wording under two names, one name in two area modules, an import
of a messages package instead of an area, and a `msg.NAME` the area lacks.
The self-checks at the end feed each rule a synthetic offender.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("doithoai", "pipeline", "minutes", "broadcast")
# Where a use of an entry counts: the source tree and the page templates, not tests.
USE_ROOTS = (*PACKAGES, "bench", "scripts")
# Where imports of the messages are checked (tests included: they must still resolve).
IMPORT_ROOTS = (*USE_ROOTS, "tests")

_LETTERS = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
# Vietnamese letters (both cases) and the combining tone marks of decomposed text.
VIETNAMESE = re.compile(f"[{_LETTERS}{_LETTERS.upper()}\u0300\u0301\u0303\u0309\u0323]")

# Modules whose Vietnamese literals are the language itself (words and patterns the
# code recognises in speech or spells out for the radio), not text shown to a user.
LANGUAGE_DATA = {
    "broadcast/normalize/codes.py": "how letters and codes are read aloud",
    "broadcast/normalize/datetimes.py": "how dates and times are read aloud",
    "broadcast/normalize/dictionary.py": "built-in abbreviation readings",
    "broadcast/normalize/numbers.py": "number words read aloud",
    "broadcast/normalize/quantities.py": "unit words read aloud",
    "broadcast/normalize/spelling.py": "letter names and syllable rules",
    "broadcast/normalize/symbols.py": "symbols read aloud",
    "minutes/glyph_widths.py": "glyph widths of Vietnamese letters",
    "minutes/extract/answers.py": "answer cues spoken at the meeting",
    "minutes/extract/extractor.py": "filler words of speech",
    "minutes/extract/intro.py": "self-introduction patterns",
    "minutes/extract/kind.py": "question and request cues",
    "minutes/lexicon.py": "tone marks and letters folded for matching",
    "minutes/extract/topic.py": "topic cues",
    "minutes/extract/turns.py": "turn-taking cues",
    "pipeline/speakers.py": "self-introduction and invitation patterns",
    "pipeline/glossary.py": "tone marks and letters folded for matching",
    "doithoai/services/broadcast.py": "number words the listening check compares",
}


def _py_files(*roots: str) -> list[Path]:
    return [p for r in roots if (ROOT / r).is_dir() for p in sorted((ROOT / r).rglob("*.py")) if ".venv" not in p.parts]


def _is_messages(path: Path) -> bool:
    rel = path.relative_to(ROOT).parts
    return len(rel) > 2 and rel[0] in PACKAGES and rel[1] == "messages"


def _docstring_ids(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                ids.add(id(first.value))
    return ids


def vietnamese_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal holding a Vietnamese letter; docstrings excepted."""
    tree = ast.parse(source)
    docs = _docstring_ids(tree)
    return sorted(
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs and VIETNAMESE.search(n.value)
    )


def _defined_names(source: str) -> list[str]:
    """Public names a messages module defines at top level (not the ones it imports)."""
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return [n for n in names if not n.startswith("_")]


def area_modules(package: str) -> dict[str, Path]:
    folder = ROOT / package / "messages"
    return {f"{package}.messages.{p.stem}": p for p in sorted(folder.glob("*.py")) if p.stem != "__init__"}


def entries(package: str) -> dict[str, dict[str, object]]:
    """area module -> {name: value} of its public entries."""
    out = {}
    for module, path in area_modules(package).items():
        loaded = importlib.import_module(module)
        out[module] = {n: getattr(loaded, n) for n in _defined_names(path.read_text(encoding="utf-8"))}
    return out


def used_names(sources: list[str], templates: list[str]) -> set[str]:
    """Names read as `x.NAME` or imported by name from a messages module.

    `sources` may include the messages modules only for what they import from
    each other (a shared piece of wording); see `_cross_area_imports`."""
    used: set[str] = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Attribute):
                used.add(node.attr)
            elif isinstance(node, ast.ImportFrom) and node.module and ".messages" in f".{node.module}":
                used.update(a.name for a in node.names)
    for text in templates:
        used.update(re.findall(r"\.([A-Za-z_]\w*)", text))
    return used


def unused_entries(found: dict[str, dict[str, object]], used: set[str]) -> list[str]:
    return [f"{module}.{name}" for module, names in found.items() for name in names if name not in used]


def duplicate_wordings(found: dict[str, dict[str, object]]) -> list[list[str]]:
    by_text: dict[str, list[str]] = {}
    for module, names in found.items():
        for name, value in names.items():
            if isinstance(value, str) and value.strip():
                by_text.setdefault(value, []).append(f"{module}.{name}")
    return [names for names in by_text.values() if len(names) > 1]


def names_in_two_areas(found: dict[str, dict[str, object]]) -> list[tuple[str, list[str]]]:
    where: dict[str, list[str]] = {}
    for module, names in found.items():
        for name in names:
            where.setdefault(name, []).append(module)
    return [(name, modules) for name, modules in where.items() if len(modules) > 1]


def bad_message_imports(source: str, areas: dict[str, set[str]]) -> list[str]:
    """Imports of a messages package (not an area) and `alias.NAME` the area lacks.

    `areas`: area module -> its public names (and any module-level name)."""
    problems, aliases = [], {}
    tree = ast.parse(source)
    packages = {f"{p}.messages" for p in PACKAGES}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                full = f"{node.module}.{a.name}"
                if full in packages or node.module in packages and full not in areas:
                    problems.append(f"line {node.lineno}: import an area module, not {full}")
                elif full in areas:
                    aliases[a.asname or a.name] = full
                elif node.module in areas and a.name not in areas[node.module]:
                    problems.append(f"line {node.lineno}: {node.module} has no {a.name}")
        elif isinstance(node, ast.Import):
            problems += [f"line {node.lineno}: import {a.name}" for a in node.names if a.name in packages]
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr not in areas[aliases[node.value.id]]
        ):
            problems.append(f"line {node.lineno}: {aliases[node.value.id]} has no {node.attr}")
    return problems


def _all_areas() -> dict[str, set[str]]:
    out = {}
    for package in PACKAGES:
        for module in area_modules(package):
            out[module] = set(vars(importlib.import_module(module)))
    return out


# --- the rules, on the real tree --------------------------------------------------------


def test_no_vietnamese_literal_outside_the_messages():
    found = []
    for path in _py_files(*PACKAGES):
        rel = path.relative_to(ROOT).as_posix()
        if _is_messages(path) or rel in LANGUAGE_DATA:
            continue
        found += [
            f"{rel}:{line}: {text[:60]!r}" for line, text in vietnamese_literals(path.read_text(encoding="utf-8"))
        ]
    assert not found, "Vietnamese text belongs in <package>/messages/:\n" + "\n".join(found)


def test_language_data_list_is_current():
    stale = [
        rel
        for rel in LANGUAGE_DATA
        if not (ROOT / rel).exists() or not vietnamese_literals((ROOT / rel).read_text(encoding="utf-8"))
    ]
    assert not stale, f"no Vietnamese literal left, drop from LANGUAGE_DATA: {stale}"


def test_messages_packages_have_no_reexports():
    for package in PACKAGES:
        init = ROOT / package / "messages" / "__init__.py"
        body = [
            n
            for n in ast.parse(init.read_text(encoding="utf-8")).body
            if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))
        ]
        assert not body, f"{init.relative_to(ROOT)}: only a docstring (import the area module instead)"
        for path in area_modules(package).values():
            assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path


def _cross_area_imports(source: str) -> str:
    """Only the imports of a messages module: what one area reuses from another."""
    return "\n".join(ast.unparse(n) for n in ast.parse(source).body if isinstance(n, ast.ImportFrom))


@pytest.fixture(scope="module")
def uses() -> set[str]:
    sources = [
        p.read_text(encoding="utf-8") if not _is_messages(p) else _cross_area_imports(p.read_text(encoding="utf-8"))
        for p in _py_files(*USE_ROOTS)
    ]
    templates = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "doithoai" / "web" / "templates").rglob("*.html"))
    ]
    return used_names(sources, templates)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_entry_is_used(package, uses):
    unused = unused_entries(entries(package), uses)
    assert not unused, "unused (delete them, or make a building block _private):\n" + "\n".join(unused)


@pytest.mark.parametrize("package", PACKAGES)
def test_one_wording_one_name(package):
    found = entries(package)
    assert not duplicate_wordings(found), f"same text under two names: {duplicate_wordings(found)}"
    assert not names_in_two_areas(found), f"same name in two area modules: {names_in_two_areas(found)}"


def test_messages_are_imported_by_area():
    areas = _all_areas()
    problems = []
    for path in _py_files(*IMPORT_ROOTS):
        problems += [
            f"{path.relative_to(ROOT)}: {p}" for p in bad_message_imports(path.read_text(encoding="utf-8"), areas)
        ]
    assert not problems, "\n".join(problems)


# --- self-checks: each rule catches a synthetic offender -----------------------------------

SNIPPET = '''"""Mô-đun có chữ Việt trong docstring."""
# chú thích tiếng Việt
from doithoai import messages as msg
from doithoai.messages import review as rv

def f(x):
    """Trả về gì đó."""
    ok = "plain ascii — “quotes” → arrows"
    return f"Đã lưu {x}" + rv.NO_SUCH_NAME + rv.ACCEPTED
BAD = "Không tìm thấy"
'''


def test_self_check_literals():
    assert [line for line, _ in vietnamese_literals(SNIPPET)] == [9, 10]
    assert vietnamese_literals('x = "Mo\u0302\u0323t"')  # decomposed tone marks count too


def test_self_check_catalogue_rules():
    found = {"p.messages.a": {"X": "Chào", "USED": "một"}, "p.messages.b": {"Y": "Chào", "X": "hai"}}
    assert duplicate_wordings(found) == [["p.messages.a.X", "p.messages.b.Y"]]
    assert names_in_two_areas(found) == [("X", ["p.messages.a", "p.messages.b"])]
    assert unused_entries(found, used_names(["print(m.USED, m.X)"], ["{{ msg.Y }}"])) == []
    assert unused_entries(found, used_names(["print(m.USED)"], [])) == [
        "p.messages.a.X",
        "p.messages.b.Y",
        "p.messages.b.X",
    ]


def test_self_check_imports():
    areas = {"doithoai.messages.review": {"ACCEPTED"}}
    assert bad_message_imports(SNIPPET, areas) == [
        "line 3: import an area module, not doithoai.messages",
        "line 9: doithoai.messages.review has no NO_SUCH_NAME",
    ]
