"""StackGAN's two-stage schedule through the training binary's loop.

Stage-I runs first (`zoo_configs/stackgan_shapes_stage1.py`); Stage-II
(`..._stage2.py`) loads it, trains with it frozen, and refuses a missing,
unfinished, other-stage or other-sized Stage-I run with one line.
"""

import json
import os
import shutil

import numpy as np
import pytest
import tensorflow as tf

import ganzoo
from ganzoo.models.stackgan.builder import SMOKE_KWARGS
from ganzoo.training import config as config_lib
from ganzoo.training import loop

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHORT = {
    "train.steps": 4,
    "train.log_every": 2,
    "train.checkpoint_every": 4,
    "train.sample_every": 4,
    "train.verbose": 0,
    "data.batch_size": 8,
    "data.kwargs.num_examples": 64,
}


def _config(name, **overrides):
    config = config_lib.load_config(
        os.path.join(REPO, "zoo_configs", f"stackgan_shapes_{name}.py"), "smoke"
    )
    for key, value in {**SHORT, **overrides}.items():
        node, *path = config, *key.split(".")
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    return config


def _stage1_nets(gan):
    g, d = gan.generator, gan.discriminator
    return [g.stage1, g.ca1, g.text_encoder, d.stage1]


def _values(nets):
    return [w.numpy().copy() for net in nets for w in net.weights]


@pytest.fixture(scope="module")
def stage1_run(tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp("stage1"))
    result = loop.train(_config("stage1"), workdir)
    return workdir, result.gan


def test_stage2_trains_on_the_frozen_stage1(stage1_run, tmp_path):
    workdir, stage1 = stage1_run
    config = _config("stage2", **{"model.kwargs.stage1_checkpoint": workdir})
    result = loop.train(config, str(tmp_path / "stage2"))
    gan = result.gan
    assert result.step == 4 and np.isfinite(result.d_loss)
    # Stage-I's G, CA, text encoder and D (moving statistics included) are
    # the Stage-I run's, bit for bit, after Stage-II's steps.
    for got, want in zip(
        _values(_stage1_nets(gan)), _values(_stage1_nets(stage1)), strict=True
    ):
        np.testing.assert_array_equal(got, want)
    # ...while Stage-II trained: its G differs from a fresh build of it.
    fresh = ganzoo.build(
        "stackgan",
        **config.model.kwargs.to_dict()
        | {
            "stage1_checkpoint": "",
            "image_shape": tuple(config.model.kwargs.image_shape),
        },
    )
    trained = _values([gan.generator.stage2])
    assert any(
        not np.array_equal(a, b)
        for a, b in zip(trained, _values([fresh.generator.stage2]), strict=True)
    )
    # The grid: real renders of 8 captions over Stage-I over Stage-II samples.
    images, rows = gan.preview_grid(16, seed=0)
    assert rows == 3 and images.shape == (24, *gan.image_shape)
    assert os.listdir(tmp_path / "stage2" / "samples")


def _copy_run(workdir, tmp_path, edit):
    copy = str(tmp_path / "copy")
    shutil.copytree(workdir, copy)
    path = os.path.join(copy, "config.json")
    with open(path, encoding="utf-8") as f:
        run = json.load(f)
    edit(run)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(run, f)
    return copy


def _stage2(checkpoint, **kwargs):
    """A Stage-II build with the networks of the Stage-I smoke config."""
    stage1 = _config("stage1").model.kwargs
    arch = {k: stage1[k] for k in SMOKE_KWARGS}
    arch["image_shape"] = tuple(arch["image_shape"])
    return ganzoo.build(
        "stackgan", **{**arch, **kwargs}, stage=2, stage1_checkpoint=checkpoint
    )


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda run: run["model"]["kwargs"].update(g_filters=8), "`g_filters` is 8"),
        (lambda run: run["model"]["kwargs"].update(stage=2), "with `stage=2`"),
        (lambda run: run["model"].update(name="dcgan"), "a run of `dcgan`"),
        (lambda run: run["train"].update(steps=8), "stopped at step 4 of 8"),
    ],
)
def test_stage2_refuses_a_mismatched_stage1_run(stage1_run, tmp_path, edit, message):
    workdir, _ = stage1_run
    with pytest.raises(ValueError, match="Received: `stage1_checkpoint=") as error:
        _stage2(_copy_run(workdir, tmp_path, edit))
    assert message in str(error.value) and "\n" not in str(error.value)


def test_stage2_refuses_a_missing_or_misfit_checkpoint(stage1_run, tmp_path):
    with pytest.raises(ValueError, match="holds no checkpoint"):
        _stage2(str(tmp_path / "nowhere"))
    # A bare checkpoint prefix (no config.json) of other-sized networks.
    other = ganzoo.build("stackgan", **{**SMOKE_KWARGS, "g_filters": 8}, stage=1)
    prefix = tf.train.Checkpoint(gan=other).write(str(tmp_path / "ckpt"))
    with pytest.raises(ValueError, match="whose variables do not fit"):
        ganzoo.build("stackgan", **SMOKE_KWARGS, stage=2, stage1_checkpoint=prefix)
    # The training loop refuses Stage-II without any Stage-I.
    config = _config("stage2")
    with pytest.raises(ValueError, match="`stage=2` without `stage1_checkpoint`"):
        loop.train(config, str(tmp_path / "alone"))
    with pytest.raises(ValueError, match="expected stage=2"):
        ganzoo.build("stackgan", **SMOKE_KWARGS, stage=1, stage1_checkpoint="x")


def test_stage2_with_a_text_free_head_loads_stage1(stage1_run):
    # Stage-I never trains Stage-II's D, so a Stage-II D with a text-free
    # head (the authors' PyTorch release) still loads a Stage-I run.
    workdir, stage1 = stage1_run
    gan = _stage2(workdir, stage2_unconditional=True, seed=0)
    assert gan.discriminator.stage2.output.shape[-1] == 2
    assert gan.discriminator.stage1.output.shape[-1] == 1
    rebuilt = type(gan.discriminator).from_config(gan.discriminator.get_config())
    assert rebuilt.stage2.output.shape[-1] == 2
    for got, want in zip(
        _values(_stage1_nets(gan)), _values(_stage1_nets(stage1)), strict=True
    ):
        np.testing.assert_array_equal(got, want)
    batch = gan.unpack_batch(
        tuple(tf.convert_to_tensor(x) for x in gan.synthetic_batch(8))
    )
    d_loss, _ = gan.discriminator_objective(batch)
    g_loss, _ = gan.generator_objective(batch)
    assert np.isfinite(float(d_loss)) and np.isfinite(float(g_loss))


def test_seed_placeholder_pairs_each_stage2_seed_with_its_stage1(stage1_run, tmp_path):
    workdir, _ = stage1_run
    shutil.copytree(workdir, tmp_path / "seed_3" / "train")
    gan = _stage2(str(tmp_path / "seed_{seed}" / "train"), seed=3)
    assert gan.stage1_source.startswith(str(tmp_path / "seed_3" / "train"))


def test_learning_rates_halve_every_decay_interval():
    gan = ganzoo.build("stackgan", **SMOKE_KWARGS, lr_decay_steps=10)
    assert gan.get_config()["lr_decay_steps"] == 10
    for optimizer in gan.default_optimizers():
        rates = []
        for step in (0, 9, 10, 25):
            optimizer.iterations.assign(step)
            rates.append(float(optimizer.learning_rate))
        np.testing.assert_allclose(rates, [2e-4, 2e-4, 1e-4, 5e-5], rtol=1e-6)


def test_without_conditioning_augmentation_the_code_is_the_mean():
    gan = ganzoo.build(
        "stackgan", **SMOKE_KWARGS, stage=1, conditioning_augmentation=False
    )
    assert gan.generator.get_config()["conditioning_augmentation"] is False
    embedding = gan.embed(gan.tokenize(["a small red circle at the top"] * 2))
    eps = np.random.default_rng(0).normal(size=(2, gan.generator.condition_dim))
    c, mean, _ = gan.generator.codes(gan.generator.ca1, embedding, eps, False)
    np.testing.assert_array_equal(np.asarray(c), np.asarray(mean))
    # No KL term: the logged kl is 0.
    batch = tuple(tf.convert_to_tensor(x) for x in gan.synthetic_batch(4))
    _, logs = gan.generator_objective(gan.unpack_batch(batch))
    assert float(logs["kl"]) == 0.0
