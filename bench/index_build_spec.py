#!/usr/bin/env python3
"""Writes a generated index spec for timing `softpower index build` at scale (issue 13).

    python3 bench/index_build_spec.py flat N  > flat.toml   # N indicators under one root
    python3 bench/index_build_spec.py chain N > chain.toml  # one indicator under N aggregates

With --compact (after N) the aggregates and indicators are arrays of inline tables, one a
line: the same spec in less text (the scale-*.toml bad-input cases hold theirs inline).

The indicators take their values from the 49 columns of COINr's ASEM data (the `asem`
reader, 51 units), in turn, so that the build reads real data from --data. Chains are listed
from the top down. bench/index_build.sh runs the builds; figures in bench/README.md.
"""

import sys

# The 49 indicator columns of coinr-asem/ASEM_iData.csv.
COLUMNS = (
    "LPI Flights Ship Bord Elec Gas ConSpeed Cov4G Goods Services FDI PRemit ForPort Embs "
    "IGOs UNVote CostImpEx Tariff TBTs TIRcon RTAs Visa StMob Research Pat CultServ CultGood "
    "Tourist MigStock Lang Renew PrimEner CO2 MatCon Forest Poverty Palma TertGrad FreePress "
    "TolMin NGOs CPI FemLab WomParl PubDebt PrivDebt GDPGrow RDExp NEET"
).split()

HEAD = """[index]
name = "Generated {shape} of {n}"
year = 2018

[data]
datasets = ["asem"]

[steps]
order = ["impute", "normalise", "aggregate"]

[steps.impute]
method = "mean"

[steps.normalise]
method = "minmax"
range = [0, 100]

[steps.aggregate]
method = "arithmetic"
"""


def indicator(k, parent, compact):
    column = COLUMNS[k % len(COLUMNS)]
    if compact:
        return f'{{code = "i{k}", parent = "{parent}", source = "asem:{column}"}},\n'
    return f'[[indicator]]\ncode = "i{k}"\nparent = "{parent}"\nsource = "asem:{column}"\n'


def aggregate(code, parent, compact):
    if compact:
        up = f', parent = "{parent}"' if parent else ""
        return f'{{code = "{code}"{up}}},\n'
    return f'[[aggregate]]\ncode = "{code}"\n' + (f'parent = "{parent}"\n' if parent else "")


def main():
    args = sys.argv[1:]
    compact = "--compact" in args
    args = [a for a in args if a != "--compact"]
    if len(args) != 2 or args[0] not in ("flat", "chain"):
        sys.exit(__doc__)
    shape, n = args[0], int(args[1])
    out = sys.stdout
    if shape == "flat":
        aggregates = [aggregate("root", None, compact)]
        indicators = [indicator(k, "root", compact) for k in range(n)]
    else:
        aggregates = [aggregate(f"a{k}", f"a{k + 1}" if k < n else None, compact)
                      for k in range(n, 0, -1)]
        indicators = [indicator(0, "a1", compact)]
    if compact:  # keys of the top-level table: before the first [table]
        out.write("aggregate = [\n" + "".join(aggregates) + "]\n")
        out.write("indicator = [\n" + "".join(indicators) + "]\n")
        out.write(HEAD.format(shape=shape, n=n))
    else:
        out.write(HEAD.format(shape=shape, n=n))
        out.write("".join(aggregates) + "".join(indicators))


if __name__ == "__main__":
    main()
