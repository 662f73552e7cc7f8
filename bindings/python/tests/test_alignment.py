"""alignment agreement on a DataFrame shaped like unvotes' un_votes joined with un_roll_calls
(docs/alignment-data.md), against the same votes read from their folder."""

import pandas
import pytest

import softpower
from conftest import data_dir, read_csv, run_cli


@pytest.fixture(scope="module")
def votes_frame():
    folder = data_dir() / "un-votes"
    if not (folder / "un_votes.csv").is_file():
        pytest.skip("the shared data (../shared/data/un-votes) is not here")
    votes = read_csv(folder / "un_votes.csv")
    calls = read_csv(folder / "un_roll_calls.csv")
    issues = read_csv(folder / "un_roll_call_issues.csv")
    return votes.merge(calls, on="rcid").merge(issues, on="rcid", how="left"), folder


def test_agreement_from_a_frame_equals_agreement_from_the_folder(votes_frame, tmp_path,
                                                                  no_temporary_folder):
    frame, folder = votes_frame
    run_cli("alignment", "agreement", "--votes", folder, "--focal", "USA", "--issue", "hr",
            "--out", tmp_path / "cli")
    # Read from memory: no temporary file (the temporary folder is a file here).
    result = softpower.alignment.agreement(votes=frame, focal="USA", issue="hr")
    assert "memory:votes:" in result.log
    assert result.files["agreement.csv"] == (tmp_path / "cli" / "agreement.csv").read_bytes()
    table = result.agreement
    assert list(table.columns[:4]) == ["period", "a", "b", "n"]
    assert (table["a"] == "USA").sum() + (table["b"] == "USA").sum() == len(table)
    # Namibia's code "NA" is a country, not a missing value, both ways.
    assert "NAM" in set(table["a"]) | set(table["b"])
    pandas.testing.assert_frame_equal(table, read_csv(tmp_path / "cli" / "agreement.csv"))
    assert result.agreement_html.lower().startswith("<!doctype html>")


def test_a_frame_without_the_columns_is_refused():
    frame = pandas.DataFrame({"rcid": [1], "country_code": ["US"]})
    with pytest.raises(softpower.Error) as e:
        softpower.alignment.agreement(votes=frame)
    assert e.value.parameter == "votes" and "country" in str(e.value)


def test_a_memory_path_names_only_the_frames_of_the_call():
    with pytest.raises(softpower.Error) as e:
        softpower.alignment.agreement(votes="memory:votes")
    assert e.value.parameter == "votes"
    assert "no in-memory input 'memory:votes' (this run has: none)" in str(e.value)


def test_errors_in_a_frame_name_its_table_and_line(votes_frame):
    frame, _ = votes_frame
    bad = frame[frame["session"] == 1].copy()
    bad.loc[bad.index[2], "vote"] = "maybe"
    # Its line in un_votes.csv as the package writes it: votes repeated per issue folded.
    rows = bad[["rcid", "country", "country_code", "vote"]].drop_duplicates()
    line = list(rows.index).index(bad.index[2]) + 2
    with pytest.raises(softpower.Error) as e:
        softpower.alignment.agreement(votes=bad)
    assert "memory:votes/un_votes.csv:{}: field 'vote': not a vote".format(line) in str(e.value)
