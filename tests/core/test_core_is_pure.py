"""`tui.core` never imports Textual, `screens` never the progress store, and `revise check` starts without Textual."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys

import tui.core

BLOCK_TEXTUAL = """
import sys
class BlockTextual:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError("textual is blocked in this test")
sys.meta_path.insert(0, BlockTextual())
"""


def core_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(tui.core.__path__, "tui.core.")]


def test_every_core_module_imports_without_textual():
    modules = core_modules()
    assert "tui.core.progress" in modules and "tui.core.deck" in modules
    code = (
        BLOCK_TEXTUAL
        + "import importlib\n"
        + "".join(f"importlib.import_module({name!r})\n" for name in modules)
        + "assert not any(m.startswith('textual') for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_check_command_does_not_import_textual():
    code = BLOCK_TEXTUAL + (
        "from tui.cli import main\n"
        "code = main(['check'])\n"
        "assert not any(m.startswith('textual') for m in sys.modules), 'textual was imported'\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "29 cards" in result.stdout


# Screens read progress through the context and write through the writer: never the database or its files.
FORBIDDEN_IN_SCREENS = ("tinydb", "tui.core.storage", "tui.core.progress", "filelock", "orjson")


def test_screens_never_import_the_database_or_the_progress_store():
    from tests.test_import_graph import ROOT, imported_names, module_name

    reached = {}
    for path in sorted((ROOT / "screens").rglob("*.py")):
        module = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = imported_names(tree, module, path.name == "__init__.py")
        bad = sorted(n for n in names if n.startswith(FORBIDDEN_IN_SCREENS))
        if bad:
            reached[module] = bad
    assert reached == {}, f"screens reaching storage: {reached}"


def test_the_purity_check_sees_a_lazy_storage_import():
    from tests.test_import_graph import imported_names

    tree = ast.parse("def f():\n    from tui.core.progress import ProgressStore\n")
    assert any(n.startswith(FORBIDDEN_IN_SCREENS) for n in imported_names(tree, "screens.x", False))
