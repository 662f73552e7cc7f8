"""softpower.Error: the engine's one error type in Python."""

import contextlib
import re

from . import _softpower


class Error(ValueError):
    """A bad argument or input: one line naming the parameter, file, line and field, as the
    command line prints it. `parameter` is the Python name of the parameter the message starts
    with ("--runs: ..." -> "runs"), or None; `operation` the operation that raised it."""

    def __init__(self, message, parameter=None, operation=None):
        super().__init__(message)
        if parameter is None:
            found = re.match(r"--([A-Za-z0-9][A-Za-z0-9-]*)", message)
            parameter = found.group(1).replace("-", "_") if found else None
        self.parameter = parameter
        self.operation = operation


@contextlib.contextmanager
def raised(operation):
    """The engine's errors raised as softpower.Error (with the operation's name)."""
    try:
        yield
    except _softpower.Error as e:
        raise Error(str(e), operation=operation) from None
