"""Help texts read well: no type tags on flags, nothing cut off, one wording."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from hatewatch.cli import app
from hatewatch.errors import OutputExistsError

runner = CliRunner()


def _command_paths(group, prefix=()):
    yield prefix
    for name, cmd in getattr(group, "commands", {}).items():
        yield from _command_paths(cmd, (*prefix, name))


PATHS = list(_command_paths(typer.main.get_command(app)))


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "hatewatch")
@pytest.mark.parametrize("width", [80, 120])
def test_help_has_no_type_tags_on_flags_and_nothing_cut_off(path, width):
    result = runner.invoke(app, [*path, "--help"], terminal_width=width)
    assert result.exit_code == 0, result.output
    text = result.output
    assert "<bool>" not in text  # flags take no value
    assert "…" not in text  # no default or help text cut off
    for line in text.splitlines():
        assert len(line) <= width, line
    # every default shown is shown whole (wrapped perhaps, never cut off)
    squeezed = "".join(text.split())
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    for param in command.params:
        if param.show_default and isinstance(param.default, str) and param.default:
            assert "".join(param.default.split()) in squeezed, param.name
    if path == ("train",):
        from hatewatch.cli.train import BOW_OUTPUT

        assert str(BOW_OUTPUT) in squeezed  # the default output folder, whole
    assert not re.search(r"^\s+--C\b", text, re.MULTILINE)  # no option named --C


def test_verbose_is_shown_as_a_count_flag():
    text = runner.invoke(app, ["--help"], terminal_width=100).output
    line = next(ln for ln in text.splitlines() if "--verbose" in ln)
    assert "-v, --verbose" in line
    assert "<int>" not in line and "[default: 0]" not in line
    assert "-vv" in line


def test_top_level_command_summaries_are_whole_sentences():
    text = runner.invoke(app, ["--help"], terminal_width=80).output
    commands = text.split("Commands:")[1]
    for line in commands.strip().splitlines():
        assert not line.rstrip().endswith("..."), line


def _messages(tmp_path):
    from hatewatch.io import TableWriter
    from hatewatch.store import Store

    out = tmp_path / "x.csv"
    out.write_text("text\n")
    yield lambda: TableWriter(out).__enter__()
    store = Store(":memory:")
    (tmp_path / "exp").mkdir()
    (tmp_path / "exp" / "messages.parquet").write_bytes(b"")
    yield lambda: store.export_parquet(tmp_path / "exp")
    (tmp_path / "roster.tsv").write_text("x")
    from hatewatch.roster import load_roster

    roster = load_roster("data/rosters/tk2021.tsv")
    yield lambda: roster.save(tmp_path / "roster.tsv")
    from hatewatch.classifiers.training import check_output

    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "meta.json").write_text("{}")
    yield lambda: check_output(tmp_path / "m", force=False)
    from hatewatch.report import write_report

    (tmp_path / "r.html").write_text("")
    yield lambda: write_report(pd.DataFrame(), tmp_path / "r.html")


def test_every_existing_output_error_has_the_same_wording(tmp_path, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).parents[2])
    n = 0
    for attempt in _messages(tmp_path):
        with pytest.raises(OutputExistsError) as info:
            attempt()
        message = str(info.value)
        assert "already exists" in message, message
        assert "use --force (force=True in Python) to " in message, message
        n += 1
    assert n == 5
