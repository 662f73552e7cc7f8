"""Pandas in, pandas out: UN agreement on all 74 sessions from a DataFrame (bench/README.md).

The votes are one DataFrame shaped like R's unvotes (un_votes joined with un_roll_calls by
rcid), as a pandas user holds them. Timed side by side in one process, each a few times:

- softpower.alignment.agreement(votes=frame): the frame handed to the engine in memory, every
  dyad of every session with six measures, the table back as a DataFrame;
- the same from the folder of CSV files (the engine's own reading, for comparison);
- a peer written with pandas alone: per session the votes merged with themselves on the roll
  call, each dyad's mean distance between the ordered levels (no 0, abstain 1, yes 2), giving
  Voeten's agreement index and Signorino and Ritter's S (docs/alignment-agreement.md).

Before timing, the peer is checked against softpower on a few sessions: every dyad of states
whose seat has one code (the registry's ISO2) must have the same n, agree and S.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_agreement.py [--repeat 3]
"""

import argparse
import os
import pathlib
import statistics
import time

import pandas

import softpower

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = pathlib.Path(os.environ.get("SOFTPOWER_DATA", str(ROOT.parent / "shared" / "data")))
LEVEL = {"no": 0, "abstain": 1, "yes": 2}


def read(path):
    # Namibia's code is NA: only an empty cell is missing.
    return pandas.read_csv(path, keep_default_na=False, na_values=[""])


def pandas_agreement(frame, sessions=None):
    """Every dyad's n, agree and S per session, with pandas alone: period, a, b (country codes,
    a < b), n, agree, s_score."""
    votes = frame[["rcid", "session", "country_code", "vote"]].dropna(subset=["country_code"])
    if sessions is not None:
        votes = votes[votes["session"].isin(sessions)]
    votes = votes.assign(level=votes["vote"].map(LEVEL))[["rcid", "session", "country_code",
                                                          "level"]]
    parts = []
    for session, group in votes.groupby("session", sort=True):
        pairs = group.merge(group, on="rcid", suffixes=("_a", "_b"))
        pairs = pairs[pairs["country_code_a"] < pairs["country_code_b"]]
        distance = pairs["level_a"] - pairs["level_b"]
        pairs = pairs.assign(absolute=distance.abs(), squared=distance * distance)
        dyads = pairs.groupby(["country_code_a", "country_code_b"], sort=True).agg(
            n=("absolute", "size"), absolute=("absolute", "mean"), squared=("squared", "mean"))
        dyads["agree"] = 1 - dyads["absolute"] / 2          # d_max = 2
        dyads["s_score"] = 1 - 2 * dyads["squared"] / 4     # 1 - 2 mean d^2 / d_max^2
        dyads = dyads.reset_index().rename(columns={"country_code_a": "a", "country_code_b": "b"})
        dyads.insert(0, "period", session)
        parts.append(dyads[["period", "a", "b", "n", "agree", "s_score"]])
    return pandas.concat(parts, ignore_index=True)


def check(frame, sessions):
    """The peer against softpower on `sessions`: dyads of states with one code each."""
    registry = read(ROOT / "src" / "softpower" / "core" / "countries.csv")
    iso2 = dict(zip(registry["code"], registry["iso2"]))
    ours = softpower.alignment.agreement(votes=frame[frame["session"].isin(sessions)]).agreement
    ours = ours.assign(a=ours["a"].map(iso2), b=ours["b"].map(iso2)).dropna(subset=["a", "b"])
    swap = ours["a"] > ours["b"]
    ours.loc[swap, ["a", "b"]] = ours.loc[swap, ["b", "a"]].values
    peer = pandas_agreement(frame, sessions)
    both = ours.merge(peer, on=["period", "a", "b"], suffixes=("", "_peer"))
    same_n = both[both["n"] == both["n_peer"]]
    worst = max((same_n["agree"] - same_n["agree_peer"]).abs().max(),
                (same_n["s_score"] - same_n["s_score_peer"]).abs().max())
    print("check on sessions {}: {} dyads in both, {} with the same n, largest difference in "
          "agree or S {:.3g}".format(sessions, len(both), len(same_n), worst))
    if len(same_n) < 0.95 * len(both) or worst > 1e-12:
        raise SystemExit("the pandas peer does not agree with softpower")


def timed(label, call, repeat):
    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        table = call()
        times.append(time.perf_counter() - started)
        rows = len(table)
    print("{:<52} {:>6.2f} / {:>6.2f} / {:>6.2f} s   {} rows".format(
        label, min(times), statistics.median(times), max(times), rows))
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = DATA / "un-votes"
    frame = read(folder / "un_votes.csv").merge(read(folder / "un_roll_calls.csv"), on="rcid")
    print("{} votes on {} roll calls in {} sessions; load average {:.1f} {:.1f} {:.1f}".format(
        len(frame), frame["rcid"].nunique(), frame["session"].nunique(), *os.getloadavg()))
    check(frame, [1, 30, 74])
    print("all sessions (min / median / max of {} runs):".format(args.repeat))
    ours = timed("softpower.alignment.agreement(votes=frame)",
                 lambda: softpower.alignment.agreement(votes=frame).agreement, args.repeat)
    timed("softpower.alignment.agreement(votes=folder)",
          lambda: softpower.alignment.agreement(votes=str(folder)).agreement, args.repeat)
    peer = timed("pandas peer (agree and S only)", lambda: pandas_agreement(frame), args.repeat)
    print("softpower from the frame is {:.1f}x the pandas peer; load average {:.1f} {:.1f} "
          "{:.1f}".format(peer / ours, *os.getloadavg()))


if __name__ == "__main__":
    main()
