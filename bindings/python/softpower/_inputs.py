"""Python values as the engine's argument text, by declared type; DataFrames as inputs.

A DataFrame given for an input file becomes the bytes of a CSV file held in memory, which the
engine's readers read as they read a file (the same checks, the same errors) under the reserved
path "memory:NAME" (core/input_memory.hpp); one given for UN votes (--votes) becomes the three
tables of the unvotes format (docs/alignment-data.md) in the folder "memory:votes". Nothing is
written to disk."""

import os

from . import _softpower


def _is_frame(value):
    return type(value).__name__ == "DataFrame" and hasattr(value, "to_csv")


def _number(value):
    """A real number's text: Python's repr is the shortest round-trip form, as softpower's."""
    return repr(float(value))


def _integral_columns(frame):
    """Float columns holding whole numbers (and gaps) as nullable integers, so that a column
    read back with missing cells is written 0, 1 rather than 0.0, 1.0."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype.kind == "f":
            present = series.dropna()
            if len(present) and (present == present.round()).all():
                out[column] = series.astype("Int64")
    return out


def _csv_bytes(frame):
    """The frame as the bytes of the CSV file pandas would write for it."""
    return _integral_columns(frame).to_csv(index=False, na_rep="").encode("utf-8")


# The unvotes format: which columns of a joined votes frame go into which table.
_VOTE_COLUMNS = ["rcid", "country", "country_code", "vote"]
_CALL_COLUMNS = ["rcid", "session", "importantvote", "date", "unres", "amend", "para", "short",
                 "descr"]
_ISSUE_COLUMNS = ["rcid", "short_name", "issue"]


def votes_tables(frame):
    """A frame shaped like unvotes' un_votes joined with un_roll_calls (and, when it has
    short_name and issue, with un_roll_call_issues) as the three tables of the unvotes format:
    file name -> CSV bytes."""
    missing = [c for c in _VOTE_COLUMNS + ["session", "date"] if c not in frame.columns]
    if missing:
        from . import Error
        raise Error("votes: the data frame has no column " + ", ".join(missing) +
                    " (un_votes joined with un_roll_calls, as in unvotes)", parameter="votes")
    calls = [c for c in _CALL_COLUMNS if c in frame.columns]
    if all(c in frame.columns for c in _ISSUE_COLUMNS):
        issues = frame[_ISSUE_COLUMNS].dropna(subset=["short_name"]).drop_duplicates()
    else:
        issues = frame.iloc[0:0].reindex(columns=_ISSUE_COLUMNS)
    return {"un_votes.csv": _csv_bytes(frame[_VOTE_COLUMNS].drop_duplicates()),
            "un_roll_calls.csv": _csv_bytes(frame[calls].drop_duplicates("rcid")),
            "un_roll_call_issues.csv": _csv_bytes(issues)}


class Arguments:
    """The text values of one call, and the in-memory inputs (name -> bytes) its DataFrames
    became, which the values name as memory:NAME."""

    def __init__(self):
        self.values = {}
        self.inputs = {}

    def _path(self, param, value, index=0):
        if _is_frame(value) and param.get("role") == "input folder" and param["name"] == "votes":
            for name, data in votes_tables(value).items():
                self.inputs["votes/" + name] = data
            return _softpower.memory_path_prefix + "votes"
        if _is_frame(value):
            name = "{}-{}.csv".format(param["name"], index)
            self.inputs[name] = _csv_bytes(value)
            return _softpower.memory_path_prefix + name
        return os.fspath(value)

    def add(self, param, value):
        """Puts `value` as the text of the declared parameter `param` (None: not given)."""
        if value is None:
            return
        kind = param["type"]
        if kind == "flag":
            texts = ["true" if value else "false"]
        elif kind == "integer" and not isinstance(value, bool) and isinstance(value, int):
            texts = [str(value)]
        elif kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
            texts = [_number(value)]
        elif kind == "map":
            if not isinstance(value, dict):
                value = dict(value)
            texts = ["{}={}".format(k, _number(v) if isinstance(v, (int, float)) else v)
                     for k, v in value.items()]
        elif kind == "list":
            items = [value] if isinstance(value, (str, os.PathLike)) or _is_frame(value) else value
            texts = [self._path(param, v, k) if param.get("role") not in (None, "value", "country code")
                     else str(v) for k, v in enumerate(items)]
        elif kind == "path":
            texts = [self._path(param, value)]
        else:
            texts = [str(value)]
        self.values[param["name"]] = texts
