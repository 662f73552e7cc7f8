"""index operations from Python against the command line's own outputs (examples/asem.toml)."""

import json
import os

import pandas
import pytest

import softpower
from conftest import read_csv, run_cli


def test_build_in_memory_equals_the_command_lines_files(asem, needs_data, tmp_path,
                                                        monkeypatch):
    run_cli("index", "build", asem, "--data", needs_data, "--out", tmp_path / "cli")
    monkeypatch.chdir(tmp_path)  # the default out/asem would be made here: it must not be
    result = softpower.index.build(asem, data=needs_data)
    assert os.listdir(tmp_path) == ["cli"]
    for name in ["scores.csv", "coverage.csv", "datasets/Normalised.csv",
                 "datasets/Aggregated.csv", "audit.json"]:
        assert result.files[name] == (tmp_path / "cli" / name).read_bytes(), name
    # results.json says when it was made; all else is the same.
    expected = json.loads((tmp_path / "cli" / "results.json").read_bytes())
    assert expected["index"].pop("generated") and result.results["index"].pop("generated")
    assert result.results == expected
    pandas.testing.assert_frame_equal(result.scores, read_csv(tmp_path / "cli" / "scores.csv"))
    assert set(result.datasets) == {"Raw", "Denominated", "Imputed", "Screened", "Treated",
                                    "Normalised", "Aggregated"}
    normalised = result.datasets["Normalised"]
    assert normalised.shape[0] == result.json["units"] == 51
    assert normalised.drop(columns="uCode").stack().between(0, 100).all()
    assert result.results["index"]["name"].startswith("ASEM")
    assert result.report_html.lower().startswith("<!doctype html>")
    assert "Top of the 2018 ranking" in result.message


def test_build_with_out_writes_the_folder_and_reads_it_back(asem, needs_data, tmp_path):
    result = softpower.index.build(asem, data=needs_data, out=tmp_path / "asem")
    assert (tmp_path / "asem" / "scores.csv").is_file()
    assert result.out == tmp_path / "asem"
    assert result.files["scores.csv"] == (tmp_path / "asem" / "scores.csv").read_bytes()
    assert len(result.scores) > 51


def test_uncertainty_gives_its_tables(asem, needs_data, tmp_path):
    run_cli("index", "uncertainty", asem, "--data", needs_data, "--runs", 20, "--seed", 3,
            "--out", tmp_path / "cli")
    result = softpower.index.uncertainty(asem, data=needs_data, runs=20, seed=3)
    pandas.testing.assert_frame_equal(result.rank_intervals,
                                      read_csv(tmp_path / "cli" / "rank_intervals.csv"))
    assert list(result.rank_intervals.columns[:3]) == ["unit", "nominal", "mean"]


def test_reweight_equals_the_command_line(asem, needs_data):
    expected = json.loads(run_cli("--json", "index", "reweight", asem, "--data", needs_data,
                                  "--weight", "Conn=2", "--weight", "Physical=0.5"))
    ranking = pandas.DataFrame.from_records(expected["ranking"])
    called = softpower.index.reweight(asem, data=needs_data,
                                      weight=["Conn=2", "Physical=0.5"]).ranking
    pandas.testing.assert_frame_equal(called, ranking)
    index = softpower.index.Index(asem, data=needs_data)
    fast = index.reweight({"Conn": 2, "Physical": 0.5})
    pandas.testing.assert_frame_equal(fast[list(ranking.columns)], ranking, check_dtype=False)
    # The frame made from its blocks is the frame pandas makes of the columns, and a frame
    # like any other (its own data, operations work on it).
    columns = index.reweight_columns({"Conn": 2, "Physical": 0.5})
    pandas.testing.assert_frame_equal(fast, pandas.DataFrame(columns))
    assert fast.sort_values("unit")["rank"].sum() == pandas.DataFrame(columns)["rank"].sum()
    # The spec's own weights give the built ranking.
    assert (index.reweight({})["rank"] == index.reweight({})["nominal_rank"]).all()
    assert index.year == 2018 and index.name.startswith("ASEM")
    weights = index.weights()
    assert weights.loc[weights["code"] == "Conn", "weight"].item() == 1


def test_errors_name_the_parameter_file_and_line(asem, needs_data, tmp_path):
    with pytest.raises(softpower.Error) as e:
        softpower.index.uncertainty(asem, data=needs_data, runs=1)
    assert e.value.parameter == "runs" and "between 2 and 1000000" in str(e.value)
    assert e.value.operation == "index uncertainty"
    with pytest.raises(softpower.Error) as e:
        softpower.index.uncertainty(asem, data=needs_data, sampling="grid")
    assert e.value.parameter == "sampling"
    bad = tmp_path / "bad.toml"
    bad.write_text('[index]\nname = "x"\nyear = "two thousand"\n')
    with pytest.raises(softpower.Error, match=r"bad\.toml:3"):
        softpower.index.check(bad)
    with pytest.raises(softpower.Error, match="Nowhere"):
        softpower.index.Index(asem, data=needs_data).reweight({"Nowhere": 2})
    with pytest.raises(TypeError):
        softpower.index.build(asem, runs=3)  # not a parameter of index build
    assert isinstance(e.value, ValueError)


def test_a_run_kept_in_memory_is_recorded_with_its_outputs(asem, needs_data, tmp_path):
    workspace = tmp_path / "softpower.workspace"
    built = softpower.index.build(asem, data=needs_data, workspace=workspace)
    assert built.run >= 1 and "Recorded as run" in built.message
    stored = softpower.result(workspace=workspace, id=built.run, name="scores.csv")
    assert stored.text.encode() == built.files["scores.csv"]
    runs = softpower.runs(workspace=workspace).json
    assert "index build" in str(runs)
