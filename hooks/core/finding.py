"""The finding model shared by every hook."""
from __future__ import annotations

import enum
from sechooks.core.record import field, record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Mapping


class Severity(enum.IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Parse `low`/`medium`/`high`/`critical` (any case); ValueError otherwise."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (expected low, medium, high or critical)",
            ) from None

    def downgrade(self) -> Severity:
        return Severity(max(self.value - 1, Severity.LOW.value))


@record(frozen=True)
class Finding:
    """One problem at one place.

    `severity` overrides the catalogue default for this instance (rules that
    spell out adjustments). `evidence` is the normalised offending text used
    for line-free baseline fingerprints: it is hashed, never printed, so a
    secret may live there. `extra` carries upstream ids and context.
    """

    rule: str
    path: str
    line: int
    col: int = 1
    message: str = ""
    severity: Severity | None = None
    end_line: int | None = None
    end_col: int | None = None
    evidence: str | None = field(default=None, repr=False)
    extra: Mapping[str, str | int] = field(default_factory=dict, compare=False, hash=False)
