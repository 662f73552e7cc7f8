"""Published Bailey-Strezhnev-Voeten ideal points, keyed as softpower keys its states.

Input: Voeten's Dataverse file IdealpointestimatesAll_Jun2024.csv (Bailey, Strezhnev and
Voeten 2017, "Estimating Dynamic State Preferences from United Nations Voting Data", Journal
of Conflict Resolution 61(2); the June 2024 release, sessions 1-78). Output: bsv_jun2024.csv,
one row per country-session: session, country (softpower's registry code), ccode (the
Correlates of War code of the published file), x (IdealPointAll, as published).

A published row's state is the registry entry with the row's COW code that is valid in the
calendar year of the session's first roll call (un_roll_calls.csv), a historical entry
before a current one: COW 365 is the Soviet Union (SUN) to 1991 and Russia after, 345
Yugoslavia (YUG) to 1992, Serbia and Montenegro (SCG) to 2005 and Serbia after, 315
Czechoslovakia (CSK), 260 West Germany (XWG), 678 North Yemen (XNY), 680 South Yemen (YMD);
a state admitted during a session that began the year before its entry's first year takes
the entry nearest in years.
The rule is softpower's own for the seats unvotes writes under one code (docs/alignment-data.md).

Usage (from the repository's root):
  /usr/bin/python3 tests/reference/alignment/ideal_points/make_bsv.py \
      IdealpointestimatesAll_Jun2024.csv ../shared/data/un-votes/un_roll_calls.csv \
      tests/reference/alignment/ideal_points/bsv_jun2024.csv
"""

import csv
import hashlib
import sys

EXPECTED_SHA256 = "adaeca9a9d617afaf463f892a868fbfe17b33bbd6bdb613688d67f1b8dd6887d"


def main(published, roll_calls, out):
    digest = hashlib.sha256(open(published, "rb").read()).hexdigest()
    if digest != EXPECTED_SHA256:
        sys.exit(f"{published}: sha256 {digest}, expected {EXPECTED_SHA256}")

    first_year = {}
    with open(roll_calls, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            session, year = int(row["session"]), int(row["date"][:4])
            first_year[session] = min(year, first_year.get(session, year))

    registry = {}
    with open("src/softpower/core/countries.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["cow_numeric"]:
                registry.setdefault(int(row["cow_numeric"]), []).append(row)

    def state(ccode, session):
        year = first_year[session]
        valid = [r for r in registry.get(ccode, [])
                 if int(r["valid_from"]) <= year <= int(r["valid_to"])]
        valid.sort(key=lambda r: r["status"] != "historical")
        if valid:
            return valid[0]["code"]
        # A state admitted during a session that began the year before (Bosnia, 1992, in
        # session 46 of 1991): the entry whose years are nearest.
        near = sorted(registry.get(ccode, []),
                      key=lambda r: max(int(r["valid_from"]) - year, year - int(r["valid_to"])))
        if not near:
            sys.exit(f"COW code {ccode} (session {session}, {year}): no registry entry")
        return near[0]["code"]

    rows = []
    with open(published, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            session, ccode = int(row["session"]), int(row["ccode"])
            if session not in first_year:  # sessions after the votes softpower reads
                continue
            rows.append((session, state(ccode, session), ccode, row["IdealPointAll"]))
    rows.sort()
    keys = [(r[0], r[1]) for r in rows]
    if len(set(keys)) != len(keys):
        sys.exit("two published rows map to one state in one session")
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["session", "country", "ccode", "x"])
        w.writerows(rows)
    print(f"{len(rows)} country-sessions, sessions {rows[0][0]}-{rows[-1][0]}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: make_bsv.py PUBLISHED_CSV UN_ROLL_CALLS_CSV OUT_CSV")
    main(*sys.argv[1:])
