"""The Python package's cost beyond the engine's own time (bench/README.md, docs/python.md).

For a few operations, the wall time of the generated function (arguments to text, the call,
the Result) minus the engine's own time the extension measures (Result.seconds: checking the
arguments and running); and the fast path softpower.index.Index.reweight for the Open Soft
Power Index (about 200 units) and ASEM (51). Prints the range over repetitions (min, median,
max) in microseconds.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_overhead.py [--repeat 7]
"""

import argparse
import os
import pathlib
import statistics
import time
import timeit

import softpower

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = os.environ.get("SOFTPOWER_DATA", str(ROOT.parent / "shared" / "data"))


def overhead(label, call, repeat, number):
    """Per call: the wall time beyond the engine's time, and the engine's time (µs)."""
    extra, engine = [], []
    for _ in range(repeat):
        wall, inside = 0.0, 0.0
        for _ in range(number):
            started = time.perf_counter()
            result = call()
            wall += time.perf_counter() - started
            inside += result.seconds
        extra.append((wall - inside) / number * 1e6)
        engine.append(inside / number * 1e6)
    print("{:<44} overhead {:>7.1f} / {:>7.1f} / {:>7.1f} µs   engine {:>10.1f} µs".format(
        label, min(extra), statistics.median(extra), max(extra), statistics.median(engine)))


def timed(label, call, repeat, number):
    times = [t / number * 1e6 for t in timeit.repeat(call, repeat=repeat, number=number)]
    print("{:<44} {:>7.1f} / {:>7.1f} / {:>7.1f} µs".format(
        label, min(times), statistics.median(times), max(times)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    asem = str(ROOT / "examples" / "asem.toml")
    spi = str(ROOT / "examples" / "soft-power.toml")
    print("call overhead beyond the engine (min / median / max over {} repetitions)".format(
        args.repeat))
    overhead("countries.lookup('Korea, Rep.')",
             lambda: softpower.countries.lookup("Korea, Rep."), args.repeat, 2000)
    overhead("index.check(asem.toml)", lambda: softpower.index.check(asem), args.repeat, 200)
    overhead("simulation.scenarios()", lambda: softpower.simulation.scenarios(), args.repeat, 200)
    overhead("index.reweight(asem.toml, weight=[Conn=2])",
             lambda: softpower.index.reweight(asem, data=DATA, weight=["Conn=2"]),
             args.repeat, 10)
    overhead("index.build(asem.toml) in memory",
             lambda: softpower.index.build(asem, data=DATA), args.repeat, 3)
    print("fast path: Index.reweight (min / median / max per call)")
    for label, spec in [("ASEM, 51 units", asem), ("Open Soft Power Index", spi)]:
        index = softpower.index.Index(spec, data=DATA)
        units = len(index.reweight({}))
        code = index.weights()["code"].iloc[-2]
        timed("{} ({} units): columns".format(label, units),
              lambda: index.reweight_columns({code: 2}), args.repeat, 2000)
        timed("{} ({} units): DataFrame".format(label, units),
              lambda: index.reweight({code: 2}), args.repeat, 500)


if __name__ == "__main__":
    main()
