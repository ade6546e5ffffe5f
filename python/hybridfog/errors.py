"""The exception of the hybridfog Python API (docs/python.md)."""

from __future__ import annotations

import re


class InputError(ValueError):
    """Bad input: the same one-line message as the CLI ("FILE:LINE:COL: KEY.PATH: what is wrong"), with its
    parts as attributes: `file` (as written, or "<command line>"), `line` and `column` (1-based, 0 when
    unknown), `key_path` (e.g. "workload.rate" or "--set policy.threshold"; "" when none) and `detail`."""

    def __init__(self, message: str, file: str = "", line: int = 0, column: int = 0, key_path: str = "",
                 detail: str = ""):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = int(line)
        self.column = int(column)
        self.key_path = key_path
        self.detail = detail

    @classmethod
    def from_message(cls, message: str) -> "InputError":
        """Rebuild the parts from the CLI's one-line message (for errors reported by the `hybridfog` binary).
        The key path is taken to be the text up to the next ": " after the location."""
        message = message.strip()
        match = re.match(r"^(?P<file>.+?):(?P<line>\d+)(?::(?P<column>\d+))?: (?P<rest>.*)$", message)
        if match:
            file, line, column, rest = match["file"], int(match["line"]), int(match["column"] or 0), match["rest"]
        elif ": " in message:
            file, rest = message.split(": ", 1)
            line = column = 0
        else:
            return cls(message, detail=message)
        key_path, detail = rest.split(": ", 1) if ": " in rest else ("", rest)
        return cls(message, file, line, column, key_path, detail)
