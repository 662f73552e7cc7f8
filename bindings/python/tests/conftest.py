"""Where the tests find the checkout, the command line and the shared data."""

import os
import pathlib
import subprocess
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]


def data_dir():
    return pathlib.Path(os.environ.get("SOFTPOWER_DATA", ROOT.parent / "shared" / "data"))


def cli():
    return os.environ.get("SOFTPOWER_CLI", str(ROOT / "build" / "softpower"))


def run_cli(*args, cwd=None):
    """The command line's stdout; fails the test with its stderr when it fails."""
    done = subprocess.run([cli(), *map(str, args)], capture_output=True, text=True, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def asem():
    return ROOT / "examples" / "asem.toml"


@pytest.fixture
def needs_data():
    if not (data_dir() / "coinr-asem").is_dir():
        pytest.skip("the shared data (../shared/data) is not here")
    return data_dir()


def read_csv(path):
    """A CSV file read as softpower.Result reads its tables."""
    import pandas
    return pandas.read_csv(path, keep_default_na=False, na_values=[""])


@pytest.fixture
def no_temporary_folder(tmp_path, monkeypatch):
    """A temporary folder that is a file: anything that makes a temporary file or folder there,
    from Python (tempfile) or from the engine (std::filesystem::temp_directory_path), fails."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("TMPDIR", str(blocked))
    monkeypatch.setattr(tempfile, "tempdir", str(blocked))
    return blocked
