"""What an operation gives back in Python: its JSON result and its declared outputs, each CSV
table a pandas DataFrame, read from memory (or from the output folder when out= was given)."""

import io
import json
import os
import posixpath
import re


def attribute_of(name):
    """Where a declared output is found on a Result: 'scores.csv' -> scores, 'datasets/x.csv'
    -> datasets['x'], 'report.html' -> report_html, 'audit.json' -> audit."""
    folder, file = posixpath.split(name)
    stem, ext = posixpath.splitext(file)
    if folder:
        return "{}[{!r}]".format(folder.replace("/", "_").replace("-", "_"),
                                 stem if not stem.startswith("{") else "...")
    stem = stem.replace("-", "_").replace(".", "_")
    return stem + "_html" if ext == ".html" else stem


def read_table(data):
    """A CSV table as a DataFrame. Cells are read as written: 'NA' (Namibia) stays text; only
    an empty cell is missing, as softpower writes NaN."""
    import pandas
    return pandas.read_csv(io.BytesIO(data), keep_default_na=False, na_values=[""])


class Result:
    """The result of one operation.

    json: the JSON result as a dict (its keys are attributes too: a list of records is a
    DataFrame, e.g. `index.reweight(...).ranking`); message: the summary the command line
    prints; log: the notes the engine logged; files: every output by name (bytes); out: the
    output folder when out= was given. Each declared CSV output is a DataFrame attribute
    (scores, datasets['Normalised'], ...), each JSON output a dict, each HTML page text
    (report_html); tables: every CSV output by file name."""

    def __init__(self, operation, outcome, out=None, declared=()):
        self.operation = operation
        self.media_type = outcome.media_type
        self.log = outcome.log
        self.seconds = outcome.seconds  # the engine's own time (bench/python_overhead.py)
        self.out = out
        self._json_text = outcome.result if outcome.media_type == "application/json" else ""
        self.text = None if self._json_text else outcome.result
        self.files = dict(outcome.files) if out is None else _read_folder(out, declared)
        self._cache = {}

    @property
    def json(self):
        """The JSON result, parsed when first asked for."""
        if "json" not in self._cache:
            self._cache["json"] = json.loads(self._json_text) if self._json_text else {}
        return self._cache["json"]

    @property
    def message(self):
        return self.json.get("message", "") if isinstance(self.json, dict) else ""

    @property
    def tables(self):
        return {name: self._file(name) for name in self.files if name.endswith(".csv")}

    def _file(self, name):
        if name not in self._cache:
            data = self.files[name]
            if name.endswith(".csv"):
                value = read_table(data)
            elif name.endswith(".json"):
                value = json.loads(data)
            else:
                value = data.decode("utf-8", errors="replace")
            self._cache[name] = value
        return self._cache[name]

    def _outputs(self):
        """attribute -> value or {key: value}, for every file written."""
        found = {}
        for name in sorted(self.files):
            folder, file = posixpath.split(name)
            stem, ext = posixpath.splitext(file)
            if folder:
                group = found.setdefault(folder.replace("/", "_").replace("-", "_"), {})
                group[stem if ext == ".csv" else file] = name
            else:
                found[attribute_of(name)] = name
        return found

    def __getattr__(self, attr):
        if attr.startswith("_"):
            raise AttributeError(attr)
        outputs = self._outputs()
        if attr in outputs:
            where = outputs[attr]
            if isinstance(where, dict):
                return {key: self._file(name) for key, name in where.items()}
            return self._file(where)
        if isinstance(self.json, dict) and attr in self.json:
            value = self.json[attr]
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                import pandas
                return pandas.DataFrame.from_records(value)
            return value
        raise AttributeError("{} gives no {!r} (it has: {})".format(
            self.operation, attr, ", ".join(self.available())))

    def available(self):
        """The attributes this result has: outputs and JSON keys."""
        keys = list(self._outputs())
        if isinstance(self.json, dict):
            keys += [k for k in self.json if k not in keys]
        return keys

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.available()))

    def __repr__(self):
        return "<softpower.Result of {!r}: {}>".format(self.operation, ", ".join(self.available()))


def declared_pattern(name):
    """A declared output name as a regex: a part in braces matches one name without '/'."""
    return re.compile("".join("[^/]+" if part.startswith("{") else re.escape(part)
                              for part in re.split(r"(\{[^}]*\})", name)) + r"\Z")


def _read_folder(out, declared):
    """The declared outputs found in the output folder (the user's own files left out)."""
    patterns = [declared_pattern(name) for name in declared if name]
    files = {}
    for root, dirs, names in os.walk(out):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = os.path.join(root, name)
            relative = os.path.relpath(path, out).replace(os.sep, "/")
            if any(p.match(relative) for p in patterns):
                with open(path, "rb") as f:
                    files[relative] = f.read()
    return files
