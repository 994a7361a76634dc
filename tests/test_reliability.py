"""Reliability: crash-safe checkpoints, determinism, rollback, mixed precision.

Tiny runs: the vanilla GAN's ring8 smoke config (about a second per run).
The kill -9 test and the first exact-resume test live in test_training.py.
"""

import logging
import os
import sys

import keras
import numpy as np
import pytest
import tensorflow as tf
from conftest import batches, ring_config
from keras import ops

import ganzoo
from ganzoo.models.vanilla import VanillaGAN
from ganzoo.objectives import losses
from ganzoo.training import checkpoints, precision
from ganzoo.training import loop as training

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO not in sys.path:
    sys.path.insert(0, REPO)


def all_state(gan):
    optimizers = gan.d_optimizer.variables + gan.g_optimizer.variables
    return [v.numpy() for v in gan.variables + optimizers]


def assert_same_state(a, b):
    for x, y in zip(all_state(a), all_state(b), strict=True):
        np.testing.assert_array_equal(x, y)


@pytest.fixture
def op_determinism():
    """Leaves TF's op determinism as it found it (it is process-wide)."""
    from tensorflow.python.framework import config as tf_config

    was_enabled = tf_config.is_op_determinism_enabled()
    yield
    if not was_enabled:
        tf_config.disable_op_determinism()


# -- Crash-safe checkpoints ------------------------------------------------------


def test_damaged_latest_checkpoint_falls_back_to_the_previous(tmp_path, caplog):
    workdir = tmp_path / "run"
    training.train(ring_config(10), workdir)
    (data,) = (workdir / "checkpoints").glob("ckpt-10.data-*")
    data.write_bytes(data.read_bytes()[: data.stat().st_size // 2])  # Truncated.
    with caplog.at_level(logging.WARNING):
        resumed = training.train(ring_config(10), workdir)
    assert (resumed.initial_step, resumed.step) == (5, 10)
    assert "ckpt-10 cannot be restored" in caplog.text
    # Redoing steps 6-10 from ckpt-5 gives exactly the unbroken run.
    straight = training.train(ring_config(10), tmp_path / "straight")
    assert_same_state(resumed.gan, straight.gan)
    assert resumed.gan.g_optimizer.iterations.numpy() == 10


def test_no_readable_checkpoint_is_an_error_not_a_fresh_start(tmp_path):
    training.train(ring_config(5), tmp_path)
    (index,) = (tmp_path / "checkpoints").glob("ckpt-5.index")
    index.write_bytes(b"not a checkpoint")
    with pytest.raises(ValueError, match="none of which can be restored"):
        training.train(ring_config(10), tmp_path)


def test_checkpoint_holds_weights_optimizers_step_and_noise_state(tmp_path):
    first = training.train(ring_config(5), tmp_path)
    path = tf.train.latest_checkpoint(tmp_path / "checkpoints")
    names = [name for name, _ in tf.train.list_variables(path)]
    # Weights are stored once, under the first path that reaches them (here
    # the optimizers'); the restore below checks every value.
    for part in ("step/", "gan/d_optimizer/", "gan/g_optimizer/", "non_trainable/"):
        assert any(n.startswith(part) for n in names), part
    trainable = first.gan.trainable_variables
    assert len(names) - 1 >= len(trainable) + len(first.gan.non_trainable_variables)
    # The noise seed state moved during training and comes back.
    seed_state = first.gan.seed_generator.state.numpy()
    assert seed_state[1] > 0
    config = ring_config()
    fresh = ganzoo.build("vanilla", **config.model.kwargs)
    optimizers = config.optimizer.to_dict()
    fresh.compile(d_optimizer=optimizers["d"], g_optimizer=optimizers["g"])
    fresh.build_optimizers()
    step = tf.Variable(0, dtype=tf.int64)
    checkpoints.make_checkpoint(fresh, step).restore(path).assert_consumed()
    assert int(step.numpy()) == 5
    np.testing.assert_array_equal(fresh.seed_generator.state.numpy(), seed_state)
    for a, b in zip(all_state(fresh), all_state(first.gan), strict=True):
        np.testing.assert_array_equal(a, b)


def test_cyclegan_image_pool_is_checkpointed(tmp_path):
    def build():
        entry = ganzoo.get_entry("cyclegan")
        gan = ganzoo.build("cyclegan", seed=1, **entry.smoke_kwargs)
        gan.compile(jit_compile=False)
        gan.build_optimizers()
        return gan

    gan = build()
    # Fill the history pools as train steps do (a fit compiles for seconds).
    images_a, images_b = gan.synthetic_batch(4)
    gan.pool_a(images_a)
    gan.pool_b(images_b)
    pool = [v for v in gan.non_trainable_variables if "pool" in v.path]
    assert pool and any(np.abs(v.numpy()).sum() > 0 for v in pool)
    path = checkpoints.make_checkpoint(gan, tf.Variable(2, dtype=tf.int64)).save(
        tmp_path / "ckpt"
    )
    fresh = build()
    step = tf.Variable(0, dtype=tf.int64)
    checkpoints.make_checkpoint(fresh, step).restore(path).assert_consumed()
    fresh_pool = [v for v in fresh.non_trainable_variables if "pool" in v.path]
    for a, b in zip(pool, fresh_pool, strict=True):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert_same_state(fresh, gan)


# -- Determinism -----------------------------------------------------------------


def test_deterministic_runs_are_identical_and_resume_exactly(tmp_path, op_determinism):
    config = ring_config(20, deterministic=True)
    first = training.train(config, tmp_path / "a")
    from tensorflow.python.framework import config as tf_config

    assert tf_config.is_op_determinism_enabled()  # `train.deterministic` set it.
    second = training.train(config, tmp_path / "b")
    assert_same_state(first.gan, second.gan)
    interrupted = training.train(ring_config(10, deterministic=True), tmp_path / "c")
    assert interrupted.step == 10
    resumed = training.train(config, tmp_path / "c")
    assert (resumed.initial_step, resumed.step) == (10, 20)
    assert_same_state(first.gan, resumed.gan)
    # And the runs did train: the weights moved from a fresh build's.
    keras.utils.set_random_seed(0)
    fresh = ganzoo.build("vanilla", **config.model.kwargs)
    moved = [
        not np.array_equal(a.numpy(), b.numpy())
        for a, b in zip(
            fresh.trainable_variables, first.gan.trainable_variables, strict=True
        )
    ]
    assert all(moved)


# -- Divergence: rollback --------------------------------------------------------


def _nan_while_learning_rate_above(threshold, after_step=7):
    original = VanillaGAN.generator_loss

    def generator_loss(self, fake_logits):
        loss = original(self, fake_logits)
        optimizer = self.g_optimizer
        bad = ops.logical_and(
            optimizer.iterations >= after_step, optimizer.learning_rate > threshold
        )
        return ops.where(bad, float("nan"), loss)

    return generator_loss


def test_rollback_restores_last_good_checkpoint_and_lowers_lr(
    tmp_path, monkeypatch, caplog
):
    # The smoke config's Adam has lr 1e-4: NaN at step 8 until it is lowered.
    monkeypatch.setattr(
        VanillaGAN, "generator_loss", _nan_while_learning_rate_above(0.9e-4)
    )
    config = ring_config(20, on_divergence="rollback", rollback_lr_factor=0.5)
    with caplog.at_level(logging.WARNING):
        result = training.train(config, tmp_path)
    assert (result.initial_step, result.step) == (0, 20)
    assert "Training diverged at step 8: `g_loss=nan" in caplog.text
    assert "Rollback 1/3: restored" in caplog.text and "ckpt-5" in caplog.text
    for optimizer in (result.gan.d_optimizer, result.gan.g_optimizer):
        np.testing.assert_allclose(float(optimizer.learning_rate), 5e-5, rtol=1e-6)
    assert np.isfinite([result.d_loss, result.g_loss]).all()
    # The lowered rate is saved: a restart keeps it.
    monkeypatch.undo()
    again = training.train(ring_config(25, on_divergence="rollback"), tmp_path)
    assert again.initial_step == 20
    np.testing.assert_allclose(float(again.gan.g_optimizer.learning_rate), 5e-5)


def test_rollback_gives_up_after_max_rollbacks(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(VanillaGAN, "generator_loss", _nan_while_learning_rate_above(0))
    config = ring_config(20, on_divergence="rollback", max_rollbacks=2)
    with (
        caplog.at_level(logging.WARNING),
        pytest.raises(training.TrainingDivergedError, match="at step 8"),
    ):
        training.train(config, tmp_path)
    assert "Rollback 2/2" in caplog.text and "Rollback 3/" not in caplog.text
    assert tf.train.latest_checkpoint(tmp_path / "checkpoints").endswith("ckpt-5")


def test_rollback_before_any_checkpoint_restarts_from_step_0(tmp_path, monkeypatch):
    monkeypatch.setattr(
        VanillaGAN, "generator_loss", _nan_while_learning_rate_above(0.9e-4, 2)
    )
    config = ring_config(10, on_divergence="rollback")
    result = training.train(config, tmp_path)
    assert result.step == 10
    np.testing.assert_allclose(float(result.gan.d_optimizer.learning_rate), 5e-5)


# -- Mixed precision -------------------------------------------------------------


# Every policy on the base engine; each train step of its own under a half
# policy (CycleGAN's compile is the slow one, so it runs once).
CASES = [("vanilla", policy) for policy in precision.POLICIES] + [
    ("cgan", "mixed_float16"),
    ("acgan", "mixed_bfloat16"),
    ("sgan", "mixed_float16"),
    ("cyclegan", "mixed_float16"),
]


@pytest.mark.parametrize("model, policy", CASES)
def test_a_step_runs_under_each_policy_with_float32_losses(model, policy):
    global_policy = keras.config.dtype_policy().name
    with precision.dtype_policy(policy):
        entry = ganzoo.get_entry(model)
        gan = ganzoo.build(model, seed=1, **entry.smoke_kwargs)
    assert keras.config.dtype_policy().name == global_policy  # Restored.
    gan.compile(jit_compile=False)
    half = policy != "float32"
    assert gan.discriminator.compute_dtype == (policy[6:] if half else "float32")
    assert gan.generator.variable_dtype == "float32"
    scaled = isinstance(gan.d_optimizer, keras.optimizers.LossScaleOptimizer)
    assert scaled == (policy == "mixed_float16")
    history = gan.fit(batches(gan.synthetic_batch(4), 2), epochs=1, verbose=0)
    assert all(np.isfinite(v[-1]) for v in history.history.values()), history.history
    if model == "vanilla":
        images = gan.synthetic_batch(4)
        logits = gan.discriminator(images)
        assert logits.dtype == (policy[6:] if half else "float32")
        d_loss = gan.discriminator_loss(logits, logits)
        g_loss = gan.generator_loss(logits)
        assert (d_loss.dtype, g_loss.dtype) == ("float32", "float32")


@pytest.mark.parametrize("name", losses.list_losses())
def test_every_loss_is_float32_on_half_precision_logits(name):
    logits = ops.cast(ops.linspace(-3.0, 3.0, 8)[:, None], "float16")
    d_fn, g_fn = losses.get_loss(name)
    for value in (d_fn(logits, logits), g_fn(logits)):
        assert value.dtype == "float32" and np.isfinite(ops.convert_to_numpy(value))


def test_mixed_float16_training_run_checkpoints_the_loss_scale(tmp_path):
    config = ring_config(10, mixed_precision="mixed_float16")
    first = training.train(config, tmp_path)
    assert first.gan.discriminator.compute_dtype == "float16"
    assert np.isfinite([first.d_loss, first.g_loss]).all()
    assert keras.config.dtype_policy().name == "float32"
    again = training.train(config, tmp_path)  # Restores and returns.
    assert again.initial_step == 10
    for name in ("d_optimizer", "g_optimizer"):
        saved, restored = getattr(first.gan, name), getattr(again.gan, name)
        assert isinstance(restored, keras.optimizers.LossScaleOptimizer)
        for attribute in ("dynamic_scale", "step_counter"):
            a, b = getattr(saved, attribute), getattr(restored, attribute)
            assert a.numpy() == b.numpy(), attribute
    assert first.gan.g_optimizer.step_counter.numpy() > 0


# -- Benchmark rows are never lost (issue 18, defect 1) ---------------------------


def test_a_dict_override_row_is_written_before_export(tmp_path, monkeypatch):
    import json

    import ml_collections

    from benchmarks import runner

    adam = {"class_name": "adam", "config": {"learning_rate": 1e-4, "beta_1": 0.8}}
    config = ring_config(5)
    config.optimizer.d = adam
    # As `benchmarks/run.py` records a `--config.optimizer.d={...}` override.
    overrides = {"optimizer.d": ml_collections.ConfigDict(adam)}
    spec = runner.RunSpec(config, "vanilla_ring8:smoke", 0, overrides=overrides)

    def export_fails(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(runner.ganzoo, "export", export_fails)
    results = tmp_path / "results.jsonl"
    with pytest.raises(OSError, match="disk full"):
        runner.run_benchmark(spec, str(tmp_path / "runs"), str(results))
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    assert rows and {row["status"] for row in rows} == {"ok"}
    assert all(row["value"] is not None for row in rows)
    assert rows[0]["overrides"] == {"optimizer.d": adam}
