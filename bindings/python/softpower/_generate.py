"""One Python function per declared operation, made at import time from the declarations (as
mlpack generates its bindings): `index build` is softpower.index.build, `alignment ideal-points`
softpower.alignment.ideal_points; keyword arguments are the declared parameters, the signature
and the docstring come from the declaration. No operation is written out by hand."""

import inspect
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

    def take_operation(self, function):
        """Makes the group the operation `function` too: called as it, with its declaration,
        signature and docstring (help(softpower.simulate) shows the operation's)."""
        self._operation = function
        self.declaration = function.declaration
        self.__signature__ = inspect.signature(function)
        self.__doc__ = function.__doc__


def run(op, arguments, out):
    """Runs the declared operation `op` with its arguments (declared name -> Python value; a
    value that is None or the declared default is left to the engine's default)."""
    params = {p["name"]: p for p in op["params"]}
    defaults = op["_defaults"]
    keep = False
    args = _inputs.Arguments()
    for name, value in arguments.items():
        if value is None or (isinstance(value, (str, int, float)) and value is not True
                             and value == defaults.get(name)):
            continue
        args.add(params[name], value)
    folder = op["_folder"]
    if folder is not None and out is None:
        # Nothing written: the engine keeps the outputs in memory (OutputCapture); a required
        # output folder gets a name that is never looked at.
        keep = True
        if folder["required"]:
            args.values[folder["name"]] = [_softpower.in_memory]
    with raised(op["name"]):
        outcome = _softpower.run(op["name"], args.values, keep, inputs=args.inputs)
    return _results.Result(op["name"], outcome, out=None if keep else out,
                           declared=op["_outputs"])


def make_function(op):
    """The Python function of the declared operation `op`: a def generated from the declaration
    (so Python itself binds the arguments), with its signature's annotations and docstring."""
    signature = _declarations.signature(op)
    folder = next((p for p in op["params"] if p.get("role") == "output folder"), None)
    by_python_name = {_declarations.python_name(p["name"]): p["name"] for p in op["params"]}
    op["_folder"] = folder
    op["_outputs"] = [f["name"] for f in op["outputs"]]
    op["_defaults"] = {p["name"]: _declarations.default(p) for p in op["params"]}
    names = list(signature.parameters)
    declared = tuple(by_python_name[n] for n in names)
    out_at = declared.index(folder["name"]) if folder else None

    def call(values):
        return run(op, dict(zip(declared, values)), values[out_at] if folder else None)

    namespace = {"_call": call}
    parts, keyword_only = [], False
    for k, param in enumerate(signature.parameters.values()):
        if param.kind is inspect.Parameter.KEYWORD_ONLY and not keyword_only:
            parts.append("*")
            keyword_only = True
        if param.default is inspect.Parameter.empty:
            parts.append(param.name)
        else:
            namespace["_default{}".format(k)] = param.default
            parts.append("{}=_default{}".format(param.name, k))
    words = op["name"].split(" ")
    function_name = _declarations.python_name(words[-1])
    source = "def {}({}):\n    return _call(({}{}))\n".format(
        function_name, ", ".join(parts), ", ".join(names), "," if len(names) == 1 else "")
    exec(source, namespace)  # generated from the declaration, as mlpack generates its bindings
    operation = namespace[function_name]
    operation.__module__ = "softpower." + ".".join(
        _declarations.python_name(w) for w in words[:-1]) if len(words) > 1 else "softpower"
    operation.__doc__ = _declarations.docstring(op)
    operation.__annotations__ = {p.name: p.annotation for p in signature.parameters.values()}
    operation.__annotations__["return"] = signature.return_annotation
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
            existing.take_operation(function)
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
        group.take_operation(existing)
    setattr(parent, word, group)
    sys.modules[name] = group
    return group


__all__ = ["Error", "install", "make_function", "run"]
