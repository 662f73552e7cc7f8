"""The engine's operation declarations, read once from the extension, and what Python makes of
them: names, types, defaults and docstrings. Nothing here knows an operation by name."""

import functools
import inspect
import json
import keyword
import os
import typing

from . import _softpower


@functools.lru_cache(maxsize=None)
def registry():
    """Every declared operation (Operation::describe) and the groups' summaries."""
    return json.loads(_softpower.operations())


def python_name(name):
    """A declared name as a Python identifier: dashes to underscores, a keyword gets '_'."""
    text = name.replace("-", "_")
    return text + "_" if keyword.iskeyword(text) else text


# The Python type a parameter of each declared type takes.
_ANNOTATIONS = {
    "text": str,
    "path": typing.Union[str, os.PathLike],
    "integer": int,
    "number": float,
    "flag": bool,
    "list": typing.List[str],
    "map": typing.Dict[str, float],
}


def takes_table(param):
    """Whether a DataFrame may stand for the parameter's file: an input file read as CSV (its
    help says so), or the UN votes (a frame shaped like unvotes', docs/python.md)."""
    if param.get("role") == "input folder" and param["name"] == "votes":
        return True
    return (param.get("role") == "input file" and param["type"] == "path"
            and "CSV" in param["help"])


def annotation(param):
    if param["type"] == "choice":
        return typing.Literal[tuple(param["choices"])]
    if takes_table(param):
        return typing.Union[str, os.PathLike, "pandas.DataFrame"]
    return _ANNOTATIONS[param["type"]]


def default(param):
    """The declared default as a Python value (None: none declared; a flag is False)."""
    if param["type"] == "flag":
        return param.get("default", "false") == "true"
    text = param.get("default")
    if text is None:
        return None
    if param["type"] == "integer":
        return int(text)
    if param["type"] == "number":
        return float(text)
    return text


def signature(op):
    """The function's signature: the declared positional parameters first (positional or
    keyword), then every other one keyword-only; required ones without a default. An output
    folder is never required: without it the outputs are kept in memory."""
    params = []
    ordered = [p for p in op["params"] if p.get("positional")]
    ordered += [p for p in op["params"] if not p.get("positional")]
    for p in ordered:
        kind = (inspect.Parameter.POSITIONAL_OR_KEYWORD if p.get("positional")
                else inspect.Parameter.KEYWORD_ONLY)
        required = p["required"] and p.get("role") != "output folder"
        params.append(inspect.Parameter(
            python_name(p["name"]), kind,
            default=inspect.Parameter.empty if required else default(p),
            annotation=annotation(p)))
    return inspect.Signature(params, return_annotation="softpower.Result")


def _param_line(p):
    kind = p["type"]
    if p.get("role") and p["role"] not in ("value",):
        kind += " (" + p["role"] + ")"
    parts = [kind]
    if "minimum" in p or "maximum" in p:
        parts.append("between {} and {}".format(p.get("minimum"), p.get("maximum")))
    if "choices" in p:
        parts.append("one of: " + ", ".join(p["choices"]))
    if "builtins" in p:
        parts.append("or a built-in: " + ", ".join(p["builtins"]))
    if p["required"] and p.get("role") != "output folder":
        parts.append("required")
    elif "default" in p:
        parts.append("default " + p["default"])
    return "{} : {}".format(python_name(p["name"]), ", ".join(parts))


def _output_line(f):
    from ._results import attribute_of  # the one rule for naming outputs
    name = f["name"] or "(the file out= names)"
    where = attribute_of(f["name"]) if f["name"] else None
    line = "{}{}: {}".format(name, " -> result." + where if where else "", f["summary"])
    if f.get("columns"):
        line += "\n        columns: " + ", ".join(f["columns"])
    if f.get("when"):
        line += "\n        only with " + python_name(f["when"])
    return line


def docstring(op):
    """summary, help, each parameter with its type, bounds, choices and default, the outputs."""
    lines = [op["summary"] + ".", ""]
    if op["help"]:
        lines += [op["help"], ""]
    lines += ["Command line: softpower " + op["name"], "", "Parameters", "----------"]
    for p in op["params"]:
        lines.append(_param_line(p))
        help_text = p["help"]
        if p.get("role") == "output folder":
            help_text += ". Without it nothing is written: the outputs are kept in memory"
        if takes_table(p):
            help_text += ". A pandas DataFrame may be given instead (docs/python.md)"
        lines.append("    " + help_text)
    lines += ["", "Returns", "-------", "softpower.Result: the JSON result (.json, and its keys as "
              "attributes)"]
    if op["outputs"]:
        lines[-1] += ", and the outputs, a pandas DataFrame per CSV table:"
        lines += ["    " + _output_line(f) for f in op["outputs"]]
    lines += ["", "Raises", "------", "softpower.Error: a bad argument or input, with the "
              "parameter, file and line"]
    return "\n".join(lines)
