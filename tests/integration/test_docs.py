"""Every code snippet in README.md and docs/*.md runs as written.

Each fenced block becomes a test, run in a fresh folder that holds what
``make example`` makes (the example store as ``hatewatch.duckdb``, with the
tk2021 roster, the 5,000 example messages and their scores, and the case
database ``triage.sqlite`` beside it), ``data/`` of
the repository, a copy of the shipped model under ``models/``, and the small
input files the snippets name (``messages.csv``, ``twarc2.jsonl``, ...; see
`_inputs`).

- ``python`` blocks run with ``exec`` (or as doctests when they show ``>>>``
  prompts, comparing the output), each in a fresh namespace.
- ``sh``/``bash`` blocks run line by line; ``console`` blocks run their
  ``$`` lines and compare the output shown under them. ``hatewatch ...``
  runs the CLI in process; ``export NAME=VALUE`` and ``cp`` are understood.
- Blocks without a language, ``toml`` and ``text`` are output or config,
  not run.

What cannot run here is marked, never silently dropped:

- a block preceded by ``<!-- docs-test: skip: REASON -->`` is reported as
  skipped with that reason; ``<!-- docs-test: slow: REASON -->`` runs only
  with the slow tests (``make test-all``);
- single commands that never run in tests are listed in `NOT_RUN` with the
  reason (network collectors, installation, benchmark scripts).

A shell command that is neither run nor listed fails the test, so a new
snippet cannot escape.
"""

from __future__ import annotations

import contextlib
import doctest
import functools
import gzip
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
RUN_LANGS = {"python", "sh", "bash", "console"}

#: Command prefixes that never run in the test suite, and why.
NOT_RUN: dict[str, str] = {
    "hatewatch collect ": "needs the network and platform credentials; the "
    "collectors are tested against recorded responses in tests/data/",
    "make ": "builds .venv and runs the suites themselves",
    "python3.11 -m venv": "installation",
    ".venv/bin/pip install": "installation",
    "pip install": "installation",
    "python scripts/": "benchmark and analysis scripts, minutes each",
    ".venv/bin/python scripts/": "benchmark and analysis scripts, minutes each",
}
_ENV_ASSIGN = re.compile(r"^[A-Z_][A-Z0-9_]*=\S*\s+")


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # of the opening fence, 1-based
    lang: str
    code: str
    marker: tuple[str, str] | None  # ("skip" | "slow", reason)

    @property
    def id(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line}"


def _blocks() -> list[Block]:
    found = []
    for path in DOCS:
        lines = path.read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines):
            m = re.match(r"^```\s*(\S*)", lines[i])
            if not m:
                i += 1
                continue
            j = i + 1
            while not lines[j].startswith("```"):
                j += 1
            marker = None
            k = i - 1
            while k >= 0 and not lines[k].strip():
                k -= 1
            mk = re.match(r"<!--\s*docs-test:\s*(skip|slow):\s*(.+?)\s*-->", lines[k])
            if k >= 0 and mk:
                marker = (mk[1], mk[2])
            found.append(
                Block(path, i + 1, m[1].lower(), "\n".join(lines[i + 1 : j]), marker)
            )
            i = j + 1
    return found


BLOCKS = _blocks()


def _params():
    for block in BLOCKS:
        if block.lang not in RUN_LANGS:
            continue
        marks = []
        if block.marker and block.marker[0] == "skip":
            marks.append(pytest.mark.skip(reason=block.marker[1]))
        elif block.marker and block.marker[0] == "slow":
            marks.append(pytest.mark.slow)
        yield pytest.param(block, id=block.id, marks=marks)


# ---------------------------------------------------------------- fixtures


def _inputs(folder: Path) -> None:
    """The input files the snippets name, small and made from repo data."""
    examples = pd.read_json(REPO / "data" / "examples" / "messages.jsonl", lines=True)
    head = examples.head(300)
    head[["message_id", "text"]].rename(columns={"message_id": "id"}).to_csv(
        folder / "messages.csv", index=False
    )
    with gzip.open(folder / "messages.jsonl.gz", "wt", encoding="utf-8") as fh:
        for _, row in head.iterrows():
            fh.write(json.dumps({"id": row["message_id"], "body": row["text"]}) + "\n")
    files = REPO / "tests" / "data" / "files"
    shutil.copy(files / "twarc2_pages.jsonl", folder / "twarc2.jsonl")
    shutil.copy(files / "4cat_export.ndjson", folder / "4cat_export.ndjson")
    shutil.copy(files / "export.csv", folder / "export.csv")
    labelled = pd.read_csv(REPO / "data" / "annotations" / "constructed_nl.csv")
    sample = labelled.groupby("label", group_keys=False).head(40)
    sample.to_csv(folder / "my_labels.csv", index=False)
    sample.to_csv(folder / "my_labelled.csv", index=False)
    sample[["text", "label"]].to_json(
        folder / "my_test.jsonl", orient="records", lines=True, force_ascii=False
    )
    # raw IMSyPP layout (uri, doc, type, target): type 0/1 neutral, 2 hate, 3 threat
    code = {"neutral": 0, "hate": 2, "threat": 3}
    pd.DataFrame(
        {
            "uri": [f"https://x.example/{i // 3}" for i in range(len(sample))],
            "doc": sample["text"].to_numpy(),
            "type": sample["label"].map(code).to_numpy(),
            "target": "",
        }
    ).to_csv(folder / "IMSyPP_NL_train.csv", index=False)


@pytest.fixture(scope="module")
def example_folder(tmp_path_factory) -> Path:
    """What ``make example`` builds (store and case database), plus the inputs
    the snippets name."""
    from hatewatch.cli import app

    folder = tmp_path_factory.mktemp("docs-template")
    env = {
        "HATEWATCH_PSEUDONYM_KEY": "docs-test-key-not-a-secret",
        "HATEWATCH_STORE": str(folder / "hatewatch.duckdb"),
    }
    runner = CliRunner()
    for args in (
        ["roster", "load", str(REPO / "data/rosters/tk2021.tsv"), "--name", "tk2021"],
        ["import", str(REPO / "data/examples/messages.jsonl"), "--roster", "tk2021"],
        ["score", "--store", str(folder / "hatewatch.duckdb")],
        ["cases", "sync", "--store", str(folder / "hatewatch.duckdb")],
        ["sample", "--n", "600", "-o", str(folder / "to_label.csv")],
    ):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 0, result.output
    # the README's "label it by hand" step, done as make example does it: the
    # example messages' known labels fill the sample's label column
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "example_validation.py"),
            str(folder / "to_label.csv"),
            str(folder / "labelled.csv"),
        ],
        check=True,
        capture_output=True,
    )
    (folder / "to_label.csv").unlink()
    # where `make example` leaves it, for snippets that name that path
    (folder / "out" / "example").mkdir(parents=True)
    shutil.copy(folder / "hatewatch.duckdb", folder / "out/example/hatewatch.duckdb")
    shutil.copy(folder / "triage.sqlite", folder / "out/example/triage.sqlite")
    (folder / "models").mkdir()
    from hatewatch.classifiers.persist import default_model_path

    shipped = default_model_path()
    shutil.copytree(shipped, folder / "models" / shipped.name)
    _inputs(folder)
    return folder


@pytest.fixture
def workdir(example_folder, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the example folder as the working directory."""
    work = tmp_path / "work"
    shutil.copytree(example_folder, work, symlinks=True)
    (work / "data").symlink_to(REPO / "data")
    monkeypatch.chdir(work)
    monkeypatch.delenv("HATEWATCH_STORE", raising=False)
    monkeypatch.delenv("HATEWATCH_MODEL", raising=False)
    monkeypatch.setenv("HATEWATCH_CONFIG", str(work / "no-credentials.toml"))
    bindir = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", bindir + os.pathsep + os.environ.get("PATH", ""))
    return work


@pytest.fixture(autouse=True, scope="module")
def _load_the_model_once():
    """Snippets load the shipped model many times; load it once."""
    from hatewatch import classifiers
    from hatewatch.classifiers import persist

    original = persist.load_model

    @functools.cache
    def cached(key):
        return original(key)

    def load(path=None):
        return cached(None if path is None else str(Path(path).resolve()))

    import hatewatch

    mp = pytest.MonkeyPatch()
    # the packages resolve load_model lazily from persist: patch them before
    # persist, so what undo() restores is the original function
    mp.setattr(hatewatch, "load_model", load)
    mp.setattr(classifiers, "load_model", load)
    mp.setattr(persist, "load_model", load)
    yield
    mp.undo()


# ---------------------------------------------------------------- runners


def _logical_lines(code: str) -> list[str]:
    out: list[str] = []
    buf = ""
    for raw in code.splitlines():
        if raw.rstrip().endswith("\\"):
            buf += raw.rstrip()[:-1] + " "
            continue
        out.append(buf + raw)
        buf = ""
    if buf:
        out.append(buf)
    return out


def _not_run(command: str) -> str | None:
    bare = _ENV_ASSIGN.sub("", command)
    for prefix, reason in NOT_RUN.items():
        if bare.startswith(prefix):
            return reason
    return None


def _run_command(command: str, block: Block, monkeypatch) -> str:
    """Run one shell command of a snippet; return its stdout."""
    from hatewatch.cli import app

    words = shlex.split(command, comments=True)
    if not words:
        return ""
    where = f"{block.id}: {command!r}"
    if words[0] == "export":
        # let bash evaluate quotes and $(...) as a reader's shell would
        names = [w.partition("=")[0] for w in words[1:]]
        script = command + "\n" + "\n".join(f'printf "%s\\0" "${n}"' for n in names)
        out = subprocess.run(
            ["bash", "-c", script], capture_output=True, text=True, check=True
        ).stdout
        for name, value in zip(names, out.split("\0")[:-1], strict=True):
            monkeypatch.setenv(name, value)
        return ""
    if words[0] == "cp" and len(words) == 3:
        shutil.copy(words[1], words[2])
        return ""
    if words[0] == "hatewatch":
        result = CliRunner().invoke(app, words[1:], catch_exceptions=True)
        if result.exit_code != 0:
            raise AssertionError(
                f"{where} exited {result.exit_code}:\n{result.output}"
                + (f"\n{result.exception!r}" if result.exception else "")
            )
        return result.stdout
    raise AssertionError(
        f"{where}: not a command this test knows how to run; run it in "
        "tests/integration/test_docs.py, add it to NOT_RUN with a reason, or "
        "mark the block <!-- docs-test: skip: REASON -->"
    )


def _run_shell(block: Block, monkeypatch) -> None:
    for line in _logical_lines(block.code):
        command = line.strip()
        if not command or command.startswith("#") or _not_run(command):
            continue
        _run_command(command, block, monkeypatch)


def _run_console(block: Block, monkeypatch) -> None:
    lines = block.code.splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            i += 1
            continue
        command = lines[i][2:].strip()
        expected = []
        i += 1
        while i < len(lines) and not lines[i].startswith("$ "):
            expected.append(lines[i])
            i += 1
        if _not_run(command):
            continue
        out = _run_command(command, block, monkeypatch)
        if expected:
            squeeze = lambda s: [" ".join(ln.split()) for ln in s.strip().splitlines()]  # noqa: E731
            assert squeeze(out) == squeeze("\n".join(expected)), block.id


def _run_python(block: Block) -> None:
    if block.code.lstrip().startswith(">>>"):
        parser = doctest.DocTestParser()
        test = parser.get_doctest(block.code, {}, block.id, str(block.path), block.line)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        out: list[str] = []
        runner.run(test, out=out.append)
        assert runner.failures == 0, "".join(out)
        return
    code = compile(block.code, block.id, "exec")
    namespace: dict = {"__name__": "__docs__"}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(code, namespace)


@pytest.mark.parametrize("block", list(_params()))
def test_snippet_runs_as_written(block: Block, workdir, monkeypatch) -> None:
    if block.lang == "python":
        _run_python(block)
    elif block.lang == "console":
        _run_console(block, monkeypatch)
    else:
        _run_shell(block, monkeypatch)


def test_every_snippet_is_run_or_marked() -> None:
    # the languages the docs use are known; nothing is dropped silently
    langs = {b.lang for b in BLOCKS}
    assert langs <= RUN_LANGS | {"", "toml", "text"}, langs
    readme = [b for b in BLOCKS if b.path.name == "README.md" and b.lang == "python"]
    assert readme and all(b.marker is None for b in readme)  # the Quick tour runs
