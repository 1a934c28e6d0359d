"""Path completion in the open-deck dialog."""

from __future__ import annotations

from tui.widgets.path_suggester import PathSuggester


async def test_completes_the_first_matching_file_then_folders_with_a_slash(tmp_path):
    (tmp_path / "biology.txt").write_text("x")
    (tmp_path / "bio-old.txt").write_text("x")
    (tmp_path / "decks").mkdir()
    (tmp_path / ".hidden.toml").write_text("x")
    suggest = PathSuggester().get_suggestion
    assert await suggest(f"{tmp_path}/biol") == f"{tmp_path}/biology.txt"
    assert await suggest(f"{tmp_path}/bio") == f"{tmp_path}/bio-old.txt"  # sorted: '-' before 'l'
    assert await suggest(f"{tmp_path}/de") == f"{tmp_path}/decks/"
    assert await suggest(f"{tmp_path}/") == f"{tmp_path}/bio-old.txt"  # hidden files only when typed
    assert await suggest(f"{tmp_path}/.h") == f"{tmp_path}/.hidden.toml"
    assert await suggest(f"{tmp_path}/nothing") is None
    assert await suggest(f"{tmp_path}/no-such-folder/x") is None
    assert await suggest("") is None
