"""Progress bars on stderr for long runs (shown only on a terminal).

Data goes to stdout or files, progress to stderr, and only when stderr is a
terminal: piped or redirected runs and tests stay quiet
(``tqdm(..., disable=None)``).
"""

from __future__ import annotations

import os
import sys
from typing import Any

__all__ = ["progress_bar"]

#: Terminal size used when the terminal does not report one: a pseudo
#: terminal opened without a size reports 0 x 0, and tqdm then prints
#: nothing at all (it believes there is no row to draw on).
FALLBACK_SIZE = (80, 24)


def _size(stream: Any) -> tuple[int, int]:
    try:
        size = os.get_terminal_size(stream.fileno())
        columns, lines = size.columns, size.lines
    except (AttributeError, OSError, ValueError):
        columns = lines = 0
    return (
        columns if columns > 0 else FALLBACK_SIZE[0],
        lines if lines > 0 else FALLBACK_SIZE[1],
    )


def progress_bar(
    total: int | None = None,
    desc: str = "",
    *,
    enabled: bool = True,
    unit: str = " rows",
    file: Any = None,
    leave: bool = True,
) -> Any:
    """A tqdm bar on stderr, shown only when ``file`` is a terminal.

    Parameters
    ----------
    total : int, optional
        Expected count (an estimate is fine); unknown gives a counter and
        a rate without a percentage.
    desc : str
        Label in front of the bar, e.g. ``"scoring"``.
    enabled : bool, default True
        False hides the bar whatever the output is.
    unit : str, default " rows"
        Unit after the counts.
    file : file object, optional
        Where to draw (default ``sys.stderr``).
    leave : bool, default True
        Keep the finished bar on screen (False clears it).

    Returns
    -------
    tqdm.tqdm
        Use as a context manager and call ``update(n)``.
    """
    from tqdm import tqdm

    stream = sys.stderr if file is None else file
    is_tty = bool(getattr(stream, "isatty", lambda: False)())
    columns, lines = _size(stream) if is_tty else (None, None)
    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        unit_scale=True,
        file=stream,
        disable=None if enabled else True,
        # a terminal that reports no size still gets a bar of usual width
        ncols=columns,
        nrows=lines,
        mininterval=0.5,
        leave=leave,
    )
