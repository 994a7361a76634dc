"""The config schema (`ganzoo.training.config`), the zoo configs, evaluators.

pytest tests/test_config.py

Defaults live in one place, every `zoo_configs/*.py` loads as the binary
loads it and states only fields of the schema, and benchmarks are looked up
by name.
"""

import ast
import glob
import os
import types

import ml_collections
import numpy as np
import pytest
from absl import flags
from ml_collections import config_flags

import ganzoo
from benchmarks import evaluation
from ganzoo import data, metrics, registry
from ganzoo.metrics import evaluators
from ganzoo.training import config as config_lib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIGS = sorted(glob.glob(os.path.join(REPO, "zoo_configs", "*_*.py")))


def parse(path, *overrides):
    """Parses a config file exactly as the binaries do (ml_collections flags)."""
    argv = ["prog", f"--config={path}", *overrides]
    flag_values = flags.FlagValues()
    holder = config_flags.DEFINE_config_file(
        "config", flag_values=flag_values, sys_argv=argv
    )
    flag_values(argv)
    return holder.value


def test_base_config_takes_every_default_from_the_schema():
    config = config_lib.base_config("dcgan", "mnist")
    for section, fields in config_lib.SCHEMA.items():
        assert set(config[section]) == set(fields), section
        for name, field in fields.items():
            if f"{section}.{name}" not in ("model.name", "model.kwargs", "data.name"):
                value = config[section][name]
                if isinstance(value, ml_collections.ConfigDict):
                    value = value.to_dict()
                assert value == field.default, (section, name)
    assert config.model.kwargs.image_shape == data.get_dataset("mnist").shape
    smoke = config_lib.base_config("vanilla", "ring8", "smoke")
    for path, value in config_lib.SMOKE.items():
        section, name = path.split(".")
        assert smoke[section][name] == value, path
    assert smoke.data.kwargs.to_dict() == {"num_examples": 1024}  # The catalog's.


def test_with_defaults_fills_missing_fields_and_refuses_unknown_ones():
    config = config_lib.base_config("vanilla", "ring8", "smoke")
    del config.train["max_rollbacks"], config.data["loader"]
    del config["eval"]
    filled = config_lib.with_defaults(config)
    assert (
        filled.train.max_rollbacks
        == config_lib.SCHEMA["train"]["max_rollbacks"].default
    )
    assert filled.data.loader == "load" and filled.eval.evaluator is None
    assert "max_rollbacks" not in config.train  # The caller's config is kept.
    config.train.stepz = 3
    with pytest.raises(
        ValueError, match=r"`train.stepz`; expected fields of the schema"
    ):
        config_lib.with_defaults(config)


@pytest.mark.parametrize("name", ["loop.py", "checks.py"])
def test_the_loop_restates_no_default(name):
    # Fields are read directly (`train_cfg.max_rollbacks`), never as
    # `.get("max_rollbacks", 3)`: the schema is the one place of defaults.
    with open(os.path.join(REPO, "ganzoo", "training", name), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    fields = {n for section in config_lib.SCHEMA.values() for n in section}
    restated = [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and len(node.args) == 2
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value in fields
        and isinstance(node.args[1], ast.Constant)  # A default written out.
    ]
    assert not restated, restated


@pytest.mark.parametrize("path", CONFIGS, ids=os.path.basename)
@pytest.mark.parametrize("arg", ["", ":smoke"])
def test_zoo_config_loads_and_states_only_schema_fields(path, arg):
    config = parse(f"{path}{arg}")
    assert set(config) == set(config_lib.SCHEMA)
    for section, fields in config_lib.SCHEMA.items():
        if section != "eval":
            assert set(config[section]) == set(fields), section
    assert config.model.name in ganzoo.list_models()
    dataset = data.get_dataset(config.data.name)
    assert tuple(config.model.kwargs.image_shape) == dataset.shape
    evaluator, options = evaluation.eval_spec(config)  # Unknown options raise.
    stated = set(config.eval) - {"evaluator"} - set(config_lib.EVAL_NOTES)
    assert stated <= set(evaluator.options), stated
    assert (config.train.steps == 20) == (arg == ":smoke")
    # Configs import ganzoo (and ml_collections) only: no `zoo_configs.common`,
    # so they load from any directory.
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    ]
    assert all(m.split(".")[0] in ("ganzoo", "ml_collections") for m in imported)


def test_existing_overrides_still_apply():
    path = os.path.join(REPO, "zoo_configs", "cyclegan_mnist_pair.py")
    config = parse(path, "--config.train.steps=40", "--config.optimizer.d=sgd")
    assert (config.train.steps, config.optimizer.d) == (40, "sgd")
    assert config.model.kwargs.total_steps == 40  # A reference to train.steps.
    path = os.path.join(REPO, "zoo_configs", "sgan_mnist.py")
    config = parse(f"{path}:supervised,smoke", "--config.eval.split=train")
    assert config.model.kwargs.unsupervised_weight == 0.0
    assert config.eval.split == "train" and config.data.loader == "semi_supervised"


EXPECTED_EVALUATORS = {
    "acgan_mnist": "conditional_accuracy",
    "cgan_mnist": "conditional_accuracy",
    "cyclegan_mnist_pair": "translation",
    "dcgan_mnist": "domain_fid",
    "sgan_mnist": "semi_supervised_error",
    "stackgan_shapes": "stackgan_attributes",
    "vanilla_mnist": "parzen",
    # The entry's own benchmark is MNIST's; on a mixture the dataset's counts.
    "vanilla_ring8": "mode_coverage",
    "wgan_gp_ring8": "mode_coverage",
    "sngan_grid25": "mode_coverage",
}


@pytest.mark.parametrize("name", sorted(EXPECTED_EVALUATORS))
def test_each_benchmark_config_gets_its_evaluator(name):
    config = parse(os.path.join(REPO, "zoo_configs", f"{name}.py:smoke"))
    assert evaluation.eval_spec(config)[0].name == EXPECTED_EVALUATORS[name]


def test_evaluator_lookup_order_and_old_metric_names(monkeypatch):
    config = config_lib.base_config("dcgan", "mnist", "smoke")
    assert config_lib.evaluator_name(config) == "domain_fid"  # The dataset's.
    entry = types.SimpleNamespace(evaluator="conditional_accuracy")
    monkeypatch.setattr(registry, "get_entry", lambda name: entry)
    assert config_lib.evaluator_name(config) == "conditional_accuracy"  # Entry's.
    config.eval.evaluator = "evaluate"
    assert config_lib.evaluator_name(config) == "evaluate"  # The config's.
    old = ml_collections.ConfigDict(
        {"model": {"name": "sgan"}, "data": {"name": "mnist"}, "eval": {}}
    )
    for metric, name in config_lib.EVAL_METRIC_ALIASES.items():
        old.eval.metric = metric
        assert config_lib.evaluator_name(old) == name
    old.eval.metric = "beauty"
    with pytest.raises(ValueError, match=r"`eval.metric='beauty'`; expected one of"):
        config_lib.evaluator_name(old)


def test_unknown_evaluators_and_options_fail_with_the_list():
    config = config_lib.base_config("vanilla", "ring8", "smoke")
    config.eval.evaluator = "beauty"
    with pytest.raises(
        ValueError, match=r"`evaluator='beauty'`; expected one of .*'mode_coverage'"
    ):
        evaluation.eval_spec(config)
    config.eval.evaluator = "mode_coverage"
    config.eval.num_sample = 5
    with pytest.raises(ValueError, match=r"`eval.num_sample=5`.*\['num_samples'\]"):
        evaluation.eval_spec(config)
    with pytest.raises(ValueError, match="already registered"):
        metrics.register_evaluator("mode_coverage", keys=())(lambda gan, data: {})


def test_mode_coverage_evaluator_on_the_true_mixture():
    class TrueRing:
        def generate(self, n, seed=None):
            return data.sample_mixture("ring8", n, seed=seed)[0]

    config = config_lib.base_config("vanilla", "ring8", "smoke")
    scores = evaluation.evaluate_config(TrueRing(), config, seed=0)
    assert list(scores) == evaluation.metric_names(config)
    assert scores["modes_captured"] == 8.0 and scores["high_quality_fraction"] > 0.99
    assert evaluation.required_datasets(config) == []


@pytest.mark.skipif(not os.environ.get("GANZOO_DATA_DIR"), reason="needs MNIST")
def test_semi_supervised_error_evaluator_counts_a_constant_classifier():
    class AlwaysOne:
        def predict_labels(self, images):
            return np.ones(len(images), np.int64)

    gan = types.SimpleNamespace(classifier=AlwaysOne())
    evaluator = evaluators.get_evaluator("semi_supervised_error")
    scores = evaluator(gan, {"name": "mnist"})
    _, labels = data.load_arrays("mnist", "test")
    assert scores == {"classifier_test_error": float(np.mean(labels != 1))}


def test_configs_load_by_path_from_any_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    grid = config_lib.load_config(
        os.path.join(REPO, "zoo_configs", "wgan_grid25.py:smoke")
    )
    ring = config_lib.load_config(
        os.path.join(REPO, "zoo_configs", "wgan_ring8.py"), "smoke"
    )
    assert grid.data.name == "grid25" and ring.data.name == "ring8"
    grid.data.name = "ring8"
    assert grid.to_dict() == ring.to_dict()  # The ring's settings, another set.
    with pytest.raises(
        ValueError, match=r"`dataset='cifar'`; expected one of .*'mnist'"
    ):
        config_lib.base_config("dcgan", "cifar")
