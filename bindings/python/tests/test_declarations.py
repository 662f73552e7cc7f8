"""The package never drifts from the engine: every declared operation is a function with the
declared parameters, defaults and help, and every function is a declared operation."""

import inspect
import json
import keyword
import typing

import softpower
from softpower import _softpower


def declared():
    return json.loads(_softpower.operations())["operations"]


def function_of(name):
    holder = softpower
    for word in name.split(" "):
        word = word.replace("-", "_")
        holder = getattr(holder, python_name(word))
    return holder


def test_every_operation_has_its_function_and_no_more():
    ops = declared()
    assert len(ops) >= 40
    made = {f.declaration["name"] for f in softpower.operations()}
    assert made == {op["name"] for op in ops}
    for op in ops:
        assert function_of(op["name"]).declaration["name"] == op["name"]


def test_groups_are_the_command_lines():
    assert softpower.index.build.declaration["name"] == "index build"
    assert softpower.alignment.ideal_points.declaration["name"] == "alignment ideal-points"
    assert softpower.network.build.declaration["name"] == "network build"
    assert softpower.import_.declaration["name"] == "import"
    # "simulate" is an operation; "simulation ..." a group beside it.
    assert softpower.simulate.declaration["name"] == "simulate"
    assert softpower.simulation.ensemble.declaration["name"] == "simulation ensemble"
    import softpower.index as index_group
    assert index_group is softpower.index


def python_name(name):
    text = name.replace("-", "_")
    return text + "_" if keyword.iskeyword(text) else text


def test_every_signature_is_its_declaration():
    for op in declared():
        signature = inspect.signature(function_of(op["name"]))
        ordered = [p for p in op["params"] if p.get("positional")]
        ordered += [p for p in op["params"] if not p.get("positional")]
        assert list(signature.parameters) == [python_name(p["name"]) for p in ordered]
        for p in ordered:
            param = signature.parameters[python_name(p["name"])]
            where = (op["name"], p["name"])
            if p["type"] == "flag":
                assert param.default is (p.get("default") == "true"), where
            elif p["required"] and p.get("role") != "output folder":
                assert param.default is inspect.Parameter.empty, where
            elif "default" not in p:
                assert param.default is None, where
            elif p["type"] == "integer":
                assert param.default == int(p["default"]), where
            elif p["type"] == "number":
                assert param.default == float(p["default"]), where
            else:
                assert param.default == p["default"], where
            if p["type"] == "choice":
                assert typing.get_args(param.annotation) == tuple(p["choices"]), where
            kind = (inspect.Parameter.POSITIONAL_OR_KEYWORD if p.get("positional")
                    else inspect.Parameter.KEYWORD_ONLY)
            assert param.kind == kind, where


def test_help_says_what_the_declaration_says():
    doc = softpower.index.uncertainty.__doc__
    op = softpower.index.uncertainty.declaration
    assert doc.startswith(op["summary"])
    assert "runs : integer, between 2 and 1000000" in doc
    assert "sampling : choice, one of: sobol, random" in doc
    assert "rank_intervals.csv -> result.rank_intervals" in doc
    for p in op["params"]:
        assert p["help"] in doc
    assert "datasets/{step}.csv -> result.datasets['...']" in softpower.index.build.__doc__
