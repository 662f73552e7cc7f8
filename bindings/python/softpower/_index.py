"""softpower.index.Index: an index built once and reweighted at will (docs/index-reweight.md)."""

import os

from . import _softpower
from ._errors import raised


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
        import pandas
        return pandas.DataFrame(self._columns(weights), copy=False)

    def reweight_columns(self, weights=None):
        """As reweight(), as a dict of numpy arrays (unit, rank, score, nominal_rank), without
        making a DataFrame: the fastest path."""
        return self._columns(weights)

    def __repr__(self):
        return "<softpower.index.Index {!r} ({})>".format(self.name, self.year)
