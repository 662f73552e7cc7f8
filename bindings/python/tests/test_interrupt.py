"""Ctrl-C stops a long operation run from Python: the engine runs on a thread of its own while
the interpreter's thread waits, looking for signals; on SIGINT it cancels the run, waits for it
to stop and raises KeyboardInterrupt, leaving no output folder half-written."""

import os
import signal
import threading
import time

import pytest

import softpower
from conftest import data_dir


def native_threads():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("Threads:"))


def interrupted_after(delay, call):
    """Sends SIGINT to this process `delay` seconds into `call`; returns the seconds from the
    signal to KeyboardInterrupt (fails when `call` returns instead)."""
    sent = []

    def interrupt():
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Timer(delay, interrupt)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            call()
    finally:
        timer.cancel()
    assert sent, "the call ended before the signal"
    return time.monotonic() - sent[0]


@pytest.mark.parametrize("case", ["uncertainty", "ideal_points"])
def test_ctrl_c_stops_a_long_operation_and_leaves_no_output(case, asem, tmp_path):
    out = tmp_path / "out"
    if case == "uncertainty":
        if not (data_dir() / "coinr-asem").is_dir():
            pytest.skip("the shared data (../shared/data) is not here")
        # A million replications: hours on this machine, were it not stopped.
        call = lambda: softpower.index.uncertainty(asem, data=data_dir(), runs=1000000, out=out)
    else:
        if not (data_dir() / "un-votes" / "un_votes.csv").is_file():
            pytest.skip("the shared data (../shared/data/un-votes) is not here")
        call = lambda: softpower.alignment.ideal_points(votes=data_dir() / "un-votes",
                                                        bootstrap=1000, out=out)
    # A bound on the answer to Ctrl-C (the engine checks between replications), not a speed.
    assert interrupted_after(1.5, call) < 2.0
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name != "out"]  # no staging folder left
    # The process goes on as before.
    assert softpower.countries.lookup("France").json["code"] == "FRA"


def test_calls_reuse_the_engine_threads():
    softpower.countries.lookup("France")
    before = native_threads()
    for _ in range(50):
        softpower.countries.lookup("Korea, Rep.")
    assert native_threads() <= before + 1


def test_calls_from_several_python_threads_run_at_once(asem):
    results, errors = [], []

    def lookup(name):
        try:
            results.append(softpower.countries.lookup(name).json["code"])
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=lookup, args=(n,)) for n in ["France", "Japan", "Peru"] * 4]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == sorted(["FRA", "JPN", "PER"] * 4)
