"""Python values as the engine's argument text, by declared type; DataFrames as inputs.

A DataFrame given for an input file is written as CSV into a private temporary folder, which
is removed when the operation returns; so is one given for UN votes (--votes), split into the
three tables of the unvotes format (docs/alignment-data.md). The engine reads them as it reads
any file (the same checks, the same errors)."""

import os
import tempfile


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


def _write_csv(frame, path):
    _integral_columns(frame).to_csv(path, index=False, na_rep="")


# The unvotes format: which columns of a joined votes frame go into which table.
_VOTE_COLUMNS = ["rcid", "country", "country_code", "vote"]
_CALL_COLUMNS = ["rcid", "session", "importantvote", "date", "unres", "amend", "para", "short",
                 "descr"]
_ISSUE_COLUMNS = ["rcid", "short_name", "issue"]


def write_votes(frame, folder):
    """A frame shaped like unvotes' un_votes joined with un_roll_calls (and, when it has
    short_name and issue, with un_roll_call_issues) as the three tables of the unvotes format."""
    missing = [c for c in _VOTE_COLUMNS + ["session", "date"] if c not in frame.columns]
    if missing:
        from . import Error
        raise Error("votes: the data frame has no column " + ", ".join(missing) +
                    " (un_votes joined with un_roll_calls, as in unvotes)", parameter="votes")
    calls = [c for c in _CALL_COLUMNS if c in frame.columns]
    _write_csv(frame[_VOTE_COLUMNS].drop_duplicates(), os.path.join(folder, "un_votes.csv"))
    _write_csv(frame[calls].drop_duplicates("rcid"), os.path.join(folder, "un_roll_calls.csv"))
    if all(c in frame.columns for c in _ISSUE_COLUMNS):
        issues = frame[_ISSUE_COLUMNS].dropna(subset=["short_name"]).drop_duplicates()
    else:
        issues = frame.iloc[0:0].reindex(columns=_ISSUE_COLUMNS)
    _write_csv(issues, os.path.join(folder, "un_roll_call_issues.csv"))


class Arguments:
    """The text values of one call, with the temporary folder its DataFrames were written to."""

    def __init__(self):
        self.values = {}
        self._temp = None

    def _folder(self):
        if self._temp is None:
            self._temp = tempfile.TemporaryDirectory(prefix="softpower-input-")
        return self._temp.name

    def close(self):
        if self._temp is not None:
            self._temp.cleanup()
            self._temp = None

    def _path(self, param, value, index=0):
        if _is_frame(value) and param.get("role") == "input folder" and param["name"] == "votes":
            folder = os.path.join(self._folder(), "votes")
            os.mkdir(folder)
            write_votes(value, folder)
            return folder
        if _is_frame(value):
            path = os.path.join(self._folder(), "{}-{}.csv".format(param["name"], index))
            _write_csv(value, path)
            return path
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
