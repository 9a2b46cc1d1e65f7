"""What is wrong with a catalogue file, one line per problem, in Thai and English, naming where it is."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from cockpit.errors import CockpitError


@dataclass(frozen=True)
class Problem:
    """One problem: the sheet, the row as a spreadsheet numbers it (header = 1; None: the whole sheet or file),
    the column (None: the whole row) and why."""

    sheet: str | None
    row: int | None
    column: str | None
    th: str
    en: str

    def where(self) -> str:
        parts = [self.sheet or "file"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def line(self) -> str:
        return f"{self.where()}: {self.en} · {self.th}"

    def as_dict(self) -> dict:
        return asdict(self)


class CatalogueRejected(CockpitError):
    """The catalogue was not imported: nothing was written. `problems` says every reason."""

    exit_code = 1

    def __init__(self, problems: list[Problem], changes: dict | None = None):
        count = len(problems)
        super().__init__(
            f"the catalogue was not imported ({count} problem{'s' if count != 1 else ''}; nothing was written)"
        )
        self.problems = problems
        self.changes = changes


def sort_problems(problems: list[Problem], sheet_order: tuple[str, ...]) -> list[Problem]:
    """File problems first, then by sheet in workbook order, row and column."""
    rank = {name: index for index, name in enumerate(sheet_order)}
    return sorted(
        problems,
        key=lambda p: (
            -1 if p.sheet is None else rank.get(p.sheet, len(rank)),
            p.row if p.row is not None else -1,
            p.column or "",
        ),
    )
