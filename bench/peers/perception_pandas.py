"""Peer for bench/perception_peers.sh: pandas (Debian's python3-pandas) reads a GDELT 2.0
export (61 tab-separated columns, no header) and aggregates it by month and directed
actor-country dyad: events, mentions, mention-weighted tone, mean Goldstein score, QuadClass
counts. Usage: /usr/bin/python3 perception_pandas.py INPUT OUTPUT.csv"""
import csv
import sys
import time

import pandas as pd

started = time.time()
# Columns (0-based): 1 SQLDATE, 7 Actor1CountryCode, 17 Actor2CountryCode, 29 QuadClass,
# 30 GoldsteinScale, 31 NumMentions, 34 AvgTone.
events = pd.read_csv(sys.argv[1], sep="\t", header=None, usecols=[1, 7, 17, 29, 30, 31, 34],
                     dtype={7: str, 17: str}, quoting=csv.QUOTE_NONE, engine="c")
events.columns = ["date", "source", "target", "quad", "goldstein", "mentions", "tone"]
events["period"] = events["date"] // 100
events["weighted_tone"] = events["mentions"] * events["tone"]
for q in range(1, 5):
    events[f"q{q}"] = (events["quad"] == q).astype("int64")
result = events.groupby(["period", "source", "target"], dropna=False, sort=False).agg(
    events=("date", "size"), mentions=("mentions", "sum"), weighted_tone=("weighted_tone", "sum"),
    goldstein=("goldstein", "mean"), q1=("q1", "sum"), q2=("q2", "sum"), q3=("q3", "sum"),
    q4=("q4", "sum"))
result["tone"] = result["weighted_tone"] / result["mentions"]
result.drop(columns="weighted_tone").to_csv(sys.argv[2])
print(f"pandas: {len(events)} events, {len(result)} groups in {time.time() - started:.2f} s")
