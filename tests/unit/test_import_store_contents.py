"""What ``hatewatch import`` stores, byte for byte, for every input format.

Speed work on the importers must not change what lands in the store. Each
case imports a file (the fixtures in ``tests/data/files`` and files made by
``scripts/_formats.py``, clean and with damaged lines) into a fresh store and
compares a digest of everything it left behind (every table in full, the
counts and the bad lines reported) with the digest the importer gave before
the speed work (commit e272d18).

If a change to what is stored is intended, print the new digests with
``python tests/unit/test_import_store_contents.py`` and say why in the commit.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "data" / "files"

#: Roster handles the generated files aim at.
HANDLES = [f"kamerlid{i}" for i in range(20)]

#: Generated cases: (format, damaged); each also at a batch size of 97.
GENERATED = [
    (name, damaged)
    for name in (
        "twarc2-pages",
        "twarc2-pages-lean",
        "twarc2-flat",
        "twarc2-stream",
        "zeeschuimer",
        "4cat-csv",
    )
    for damaged in (False, True)
]
FIXTURE_FILES = [
    "4cat_export.ndjson",
    "4cat_twitter.csv",
    "export.csv",
    "messages.jsonl",
    "twarc2_flat.jsonl",
    "twarc2_pages.jsonl",
    "twarc2_stream.jsonl",
    "twarc2_stream_with_errors.jsonl",
    "zeeschuimer.ndjson",
]

#: sha256 of :func:`_contents` (16 hex digits) per case, as the importer at
#: commit e272d18 gave them.
EXPECTED: dict[str, str] = {
    "twarc2-pages-150000": "b6d69d6a46c2fe7b",
    "twarc2-pages-97": "b6d69d6a46c2fe7b",
    "twarc2-pages-damaged-150000": "96e76fd55b674f6d",
    "twarc2-pages-damaged-97": "96e76fd55b674f6d",
    "twarc2-pages-lean-150000": "2b25390cfe9ad1c2",
    "twarc2-pages-lean-97": "2b25390cfe9ad1c2",
    "twarc2-pages-lean-damaged-150000": "648849f5b027434a",
    "twarc2-pages-lean-damaged-97": "648849f5b027434a",
    "twarc2-flat-150000": "2aa3121067e9dddb",
    "twarc2-flat-97": "2aa3121067e9dddb",
    "twarc2-flat-damaged-150000": "ca87bc6e2b19fccf",
    "twarc2-flat-damaged-97": "ca87bc6e2b19fccf",
    "twarc2-stream-150000": "37676a43d9ed9f2d",
    "twarc2-stream-97": "37676a43d9ed9f2d",
    "twarc2-stream-damaged-150000": "3bb155b359c06b8b",
    "twarc2-stream-damaged-97": "3bb155b359c06b8b",
    "zeeschuimer-150000": "1f5e89c41adfc1cb",
    "zeeschuimer-97": "1f5e89c41adfc1cb",
    "zeeschuimer-damaged-150000": "539288421658f27e",
    "zeeschuimer-damaged-97": "539288421658f27e",
    "4cat-csv-150000": "7c6b0bcc6a1646d8",
    "4cat-csv-97": "7c6b0bcc6a1646d8",
    "4cat-csv-damaged-150000": "d239c4df5feb100a",
    "4cat-csv-damaged-97": "d239c4df5feb100a",
    "4cat_export.ndjson-150000": "41c3cf8cf8b5d1a6",
    "4cat_export.ndjson-2": "41c3cf8cf8b5d1a6",
    "4cat_twitter.csv-150000": "ff4cd685c47bc027",
    "4cat_twitter.csv-2": "ff4cd685c47bc027",
    "export.csv-150000": "ca9abb52f67c1280",
    "export.csv-2": "ca9abb52f67c1280",
    "messages.jsonl-150000": "ba37d0d4e0d1f3d1",
    "messages.jsonl-2": "9346a1bed333fa12",
    "twarc2_flat.jsonl-150000": "82bb0a92a58d0d4c",
    "twarc2_flat.jsonl-2": "82bb0a92a58d0d4c",
    "twarc2_pages.jsonl-150000": "e1cbd994d1f8b7bf",
    "twarc2_pages.jsonl-2": "e1cbd994d1f8b7bf",
    "twarc2_stream.jsonl-150000": "e45017d10da507d3",
    "twarc2_stream.jsonl-2": "e45017d10da507d3",
    "twarc2_stream_with_errors.jsonl-150000": "0be1c6c265a2ed8c",
    "twarc2_stream_with_errors.jsonl-2": "0be1c6c265a2ed8c",
    "zeeschuimer.ndjson-150000": "40a5ab1b6857bb8d",
    "zeeschuimer.ndjson-2": "40a5ab1b6857bb8d",
}


def _generators() -> dict:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from _formats import GENERATORS, SUFFIX
    finally:
        sys.path.remove(str(REPO / "scripts"))
    return {"generators": GENERATORS, "suffix": SUFFIX}


def _damage(lines: list[str], csv: bool, seed: int = 3) -> list[str]:
    """Repeated lines, cut lines, blank lines, bad dates and missing fields."""
    rng = random.Random(seed)
    out = list(lines)
    for k in range(24):
        i = rng.randrange(1, len(out))
        kind = k % 6
        if kind == 0:
            out.insert(rng.randrange(1, len(out)), out[i])
        elif csv:
            cells = out[i].rstrip("\r\n").split(",")
            if len(cells) < 8:
                continue  # damaged already
            if kind == 1:
                cells[2] = "not a date"
            elif kind == 2:
                cells[4] = ""  # no author
            elif kind == 3:
                cells = cells[:5]  # too few fields
            elif kind == 4:
                cells[0] = ""  # no id
            else:
                cells[7] = " "  # blank body
            out[i] = ",".join(cells) + "\r\n"
        elif kind == 1:
            out[i] = out[i][: len(out[i]) // 2] + "\n"
        elif kind == 2:
            out.insert(i, "\n")
        elif kind == 3:
            out[i] = out[i].replace("2022-", "2022-13-", 1)
            out[i] = out[i].replace("+0000 2022", "+0000 20x2", 1)
        elif kind == 4:
            out[i] = out[i].replace('"author_id": "', '"author_idx": "', 1)
            out[i] = out[i].replace('"user_id_str": "', '"user_id_strx": "', 1)
        else:
            out[i] = out[i].replace('"text": "', '"text": " ', 1)
    return out


def _make(name: str, damaged: bool, folder: Path) -> Path:
    gen = _generators()
    path = folder / f"{name}{'_damaged' if damaged else ''}"
    path = path.with_suffix(gen["suffix"].get(name, ".jsonl"))
    gen["generators"][name](path, 300, HANDLES, seed=11)
    if damaged:
        with open(path, encoding="utf-8", newline="") as fh:
            lines = fh.read().splitlines(keepends=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write("".join(_damage(lines, csv=name == "4cat-csv")))
    return path


def _contents(path: Path, batch_size: int, db: Path) -> dict:
    """Everything one import leaves behind, in a canonical form."""
    from hatewatch.collectors.files import import_file
    from hatewatch.store import ROSTER_COLUMNS, TABLES, Store

    started = datetime.now(UTC).replace(tzinfo=None)
    bad: list[list] = []
    with Store(db) as store:
        store.add_roster(
            {
                "people": pd.DataFrame(
                    {"politician_id": HANDLES, "name": HANDLES, "gender": "unknown"}
                ),
                "spells": pd.DataFrame(columns=list(ROSTER_COLUMNS["spells"])),
                "handles": pd.DataFrame(
                    {"politician_id": HANDLES, "platform": "twitter", "handle": HANDLES}
                ),
            },
            "test",
        )
        result = import_file(
            path,
            store,
            roster="test",
            batch_size=batch_size,
            on_error=lambda b: bad.append(
                [Path(b.path).name, b.line, b.field, b.reason]
            ),
        )
        tables: dict[str, list] = {}
        for table in TABLES:
            cols = [c[0] for c in store.con.execute(f"DESCRIBE {table}").fetchall()]
            rows = store.con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            tables[table] = [cols] + [
                [
                    # the import time stands in for a missing retrieval time
                    "<import time>"
                    if c == "retrieved_at" and v is not None and v >= started
                    else v
                    for c, v in zip(cols, row, strict=True)
                ]
                for row in rows
            ]
    return {"result": result.as_dict(), "bad": bad, "tables": tables}


def _digest(contents: dict) -> str:
    text = json.dumps(contents, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _cases() -> list[tuple[str, str, bool, int]]:
    cases = [
        (f"{name}{'-damaged' if damaged else ''}-{bs}", name, damaged, bs)
        for name, damaged in GENERATED
        for bs in (150_000, 97)
    ]
    cases += [(f"{f}-{bs}", f, False, bs) for f in FIXTURE_FILES for bs in (150_000, 2)]
    return cases


def _digest_of(name: str, damaged: bool, bs: int, tmp: Path) -> str:
    path = FIXTURES / name if name in FIXTURE_FILES else _make(name, damaged, tmp)
    return _digest(_contents(path, bs, tmp / "store.duckdb"))


@pytest.mark.parametrize(("case", "name", "damaged", "bs"), _cases())
def test_import_stores_what_it_stored_before(tmp_path, case, name, damaged, bs):
    assert _digest_of(name, damaged, bs, tmp_path) == EXPECTED[case], (
        f"{case}: the store contents differ from those of commit e272d18"
    )


if __name__ == "__main__":  # print the digests (see the module docstring)
    import os
    import tempfile

    os.environ["HATEWATCH_PSEUDONYM_KEY"] = "test-key-not-a-secret"
    for case, name, damaged, bs in _cases():
        with tempfile.TemporaryDirectory() as tmp:
            print(f'    "{case}": "{_digest_of(name, damaged, bs, Path(tmp))}",')
