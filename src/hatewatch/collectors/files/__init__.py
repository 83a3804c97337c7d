"""Importers for messages other tools already collected.

Three formats are read, one module each:

* **twarc2 JSONL** (:mod:`.twarc2`, :func:`read_twarc2`): API v2 response
  pages (``twarc2 search``), filtered-stream lines (``twarc2 stream``), the
  one-tweet-per-line output of ``twarc2 flatten``, and API error lines,
  which are reported with the API's own words.
* **4CAT / Zeeschuimer** (:mod:`.fourcat`, :func:`read_4cat`): Zeeschuimer
  NDJSON (one captured item per line, ``{"id", "source_platform",
  "timestamp_collected", "data"}`` with the platform's own object in
  ``data``; X and Bluesky are understood), and 4CAT's own flat CSV/NDJSON
  export (``id, thread_id, author, body, timestamp, ...``).
* **Generic CSV/TSV/JSONL/Parquet** (:mod:`.generic`, :func:`read_table`)
  with a :class:`ColumnMapping`.

:mod:`.reader` opens, decodes and parses lines for all of them,
:mod:`.batch` holds the shared validation and the columnar batch builder,
and :mod:`.importer` detects formats and writes to the store.

Every importer reads lazily in batches, reports each malformed line (file,
line number, field) and skips it, and pseudonymises authors with
:mod:`hatewatch.privacy` as it reads, so raw author ids never leave this
module. Recipients are platform handles: ``@mentions`` (from the platform's
entities where the format has them, else from the text), the handle replied
to and the handle quoted. :func:`import_file` streams a file into a
:class:`~hatewatch.store.Store` through a columnar fast path.

Examples
--------
>>> from hatewatch import Store
>>> from hatewatch.collectors.files import import_file
>>> with Store("hatewatch.duckdb") as store:  # doctest: +SKIP
...     result = import_file("data/examples/messages.jsonl", store, roster="tk2021")
>>> result.inserted  # doctest: +SKIP
1000
"""

from hatewatch.collectors.files.batch import Batch
from hatewatch.collectors.files.fourcat import FOURCAT_MAPPING
from hatewatch.collectors.files.generic import ColumnMapping
from hatewatch.collectors.files.importer import (
    FORMATS,
    detect_format,
    import_file,
    iter_batches,
    read_4cat,
    read_table,
    read_twarc2,
)

__all__ = [
    "FORMATS",
    "Batch",
    "ColumnMapping",
    "FOURCAT_MAPPING",
    "detect_format",
    "import_file",
    "iter_batches",
    "read_4cat",
    "read_table",
    "read_twarc2",
]
