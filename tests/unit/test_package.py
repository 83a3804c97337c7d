import subprocess
import sys

import hatewatch


def test_import_does_not_pull_heavy_dependencies():
    code = (
        "import sys, hatewatch; "
        "heavy = [m for m in ('torch', 'transformers', 'pandas', 'spacy', 'sklearn')"
        " if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_public_names_resolve_or_name_missing_attribute():
    assert "load_model" in hatewatch.__all__
    try:
        hatewatch.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("unknown attribute did not raise")


def test_every_public_name_resolves():
    for name in hatewatch.__all__:
        assert getattr(hatewatch, name) is not None, name


def test_cli_lists_every_command():
    from typer.testing import CliRunner

    from hatewatch.cli import app

    out = CliRunner().invoke(app, ["--help"]).output
    for command in (
        "score",
        "flag",
        "train",
        "evaluate",
        "import",
        "collect",
        "roster",
        "store",
        "purge",
        "serve",
        "report",
    ):
        assert command in out, command
