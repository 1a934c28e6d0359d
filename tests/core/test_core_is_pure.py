"""`tui.core` never imports Textual, and `revise check` starts without it."""

from __future__ import annotations

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
