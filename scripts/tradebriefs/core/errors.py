"""Findings with their place, and the one exception that carries them to the edge."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Place:
    """Where a finding is: 1-based line and column, like a compiler."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


@dataclass(frozen=True, order=True)
class Finding:
    place: Place
    message: str
    severity: str = "error"  # "error" fails the build; "warning" is shown and the build goes on
    check: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.place}: {self.severity}: {self.message}"


class DataError(Exception):
    """Raised once, at the end of a stage, with every error that stage collected."""

    def __init__(self, findings: list[Finding]):
        self.findings = sorted(findings)
        super().__init__("\n".join(str(f) for f in self.findings))


def errors_in(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


class SettingError(Exception):
    """A setting the user gave (an option, an environment variable) that cannot be used; the message says why."""
