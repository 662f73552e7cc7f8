"""softpower: measure, track, evaluate and simulate soft power and cultural diplomacy.

Every operation of the command line is a function here, made at import time from the engine's
operation declarations: `softpower index build` is softpower.index.build(spec, ...),
`softpower alignment agreement` softpower.alignment.agreement(...). Each returns a
softpower.Result: the JSON result and the outputs, one pandas DataFrame per CSV table, kept in
memory unless out= names a folder. softpower.index.Index keeps an index built for instant
reweighting. Errors are softpower.Error. docs/python.md walks through the README's tour."""

import sys as _sys

from . import _softpower
from ._errors import Error
from ._generate import install as _install
from ._results import Result

__version__ = _softpower.version

_functions = _install(_sys.modules[__name__])

from ._index import Index  # noqa: E402  (after index's group is made)

index.Index = Index  # noqa: F821  (made by _install)


def operations():
    """Every declared operation's function, in declaration order."""
    return list(_functions)
