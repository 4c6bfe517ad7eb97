"""CSV as the site exports it, in one place: cells a spreadsheet would run as a formula made inert, lines
written one at a time (a streamed response never holds a whole classroom's attempts), and a byte-order mark
first so that spreadsheets (Excel above all) read the file as UTF-8 and show non-ASCII names correctly."""
from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run a cell starting so as a formula
BOM = "\ufeff"


def inert(text: str) -> str:
    """A cell a spreadsheet will show as text, never run: a leading ' before =, +, -, @ (and tab, CR)."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def from_cell(text: str) -> str:
    """A cell read back: the ' that `inert` added taken off."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def cell(value) -> str:
    """A value as its cell: numbers as written, None empty, booleans 1/0, any text made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return str(value)
    return inert(str(value))


def decimal_text(p: float | None, places: int = 3) -> str:
    """A probability (or any number) with `places` decimals, empty where unknown."""
    return "" if p is None else f"{p:.{places}f}"


class _Line:
    """What csv.writer writes to: each row comes back as its text."""

    def write(self, text: str) -> str:
        return text


def csv_lines(headers: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The byte-order mark, then the header and each row as one CSV line, every cell through `cell`."""
    writer = csv.writer(_Line(), lineterminator="\n")
    yield BOM
    yield writer.writerow([cell(h) for h in headers])
    for row in rows:
        yield writer.writerow([cell(value) for value in row])


def csv_text(headers: Iterable, rows: Iterable[Iterable]) -> str:
    return "".join(csv_lines(headers, rows))
