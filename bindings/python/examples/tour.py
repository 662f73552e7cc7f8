# %% [markdown]
# # softpower in a notebook: the README's tour in Python
#
# Cells in the `# %%` format (VS Code, Jupyter with jupytext, Spyder). Run from the checkout
# after a build:
#
#     PYTHONPATH=build/python /usr/bin/python3 bindings/python/examples/tour.py
#
# or after `pip install --no-build-isolation ./bindings/python`. The data directory is
# $SOFTPOWER_DATA, else ../shared/data beside the checkout. Nothing is written to disk.

# %%
import os
import pathlib
import time

import softpower

ROOT = pathlib.Path(softpower.__file__).resolve().parents[2]
if not (ROOT / "examples").is_dir():  # an installed package: the checkout is the working dir
    ROOT = pathlib.Path.cwd()
EXAMPLES = ROOT / "examples"
VOTES = pathlib.Path(os.environ.get("SOFTPOWER_DATA", ROOT.parent / "shared" / "data")) / "un-votes"

# %% [markdown]
# ## Composite indices
# `index.check` validates a spec; `index.build` runs it and keeps every output in memory.

# %%
print(softpower.index.check(EXAMPLES / "asem.toml").message)
asem = softpower.index.build(EXAMPLES / "asem.toml")
print(asem.message)
scores = asem.scores
print(scores[scores["code"] == "Index"].sort_values("rank").head(10))
print(asem.datasets["Normalised"].iloc[:5, :6])

# %% [markdown]
# Rank intervals from a Monte Carlo over the spec's uncertain choices.

# %%
uncertainty = softpower.index.uncertainty(EXAMPLES / "asem.toml", runs=200, seed=1)
print(uncertainty.rank_intervals.head(10))

# %% [markdown]
# ## New weights, at once
# `Index` builds the index once; each `reweight` then only aggregates again.

# %%
index = softpower.index.Index(EXAMPLES / "asem.toml")
index.reweight({})  # the first call imports pandas
started = time.perf_counter()
ranking = index.reweight({"Conn": 2, "Physical": 0.5})
print("reweighted in {:.0f} µs".format((time.perf_counter() - started) * 1e6))
print(ranking.head(10))

# %% [markdown]
# ## Alignment at the UN, from a DataFrame shaped like R's unvotes
# Read cells as written: Namibia's ISO code is "NA".

# %%
import pandas

read = dict(keep_default_na=False, na_values=[""])
votes = (pandas.read_csv(VOTES / "un_votes.csv", **read)
         .merge(pandas.read_csv(VOTES / "un_roll_calls.csv", **read), on="rcid")
         .merge(pandas.read_csv(VOTES / "un_roll_call_issues.csv", **read), on="rcid",
                how="left"))
agreement = softpower.alignment.agreement(votes=votes, focal="USA", by="year").agreement
partners = ["GBR", "FRA", "CHN", "RUS"]
print(agreement[agreement["a"].isin(partners) | agreement["b"].isin(partners)].tail(8))

# %% [markdown]
# ## Evaluation: California's Proposition 99 by synthetic control and synthetic DiD

# %%
prop99 = pandas.read_csv(ROOT.parent / "shared" / "data" / "evaluation" / "california_prop99.csv")
estimates = softpower.evaluate.panel(file=prop99, unit="State", time="Year",
                                     outcome="PacksPerCapita", treatment="treated").estimates
print(estimates)

# %% [markdown]
# ## Errors name the parameter, file and line

# %%
try:
    softpower.index.uncertainty(EXAMPLES / "asem.toml", runs=1)
except softpower.Error as e:
    print("softpower.Error on", e.parameter + ":", e)
