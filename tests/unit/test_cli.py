"""The command line: help, info on good and bad files."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from nastavnik_desktop.cli import main
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.schema_version import HEAD_REVISION


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "demo" in out and "info" in out and "Использование" in out


def test_info_json_prints_revision_and_counts(db: Database, programme,  # type: ignore[no-untyped-def]
                                              capsys: pytest.CaptureFixture[str]) -> None:
    db.close()
    assert main(["info", "--db", str(db.path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["revision"] == HEAD_REVISION and data["up_to_date"] is True
    assert data["tables"]["programme"] == 1
    assert data["tables"]["stage_progress"] == 7
    assert data["tables"]["mentoring_form"] == 5
    assert data["tables"]["person"] == 0
    assert [(p["status"], p["pairs"]) for p in data["programmes"]] == [("active", 0)]


def test_info_on_a_foreign_file_says_so_in_russian(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "photo.sqlite"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert main(["info", "--db", str(path)]) == 1
    assert "не является базой данных" in capsys.readouterr().err


def test_info_on_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--db", str(tmp_path / "nope.sqlite")]) == 1
    assert "не найден" in capsys.readouterr().err
    assert not (tmp_path / "nope.sqlite").exists()


def test_demo_refuses_to_overwrite_without_force(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "keep.sqlite"
    path.write_bytes(b"precious")
    assert main(["demo", "--db", str(path)]) == 1
    assert "уже существует" in capsys.readouterr().err
    assert path.read_bytes() == b"precious"


def test_demo_forms_as_many_pairs_as_asked_or_says_why_not(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.sqlite"
    sizes = ["--pupils", "200", "--teachers", "20", "--date", "01.10.2025"]
    assert main(["demo", "--db", str(path), *sizes, "--pairs", "41"]) == 1
    assert "от 5 до 40" in capsys.readouterr().err and not path.exists()
    assert main(["demo", "--db", str(path), *sizes, "--pairs", "30"]) == 0
    out = capsys.readouterr().out
    assert "Программа 2025/2026, пар и групп: 30." in out
    assert "Программа 2024/2025 (в архиве), пар и групп:" in out


@pytest.mark.parametrize("command", ["demo", "info", "report", "import", "match", "restore"])
def test_each_command_s_help_is_russian(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for english in ("positional arguments", "options:", "usage:"):
        assert english not in out


def _every_parser(parser: argparse.ArgumentParser,
                  path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    yield path, parser.format_help()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _every_parser(sub, (*path, name))


def test_no_help_shows_argparse_s_english() -> None:
    """Every command's help, however deep: argparse's titles and the names of the values an
    option takes are Russian («--db ФАЙЛ», not «--db DB»)."""
    from nastavnik_desktop.cli import build_parser

    helps = dict(_every_parser(build_parser()))
    assert len(helps) >= 8
    for path, text in helps.items():
        for english in ("positional arguments", "optional arguments", "options:", "usage:",
                        "show this help", "show program's"):
            assert english not in text, (path, english)
        assert not re.search(r"(?<![\w-])--?[\w-]+ [A-Z][A-Z_]+\b", text), (path, text)
        assert "Использование:" in text, path


@pytest.mark.parametrize(("argv", "said"), [
    (["restore"], "не указан обязательный параметр: --db"),
    (["restore", "--db", "x.sqlite", "--bogus"], "неизвестные параметры: --bogus"),
    (["import", "bogus", "f.csv", "--db", "x.sqlite"], "недопустимое значение «bogus»"),
    (["demo", "--db", "x.sqlite", "--seed", "abc"], "недопустимое значение «abc»"),
])
def test_a_wrong_command_line_is_refused_in_russian(argv: list[str], said: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "ошибка:" in err
    assert "error" not in err and "argument" not in err and "invalid" not in err
