"""New files as `briefing new` and `briefing import` make them (generator/newfiles.py)."""

from __future__ import annotations

import ast
import os
import signal
from pathlib import Path

import pytest

from generator.newfiles import NewFileError, claim_id, create_file, short_slug
from sitefiles import REPO


def test_the_import_command_uses_no_private_helper_of_another_module():
    borrowed = []
    for path in sorted((REPO / "generator/importing").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
                borrowed += [f"{path.name}: {node.module}.{alias.name}" for alias in node.names
                             if alias.name.startswith("_")]
    assert borrowed == []


def test_a_new_file_is_whole_and_never_replaces_one(tmp_path):
    target = tmp_path / "content/articles/new.md"
    create_file(target, "text\n")
    assert target.read_text(encoding="utf-8") == "text\n"
    with pytest.raises(NewFileError, match="appeared meanwhile: run the command again"):
        create_file(target, "other\n")
    assert target.read_text(encoding="utf-8") == "text\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["new.md"]  # nothing half-written left beside it
    # The file's mode is what open(..., "x") gives it: the user's umask decides.
    plain = tmp_path / "plain.md"
    with plain.open("x") as handle:
        handle.write("x")
    assert os.stat(target).st_mode == os.stat(plain).st_mode


def test_ids_are_claimed_free_or_refused(tmp_path: Path):
    (tmp_path / "a.md").write_text("", encoding="utf-8")
    assert claim_id(tmp_path, ".md", None, "a", frozenset(), "article") == ("a-2", tmp_path / "a-2.md")
    with pytest.raises(NewFileError, match="the article id 'a' is taken"):
        claim_id(tmp_path, ".md", "a", "a", frozenset(), "article")
    assert short_slug("word " * 30) == "-".join(["word"] * 12)


def test_ctrl_c_while_a_file_is_created_leaves_it_whole_and_no_temporary_file(tmp_path, monkeypatch):
    unlink = os.unlink

    def press_then_unlink(path: str) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # pressed as the temporary file is about to be removed
        unlink(path)

    monkeypatch.setattr(os, "unlink", press_then_unlink)
    with pytest.raises(KeyboardInterrupt):
        create_file(tmp_path / "a.md", "whole\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "whole\n"
