#!/usr/bin/env python3
"""Bridge groups of the UN roll calls counted straight from the shared data's files, with the
standard library only, for tests/alignment/bridges_test.cpp (docs/alignment-bridges.md,
"Validation"). The rule, written here apart from the engine's code:

  title      descr; where descr is an agenda reference ("A/71/251 39 - ..."), short; cut at the
             first " : " from which the rest agrees with " : resolution / adopted by the General
             Assembly" on their common length; spaces trimmed.
  text       the title's bytes: a-z upper-cased, every byte but A-Z and 0-9 a space, runs of
             spaces one, trimmed. An empty text has no group.
  key        text, the sorted issue codes of un_roll_call_issues.csv, amend and para as written
             ("" unknown, "0", "1").
  group      a key held by two or more sessions; a session with more than one roll call of the
             key is left out of it (the roll calls counted as ambiguous); a group keeps two or
             more sessions.

It writes counts.csv (one row per figure the test asserts) and links.csv
(session_a, session_b, direct, spanning for every consecutive pair of sessions):

  /usr/bin/python3 tests/reference/alignment/make/bridges.py ../shared/data tests/reference/alignment/bridges
"""
import collections
import csv
import re
import sys

BOILERPLATE = " : resolution / adopted by the General Assembly"
AGENDA = re.compile(r"A/[0-9]+/[0-9]+ ")


def title(descr, short):
    text = descr.strip(" \t\r\n")
    if AGENDA.match(text):
        text = short.strip(" \t\r\n")
    start = 0
    while True:
        p = text.find(" : ", start)
        if p < 0:
            break
        rest = text[p:]
        n = min(len(rest), len(BOILERPLATE))
        if rest[:n] == BOILERPLATE[:n]:
            text = text[:p]
            break
        start = p + 1
    return text.strip(" \t\r\n")


def normalised(text):
    data = text.encode("utf-8").upper()  # bytes.upper() changes a-z only
    return " ".join(re.sub(rb"[^A-Z0-9]", b" ", data).decode("ascii").split())


def grouped(keys):
    """The groups (each its sessions, ascending) and the number of ambiguous roll calls of
    keys: key -> session -> its roll calls."""
    groups, ambiguous = [], 0
    for by_session in keys.values():
        if len(by_session) < 2:
            continue
        single = sorted(s for s, rows in by_session.items() if len(rows) == 1)
        ambiguous += sum(len(rows) for rows in by_session.values() if len(rows) > 1)
        if len(single) >= 2:
            groups.append(single)
    return groups, ambiguous


def main(data, out):
    issues = collections.defaultdict(set)
    with open(f"{data}/un-votes/un_roll_call_issues.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            issues[row["rcid"]].add(row["short_name"])
    keys = collections.defaultdict(lambda: collections.defaultdict(list))
    sessions = set()
    titled = 0
    with open(f"{data}/un-votes/un_roll_calls.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            session = int(row["session"])
            sessions.add(session)
            text = normalised(title(row["descr"], row["short"]))
            if not text:
                continue
            titled += 1
            key = (text, tuple(sorted(issues[row["rcid"]])), row["amend"].strip(),
                   row["para"].strip())
            keys[key][session].append(row["rcid"])
    groups, ambiguous = grouped(keys)
    order = sorted(sessions)
    links = []
    for a, b in zip(order, order[1:]):
        direct = sum(1 for g in groups if a in g and b in g)
        spanning = sum(1 for g in groups if g[0] <= a and g[-1] >= b)
        links.append((a, b, direct, spanning))
    # connected components: sessions joined by a group holding both
    parent = {s: s for s in order}

    def root(s):
        while parent[s] != s:
            s = parent[s]
        return s
    for g in groups:
        for s in g[1:]:
            ra, rb = root(g[0]), root(s)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    components = collections.Counter(root(s) for s in order)
    counts = [
        ("sessions", len(order)),
        ("titled_roll_calls", titled),
        ("groups", len(groups)),
        ("bridged_roll_calls", sum(len(g) for g in groups)),
        ("ambiguous_roll_calls", ambiguous),
        ("consecutive_pairs", len(links)),
        ("consecutive_without_direct", sum(1 for l in links if l[2] == 0)),
        ("consecutive_without_spanning", sum(1 for l in links if l[3] == 0)),
        ("components", len(components)),
        ("components_of_two_or_more", sum(1 for n in components.values() if n > 1)),
        ("largest_component", max(components.values())),
        ("first_of_largest_component", min(s for s in order
                                           if components[root(s)] == max(components.values()))),
    ]
    with open(f"{out}/counts.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["figure", "value"])
        w.writerows(counts)
    with open(f"{out}/links.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["session_a", "session_b", "direct", "spanning"])
        w.writerows(links)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
