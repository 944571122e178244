"""The shape of the code (docs/architecture.md): the one-way layers and the
absence of import cycles (import-linter contracts in pyproject.toml), small
modules, and no function-level import unless it loads a heavy optional
dependency lazily and says so (`# lazy: <why>`).

The contracts are also shown to break: a copy of the packages with an
upward import and a cycle added must fail the same check."""

from __future__ import annotations

import ast
import io
import os
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("doithoai", "pipeline", "minutes", "broadcast")
MAX_LINES = 400
LAZY = re.compile(r"#\s*lazy:\s*\S")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """The import-linter contracts of root/pyproject.toml over the packages in root."""
    exe = Path(sys.executable).with_name("lint-imports")
    assert exe.is_file(), f"{exe} missing: pip install -e '.[test]' installs import-linter"
    env = {**os.environ, "PYTHONPATH": str(root)}  # before the editable install's finder
    return subprocess.run(
        [str(exe), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def project_modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py") if "__pycache__" not in p.parts)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_layer_contracts_hold():
    result = lint_imports(ROOT)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "BROKEN" not in report and re.search(r"Contracts: \d+ kept, 0 broken", report), report


def test_the_contracts_fail_on_an_upward_import_and_a_cycle(tmp_path):
    for pkg in PACKAGES:
        shutil.copytree(ROOT / pkg, tmp_path / pkg, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)

    def append(module: str, line: str) -> None:
        path = tmp_path / module
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")

    append("doithoai/services/audit.py", "import doithoai.web.render")  # a service reaching up into the web
    append("doithoai/jobs/lifecycle.py", "import doithoai.services.meetings")  # the queue side reaching services
    append("pipeline/atomic.py", "import doithoai.settings")  # the engine reaching into the application
    append("minutes/types.py", "import broadcast.errors")  # one library using the other
    append("broadcast/tts/cache.py", "import sqlalchemy")  # a library using the database
    append("broadcast/tts/base.py", "import broadcast.tts.chain")  # chain imports base: a cycle

    result = lint_imports(tmp_path)
    report = result.stdout + result.stderr
    assert result.returncode != 0, report
    for broken in (
        "doithoai.services is not allowed to import doithoai.web",
        "doithoai.jobs is not allowed to import doithoai.services",
        "pipeline is not allowed to import doithoai",
        "minutes is not allowed to import broadcast",
        "broadcast is not allowed to import sqlalchemy",
        "No cycles are allowed in broadcast.tts",
    ):
        assert broken in report, f"{broken!r} not reported:\n{report}"


def test_no_module_over_the_size_limit():
    sizes = {rel(p): len(p.read_text(encoding="utf-8").splitlines()) for p in project_modules()}
    over = {path: n for path, n in sizes.items() if n > MAX_LINES}
    assert not over, f"modules over {MAX_LINES} lines: split them: {over}"


def _comments(source: str) -> dict[int, str]:
    return {
        tok.start[0]: tok.string
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type == tokenize.COMMENT
    }


def _imported(node: ast.Import | ast.ImportFrom) -> str:
    if isinstance(node, ast.Import):
        return ", ".join(alias.name for alias in node.names)
    return "." * node.level + (node.module or "")


def function_level_imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, imported module, marked `# lazy:`) of each import inside a function body."""
    source = path.read_text(encoding="utf-8")
    comments = _comments(source)
    found = []
    for func in ast.walk(ast.parse(source)):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.Import | ast.ImportFrom):
                lines = range(node.lineno, (node.end_lineno or node.lineno) + 1)
                marked = any(LAZY.search(comments.get(n, "")) for n in lines)
                found.append((node.lineno, _imported(node), marked))
    return sorted(set(found))  # an import in a nested function is seen from each enclosing one


def test_function_level_imports_only_load_heavy_dependencies_lazily():
    unmarked = {
        f"{rel(p)}:{name}" for p in project_modules() for _, name, marked in function_level_imports(p) if not marked
    }
    new = sorted(unmarked)
    assert not new, (
        "function-level imports: move them to the module's top, or mark a heavy optional "
        f"dependency loaded lazily with `# lazy: <why>`: {new}"
    )


def test_the_function_level_import_check_sees_marked_and_unmarked_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import os\n\n\ndef f():\n    import json\n    from faster_whisper import (  # lazy: 1 s, optional\n"
        "        WhisperModel,\n    )\n\n    def g():\n        import re  # lazy:\n\n\n"
        "class C:\n    async def h(self):\n        from . import x  # lazy: optional\n",
        encoding="utf-8",
    )
    assert function_level_imports(module) == [
        (5, "json", False),
        (6, "faster_whisper", True),
        (11, "re", False),
        (16, ".", True),
    ]


@pytest.mark.parametrize("marker", ["# lazy: ctranslate2 loads in 2 s", "#lazy: torch, only with --speakers"])
def test_a_lazy_marker_needs_a_reason(tmp_path, marker):
    module = tmp_path / "m.py"
    module.write_text(f"def f():\n    import torch  {marker}\n", encoding="utf-8")
    assert function_level_imports(module) == [(2, "torch", True)]
