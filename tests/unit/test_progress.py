"""Progress bars: on a terminal (even one that reports no size), never in pipes."""

from __future__ import annotations

import io

from hatewatch.progress import progress_bar


class FakeTerminal(io.StringIO):
    """A terminal that cannot report its size (like a pty opened without one)."""

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        raise OSError("no size")


def test_bar_is_drawn_on_a_terminal_without_a_size():
    out = FakeTerminal()
    with progress_bar(1000, "scoring", file=out) as bar:
        bar.update(400)
        bar.update(600)
    text = out.getvalue()
    assert "scoring" in text and "100%" in text and "1.00k/1.00k" in text


def test_no_bar_when_not_a_terminal_or_disabled():
    piped = io.StringIO()
    with progress_bar(10, "scoring", file=piped) as bar:
        bar.update(10)
    assert piped.getvalue() == ""
    out = FakeTerminal()
    with progress_bar(10, "scoring", file=out, enabled=False) as bar:
        bar.update(10)
    assert out.getvalue() == ""
