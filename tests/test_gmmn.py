"""GMMN and GMMN+AE: the game, its phases, checkpoints and resume."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from conftest import batches

import ganzoo
from ganzoo.metrics import evaluators, parzen
from ganzoo.objectives import mmd as mmd_lib
from ganzoo.training import checkpoints

SMOKE_AE = ganzoo.get_entry("gmmn_ae").smoke_kwargs


def _values(variables):
    return [v.numpy().copy() for v in variables]


def _changed(before, variables):
    return any(
        not np.array_equal(a, v.numpy()) for a, v in zip(before, variables, strict=True)
    )


def test_gmmn_has_no_discriminator_and_refuses_a_d_optimizer():
    gmmn = ganzoo.build("gmmn", **ganzoo.get_entry("gmmn").smoke_kwargs)
    assert gmmn.discriminator is None and gmmn.discriminator_variables() == []
    with pytest.raises(ValueError, match="no discriminator"):
        gmmn.compile(d_optimizer="adam")
    gmmn.compile()
    assert gmmn.d_optimizer is None
    sgd = gmmn.g_optimizer  # The paper's schedule: lr 2 -> 0.2, momentum 0.9 -> 0.99.
    assert float(sgd.learning_rate) == pytest.approx(2.0)
    sgd.iterations.assign(10_000)
    assert float(sgd.learning_rate) == pytest.approx(0.2)
    assert float(sgd.current_momentum()) == pytest.approx(0.99)


def test_gmmn_ae_trains_the_autoencoder_then_only_the_code_generator():
    gmmn = ganzoo.build("gmmn_ae", seed=0, **dict(SMOKE_AE, ae_steps=2))
    gmmn.compile(jit_compile=False)  # The sweep runs it under XLA.
    data = batches(gmmn.synthetic_batch(20))
    ae_vars, g_vars = gmmn.autoencoder_variables(), gmmn.generator_variables()
    ae_before, g_before = _values(ae_vars), _values(g_vars)
    history = gmmn.fit(data.take(2), verbose=0).history
    assert _changed(ae_before, ae_vars) and not _changed(g_before, g_vars)
    assert history["ae_loss"][-1] > 0 and history["g_loss"][-1] == 0
    ae_before, g_before = _values(ae_vars), _values(g_vars)
    history = gmmn.fit(data.take(2), verbose=0).history
    assert _changed(g_before, g_vars) and not _changed(ae_before, ae_vars)
    assert history["ae_loss"][-1] == 0 and history["g_loss"][-1] > 0


@pytest.mark.parametrize("objective", ["sqrt_biased", "unbiased"])
def test_gmmn_moves_samples_toward_the_data(objective):
    rng = np.random.default_rng(0)
    points = rng.normal([2.0, -1.0], 0.3, size=(512, 2)).astype(np.float32)
    gmmn = ganzoo.build(
        "gmmn",
        image_shape=(2,),
        hidden_units=(32,),
        scales=(0.5, 2.0),
        objective=objective,
        seed=0,
    )
    gmmn.compile(g_optimizer=keras.optimizers.Adam(1e-2), jit_compile=False)

    def distance():
        return float(mmd_lib.mmd2(points[:256], gmmn.generate(256, seed=1), (1.0,)))

    before = distance()
    gmmn.fit(batches(points, 64).repeat(4), verbose=0)  # 32 steps
    assert distance() < 0.5 * before


def test_checkpoint_resume_continues_exactly(tmp_path):
    data = ganzoo.build("gmmn_ae", seed=0, **SMOKE_AE).synthetic_batch(16)

    def fresh():
        gmmn = ganzoo.build("gmmn_ae", seed=0, **dict(SMOKE_AE, ae_steps=2))
        gmmn.compile(jit_compile=False)
        gmmn.build_optimizers()
        return gmmn

    first = fresh()
    first.fit(batches(data).take(2), verbose=0)
    step = tf.Variable(2, dtype=tf.int64)
    path = checkpoints.make_checkpoint(first, step).save(str(tmp_path / "ckpt"))
    first.fit(batches(data).skip(2), verbose=0)  # Two GMMN steps.

    resumed = fresh()
    checkpoints.make_checkpoint(resumed, tf.Variable(0, dtype=tf.int64)).restore(
        path
    ).assert_consumed()
    assert int(resumed.ae_optimizer.iterations) == 2
    resumed.fit(batches(data).skip(2), verbose=0)
    for a, b in zip(first.weights, resumed.weights, strict=True):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_bad_arguments_name_the_value():
    with pytest.raises(ValueError, match="objective='mean'"):
        ganzoo.build("gmmn", objective="mean")
    with pytest.raises(ValueError, match="ae_steps=0"):
        ganzoo.build("gmmn_ae", **dict(SMOKE_AE, ae_steps=0))


def test_gmmn_parzen_protocol_is_a_named_option(data_dir, monkeypatch):
    monkeypatch.setenv("GANZOO_DATA_DIR", data_dir)
    index = parzen.gmmn_validation_index()
    assert (
        len(set(index)) == 5_000
        and index[0] == np.random.RandomState(0).permutation(60_000)[0]
    )
    evaluator = ganzoo.metrics.get_evaluator("parzen")
    real = evaluators.TrainingImages("mnist")
    scores = evaluator(real, {"name": "mnist"}, num_samples=500, protocol="gmmn")
    assert min(parzen.GMMN_SIGMAS) <= scores["parzen_sigma"] <= max(parzen.GMMN_SIGMAS)
    assert np.isfinite(scores["parzen_log_likelihood"])
    with pytest.raises(ValueError, match="protocol='li2015'"):
        evaluator(real, {"name": "mnist"}, protocol="li2015")


def test_every_latent_prior_draws_its_own_noise():
    # The draw is the engine's one mapping (`draw_latents`): a GMMN given the
    # 2014 code's unit-variance uniform must not fall back to N(0, 1).
    entry = ganzoo.get_entry("gmmn")
    gan = ganzoo.build(
        "gmmn", **entry.smoke_kwargs, latent_distribution="uniform_sqrt3"
    )
    z = np.asarray(gan.sample_latent(4000, seed=0))
    assert np.abs(z).max() <= np.sqrt(3.0) and np.abs(z).max() > 1.7
    assert np.var(z) == pytest.approx(1.0, abs=0.05)
