"""softpower.index.Index: an index built once and reweighted at will (docs/index-reweight.md)."""

import os

from . import _softpower
from ._errors import raised


def _frame(columns, axes):
    """The ranking's columns (unit: objects; rank, score, nominal_rank: floats) as a DataFrame
    made straight from its two blocks on the given axes (the column names and the row index,
    made once: pandas indexes are immutable): pandas.DataFrame(dict) checks, infers, makes its
    indexes and consolidates, which took most of reweight()'s time (bench/README.md,
    "python_overhead"). pandas.DataFrame(dict) where pandas' internals differ."""
    import numpy
    import pandas
    try:
        from pandas.core.generic import NDFrame
        from pandas.core.internals import BlockManager
        from pandas.core.internals.api import make_block
        numbers = numpy.vstack([columns["rank"], columns["score"], columns["nominal_rank"]])
        blocks = (make_block(columns["unit"].reshape(1, -1), placement=[0]),
                  make_block(numbers, placement=[1, 2, 3]))
        frame = pandas.DataFrame.__new__(pandas.DataFrame)
        NDFrame.__init__(frame, BlockManager(blocks, list(axes), verify_integrity=False))
        return frame
    except (ImportError, TypeError, ValueError, AttributeError):
        return pandas.DataFrame(columns, copy=False)


class Index:
    """The index of a spec, built once: its data read, every step run. reweight() then only
    aggregates again, so a new ranking takes well under a millisecond for 200 units
    (docs/python.md).

    spec: the index spec file (TOML, docs/index-spec.md); data: the data directory (default:
    $SOFTPOWER_DATA, else ../shared/data beside the checkout). Raises softpower.Error."""

    def __init__(self, spec, data=None):
        with raised("index reweight"):
            self._session = _softpower.IndexSession(
                os.fspath(spec), None if data is None else os.fspath(data))
        self.spec = os.fspath(spec)
        self._units = None
        self._axes = None

    def _columns(self, weights):
        import numpy
        if self._units is None:
            self._units = numpy.array(self._session.units(), dtype=object)
        with raised("index reweight"):
            columns = self._session.reweight({k: float(v) for k, v in (weights or {}).items()})
        columns["unit"] = self._units[columns["unit"]]
        return columns

    @property
    def name(self):
        """The spec's name."""
        return self._session.name

    @property
    def year(self):
        """The index year reweighted (the spec's last)."""
        return self._session.year

    @property
    def log(self):
        """The notes of reading its data."""
        return self._session.log

    def weights(self):
        """The framework's nodes (code, level) with the weights the spec gives them, as a
        DataFrame."""
        import pandas
        return pandas.DataFrame(self._session.nodes())

    def reweight(self, weights=None):
        """The ranking under new weights, best first, as a DataFrame (unit, rank, score,
        nominal_rank: the rank under the spec's weights). `weights` maps node codes to weights
        within their parent ({"values": 2}); the others keep the spec's. An unknown code or a
        weight out of bounds raises softpower.Error naming it."""
        columns = self._columns(weights)
        if self._axes is None:
            import pandas
            self._axes = [pandas.Index(list(columns)), pandas.RangeIndex(len(columns["unit"]))]
        return _frame(columns, self._axes)

    def reweight_columns(self, weights=None):
        """As reweight(), as a dict of numpy arrays (unit, rank, score, nominal_rank), without
        making a DataFrame: the fastest path."""
        return self._columns(weights)

    def __repr__(self):
        return "<softpower.index.Index {!r} ({})>".format(self.name, self.year)
