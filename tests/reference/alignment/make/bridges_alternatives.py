#!/usr/bin/env python3
"""The matching rules docs/alignment-bridges.md compares ("Why this rule"), measured on the
shared data's roll calls with the standard library only; bridges.py's title and normalisation,
and the same grouping (one roll call per session, a session with several of a key left out).
Prints the page's Markdown table; nothing is stored or read by a test.

  /usr/bin/python3 tests/reference/alignment/make/bridges_alternatives.py ../shared/data
"""
import collections
import csv
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bridges  # noqa: E402  (beside this script)

ORDINALS = re.compile(r"\b(FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|SEVENTH|EIGHTH|NINTH|TENTH|"
                      r"ELEVENTH|TWELFTH|[A-Z]+IETH|TWENTY|THIRTY|FORTY|FIFTY|SIXTY|SEVENTY|"
                      r"EIGHTY|NINETY)\b")


def without_numbers(text):
    text = re.sub(r"\b[0-9]+(ST|ND|RD|TH)?\b", " ", text)
    return " ".join(ORDINALS.sub(" ", text).split())


def measure(calls, issues, text_of, compare_issues=True):
    keys = collections.defaultdict(lambda: collections.defaultdict(list))
    for c in calls:
        text = text_of(c)
        if not text:
            continue
        codes = tuple(sorted(issues[c["rcid"]])) if compare_issues else ()
        keys[(text, codes, c["amend"].strip(), c["para"].strip())][int(c["session"])].append(c)
    groups, ambiguous = bridges.grouped(keys)
    sessions = sorted({int(c["session"]) for c in calls})
    pairs = list(zip(sessions, sessions[1:]))
    no_direct = [a for a, b in pairs if not any(a in g and b in g for g in groups)]
    no_spanning = [a for a, b in pairs if not any(g[0] <= a and g[-1] >= b for g in groups)]
    return (len(groups), sum(len(g) for g in groups), ambiguous, len(no_direct),
            sum(1 for a in no_direct if a >= 40), len(no_spanning))


def main(data):
    with open(f"{data}/un-votes/un_roll_calls.csv", encoding="utf-8", newline="") as f:
        calls = list(csv.DictReader(f))
    issues = collections.defaultdict(set)
    with open(f"{data}/un-votes/un_roll_call_issues.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            issues[row["rcid"]].add(row["short_name"])
    title = lambda c: bridges.normalised(bridges.title(c["descr"], c["short"]))  # noqa: E731
    rules = [
        ("`descr`, normalised", lambda c: bridges.normalised(c["descr"]), True),
        ("`descr`, numbers and ordinal words removed",
         lambda c: without_numbers(bridges.normalised(c["descr"])), True),
        ("`short`, normalised", lambda c: bridges.normalised(c["short"]), True),
        ("title (the rule)", title, True),
        ("title, issue codes not compared", title, False),
        ("title, numbers and ordinal words removed", lambda c: without_numbers(title(c)), True),
    ]
    print("| text compared | groups | roll calls | ambiguous | no direct (from session 40) "
          "| no spanning |")
    print("|---|---|---|---|---|---|")
    for name, text_of, compare in rules:
        g, r, amb, nd, nd40, ns = measure(calls, issues, text_of, compare)
        print(f"| {name} | {g} | {r:,} | {amb} | {nd} ({nd40}) | {ns} |")


if __name__ == "__main__":
    main(sys.argv[1])
