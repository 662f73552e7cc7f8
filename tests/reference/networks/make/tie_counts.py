#!/usr/bin/env python3
"""Tie counts of the network sources read straight from the shared data's files, with the
standard library only and without the engine's country registry, for
tests/networks/tie_counts_test.cpp ("every source's edge count checked against the file",
docs/networks.md, "Validation").

A tie is a pair of different countries with a value above 0 in the year, counted by the file's
own codes or names. Where the engine must leave rows out, the script counts them separately
and says why, so the test checks ties = in_file - left_out:
  students   2022  OECD shares; EU25 (a host that is a union), regions, "World", "... unspecified"
                   and the two Koreas (both written "Korea") are no countries; Cote d'Ivoire is
                   written with the byte 0x99 (Mac Roman's o-circumflex) and is reported, not read.
  migration  2020  UN DESA bilateral stocks; codes 900 and above are regions and groups; the
                   Channel Islands (M49 830) are no country of the registry.
  us-missions 2020 highest US representation (us_mission_max) other than None, USA excluded.
  china-diplomacy 2010  AidData, total_elite_visits above 0 ("N/A" is no tie).

  /usr/bin/python3 tests/reference/networks/make/tie_counts.py ../shared/data tests/reference/networks/ties
"""
import csv
import sys


def number(text):
    try:
        return float(text.replace(" ", ""))
    except ValueError:
        return None


def students(data):
    path = f"{data}/indicators/student-mobility/Share_students_origin_to_destination.csv"
    regions = {"Africa", "Asia", "Europe", "Latin America and the Caribbean", "Northern America",
               "Oceania", "World", "Korea"}
    pairs, broken = set(), set()
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        for row in csv.DictReader(f):
            home = row["Destination"]
            value = number(row["Percentage_of_students"])
            if row["TIME_PERIOD"] != "2022" or value is None or value <= 0:
                continue
            if row["REF_AREA"] == "EU25" or home in regions or home.endswith(" unspecified"):
                continue
            if home == row["Origin"]:
                continue
            pairs.add((row["REF_AREA"], home))
            if home.encode("utf-8", "surrogateescape") == b"C\x99te d'Ivoire":
                broken.add((row["REF_AREA"], home))
    return ["students", 2022, len(pairs), len(broken),
            "Cote d'Ivoire written with the Mac Roman byte 0x99: reported, not read"]


def migration(data):
    path = f"{data}/indicators/migration/migration_un_data_coldrop.csv"
    pairs, channel = set(), set()
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            a, b = int(row["Location code of origin"]), int(row["Location code of destination"])
            value = number(row["2020"]) if row["2020"] else None
            if a >= 900 or b >= 900 or a == b or value is None or value <= 0:
                continue
            pairs.add((a, b))
            if 830 in (a, b):
                channel.add((a, b))
    return ["migration", 2020, len(pairs), len(channel),
            "the Channel Islands (M49 830) are no country of the registry"]


def us_missions(data):
    path = f"{data}/indicators/us-diplomatic-missions/mission_status_yearly_cow_v0.1.csv"
    with open(path, newline="") as f:
        ties = {row["country_code_cow"] for row in csv.DictReader(f)
                if row["year"] == "2020" and row["us_mission_max"] != "None"
                and row["country_code_cow"] != "2"}
    return ["us-missions", 2020, len(ties), 0, ""]


def china_diplomacy(data):
    path = f"{data}/cultural-diplomacy/ChinesePublicDiplomacy.csv"
    with open(path, encoding="utf-8", newline="") as f:
        ties = {row["receiving_country"] for row in csv.DictReader(f)
                if row["year"] == "2010" and (number(row["total_elite_visits"]) or 0) > 0}
    return ["china-diplomacy", 2010, len(ties), 0, ""]


def main(data, out):
    rows = [students(data), migration(data), us_missions(data), china_diplomacy(data)]
    with open(f"{out}/counts.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source", "year", "in_file", "left_out", "why", "ties"])
        for source, year, in_file, left_out, why in rows:
            w.writerow([source, year, in_file, left_out, why, in_file - left_out])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
