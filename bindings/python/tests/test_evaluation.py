"""evaluate panel on a DataFrame against the command line on the CSV file it was read from."""

import pandas
import pytest

import softpower
from conftest import data_dir, read_csv, run_cli


def test_panel_from_a_frame_equals_the_panel_from_its_file(tmp_path, no_temporary_folder):
    path = data_dir() / "evaluation" / "california_prop99.csv"
    if not path.is_file():
        pytest.skip("the shared data (../shared/data/evaluation) is not here")
    options = ["--unit", "State", "--time", "Year", "--outcome", "PacksPerCapita",
               "--treatment", "treated"]
    run_cli("evaluate", "panel", path, *options, "--out", tmp_path / "cli")
    frame = pandas.read_csv(path, sep=";")
    # Read from memory: no temporary file (the temporary folder is a file here).
    result = softpower.evaluate.panel(file=frame, unit="State", time="Year",
                                      outcome="PacksPerCapita", treatment="treated")
    for name in ["estimates.csv", "unit_weights.csv", "time_weights.csv", "paths.csv",
                 "placebos.csv"]:
        assert result.files[name] == (tmp_path / "cli" / name).read_bytes(), name
    estimates = result.estimates.set_index("estimator")
    pandas.testing.assert_frame_equal(result.estimates, read_csv(tmp_path / "cli" / "estimates.csv"))
    # synthdid's published estimate for Proposition 99 (Arkhangelsky et al. 2021): -15.6.
    assert estimates.loc["sdid", "estimate"] == pytest.approx(-15.6, abs=0.05)
