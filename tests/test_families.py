"""The four families on ring8/grid25: configs, suite and table (issue 35, item 5)."""

import os
import sys

import keras
import numpy as np
import pytest

import ganzoo
from benchmarks import families_table, suites, table
from ganzoo.data import mixtures
from ganzoo.training import loop as training

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO not in sys.path:
    sys.path.insert(0, REPO)

from zoo_configs import families_grid25, families_ring8  # noqa: E402

CONFIGS = {"ring8": families_ring8.get_config, "grid25": families_grid25.get_config}


def _kernel_shapes(model):
    return [tuple(w.shape) for w in model.generator.weights]


@pytest.mark.parametrize("dataset", sorted(CONFIGS))
def test_every_objective_has_the_same_generator_steps_and_optimizer(dataset):
    configs = {o: CONFIGS[dataset](o) for o in families_ring8.OBJECTIVES}
    shapes = set()
    for objective, config in configs.items():
        assert config.data.name == dataset
        assert (config.train.steps, config.data.batch_size) == (
            families_ring8.STEPS,
            100,
        )
        assert config.optimizer.g.to_dict() == families_ring8.ADAM
        kwargs = config.model.kwargs.to_dict()
        if objective == "gmmn":
            assert config.model.name == "gmmn" and config.optimizer.d is None
        else:
            assert config.model.name == "vanilla" and kwargs["loss"] == objective
            assert config.optimizer.d.to_dict() == families_ring8.ADAM
        gan = ganzoo.build(config.model.name, **kwargs)
        assert gan.latent_dim == 2 and gan.latent_distribution == "uniform"
        shapes.add(tuple(_kernel_shapes(gan)))
        # A ReLU MLP with a linear output in both entries.
        dense = [x for x in gan.generator.layers if isinstance(x, keras.layers.Dense)]
        assert [x.activation.__name__ for x in dense] == ["relu"] * 4 + ["linear"]
    assert len(shapes) == 1  # 2 -> 400 x 4 -> 2, the same weights everywhere.


@pytest.mark.parametrize("dataset, median", [("ring8", 2**0.5), ("grid25", None)])
def test_gmmn_bandwidths_are_multiples_of_the_median_pairwise_distance(dataset, median):
    scales = CONFIGS[dataset]("gmmn").model.kwargs.scales
    points, _ = mixtures.sample_mixture(dataset, 1_000, seed=0)
    gaps = np.linalg.norm(points[:, None] - points[None], axis=-1)
    measured = np.median(gaps[np.triu_indices(len(points), k=1)])
    expected = [(measured * c) ** 2 for c in families_ring8.MULTIPLIERS]
    np.testing.assert_allclose(scales, expected, rtol=1e-6)
    if median is not None:  # Ring: 3/8 of pairs are 0 or one mode apart.
        assert abs(measured - median) < 0.02


def test_bad_config_arguments_name_the_objectives():
    for arg in ("bogus", "gmmn,brier", "gmmn,smoke,bogus"):
        with pytest.raises(ValueError, match=r"expected one of \['non_saturating'"):
            families_ring8.get_config(arg)
    assert families_ring8.get_config("smoke").model.kwargs.loss == "non_saturating"


def test_the_suite_runs_every_objective_on_both_mixtures_at_three_seeds():
    assert suites.FAMILY_OBJECTIVES == families_ring8.OBJECTIVES
    assert tuple(families_table.FAMILIES) == families_ring8.OBJECTIVES
    runs = [(e.config, s) for e in suites.get_suite("families") for s in e.seeds]
    assert len(set(runs)) == 8 * 2 * 3
    smoke = suites.get_suite("families_smoke")
    assert all(e.config.endswith(",smoke") and e.seeds == (0,) for e in smoke)
    assert len(smoke) == 16


def test_a_smoke_config_trains(tmp_path):
    config = families_grid25.get_config("ratio_lsif,smoke")
    config.train.update(steps=10, verbose=0, jit_compile=False)
    result = training.train(config, tmp_path)
    assert result.step == 10
    assert np.isfinite(result.gan.generate(8, seed=0)).all()


def _rows(config, metric, values, steps=4_000, overrides=None):
    return [
        dict(
            model="vanilla",
            dataset=config.split("_")[1].split(":")[0],
            config=config,
            seed=seed,
            steps=steps,
            metric=metric,
            value=value,
            status="ok",
            machine="m",
            commit="c",
            overrides=overrides or {},
            train_seconds=10.0,
            eval_seconds=2.0,
        )
        for seed, value in enumerate(values)
    ]


def test_the_table_shows_mean_and_standard_error_per_family_and_mixture():
    rows = (
        _rows("families_ring8:gmmn", "modes_captured", [8, 7, 6])
        + _rows("families_ring8:gmmn", "high_quality_fraction", [0.5, 0.4, 0.3])
        + _rows("families_grid25:ratio_kliep", "modes_kl", [0.1, 0.2, 0.3])
        + _rows("families_ring8:brier,smoke", "modes_captured", [1], steps=20)
        # A changed result (another loss) is left out.
        + _rows(
            "families_ring8:fgan_kl",
            "modes_captured",
            [3],
            overrides={"model.kwargs.loss": "hinge"},
        )
        + _rows("pacgan2_ring8", "modes_captured", [8])
    )
    lines = families_table.render(table.aggregate(rows))
    text = "\n".join(lines)
    assert "(4,000 steps)" in text and "(20 steps, smoke networks)" in text
    gmmn = next(line for line in lines if "`gmmn`" in line)
    assert gmmn.startswith("| moment matching (MMD) | `gmmn` | 7.00 ± 0.58 (n=3) |")
    assert "40.0 ± 5.8 (n=3)" in gmmn and gmmn.endswith("| 12 |")
    kliep = next(line for line in lines if "`ratio_kliep`" in line)
    assert kliep.split(" | ")[-2] == "0.20 ± 0.06 (n=3)"  # grid25 rev-KL.
    assert "fgan_kl" not in text and "pacgan" not in text
    assert families_table.render(table.aggregate(rows), steps=123) == []


def test_config_names_parse_to_dataset_objective_and_smoke():
    parse = families_table.parse_config
    assert parse("families_ring8:gmmn") == ("ring8", "gmmn", False)
    assert parse("families_grid25:brier,smoke") == ("grid25", "brier", True)
    assert parse("families_grid25") == ("grid25", "non_saturating", False)
    assert parse("vanilla_ring8") is None and parse("families_mnist:gmmn") is None
