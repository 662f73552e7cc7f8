"""One Python function per declared operation, made at import time from the declarations (as
mlpack generates its bindings): `index build` is softpower.index.build, `alignment ideal-points`
softpower.alignment.ideal_points; keyword arguments are the declared parameters, the signature
and the docstring come from the declaration. No operation is written out by hand."""

import sys
import types

from . import _declarations, _inputs, _results, _softpower
from ._errors import Error, raised


class Group(types.ModuleType):
    """The operations of one command group (softpower.index, softpower.alignment, ...). A
    group that is also an operation (softpower.simulate) is called as one."""

    _operation = None

    def __call__(self, *args, **kwargs):
        if self._operation is None:
            raise TypeError("{} is a group of operations, not one".format(self.__name__))
        return self._operation(*args, **kwargs)


def run(op, arguments, out):
    """Runs the declared operation `op` with its arguments (declared name -> Python value)."""
    params = {p["name"]: p for p in op["params"]}
    keep = False
    args = _inputs.Arguments()
    try:
        for name, value in arguments.items():
            args.add(params[name], value)
        folder = next((p for p in op["params"] if p.get("role") == "output folder"), None)
        if folder is not None and out is None:
            # Nothing written: the engine keeps the outputs in memory (OutputCapture); a
            # required output folder gets a name that is never looked at.
            keep = True
            if folder["required"]:
                args.values[folder["name"]] = [_softpower.in_memory]
        with raised(op["name"]):
            outcome = _softpower.run(op["name"], args.values, keep)
    finally:
        args.close()
    declared = [f["name"] for f in op["outputs"]]
    return _results.Result(op["name"], outcome, out=None if keep else out, declared=declared)


def make_function(op):
    """The Python function of the declared operation `op`."""
    signature = _declarations.signature(op)
    declared = {_declarations.python_name(p["name"]): p for p in op["params"]}
    folder = next((p["name"] for p in op["params"] if p.get("role") == "output folder"), None)

    def operation(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        arguments = {declared[k]["name"]: v for k, v in bound.arguments.items()}
        out = arguments.get(folder) if folder else None
        return run(op, arguments, out)

    words = op["name"].split(" ")
    operation.__name__ = _declarations.python_name(words[-1])
    operation.__qualname__ = operation.__name__
    operation.__module__ = "softpower." + ".".join(
        _declarations.python_name(w) for w in words[:-1]) if len(words) > 1 else "softpower"
    operation.__doc__ = _declarations.docstring(op)
    operation.__signature__ = signature
    operation.declaration = op
    return operation


def install(package):
    """Puts every operation's function into the package `package` (a module), in groups made
    as submodules named like the command line's (softpower.index, ...)."""
    reg = _declarations.registry()
    made = []
    for op in reg["operations"]:
        words = [_declarations.python_name(w) for w in op["name"].split(" ")]
        holder = package
        for depth, word in enumerate(words[:-1]):
            holder = _group(holder, word, " ".join(op["name"].split(" ")[:depth + 1]), reg)
        function = make_function(op)
        existing = getattr(holder, words[-1], None)
        if isinstance(existing, Group):
            existing._operation = function
        else:
            setattr(holder, words[-1], function)
        made.append(function)
    return made


def _group(parent, word, declared, reg):
    existing = getattr(parent, word, None)
    if isinstance(existing, Group):
        return existing
    name = parent.__name__ + "." + word
    group = Group(name, reg["groups"].get(declared, "softpower " + declared))
    group.__package__ = parent.__name__
    if callable(existing):  # an operation named like the group, made first
        group._operation = existing
    setattr(parent, word, group)
    sys.modules[name] = group
    return group


__all__ = ["Error", "install", "make_function", "run"]
