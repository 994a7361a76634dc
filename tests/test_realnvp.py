"""The `realnvp` entry: its three objectives, exact likelihood, export, resume."""

import math

import numpy as np
import pytest
import tensorflow as tf
from conftest import batches

import ganzoo
from ganzoo.metrics import likelihood
from ganzoo.nets import flows

TINY = dict(
    image_shape=(8, 8, 1),
    num_scales=1,
    couplings_per_scale=1,
    final_couplings=1,
    hidden_channels=4,
    base_filters=4,
)


def _fit_once(objective, steps=1):
    model = ganzoo.build("realnvp", objective=objective, seed=0, **TINY)
    model.compile(jit_compile=False)
    g_before = [v.numpy().copy() for v in model.generator.trainable_variables]
    d_before = [v.numpy().copy() for v in model.discriminator.trainable_variables]
    data = batches(model.synthetic_batch(4 * steps), 4)
    history = model.fit(data, epochs=1, verbose=0).history

    def moved(before, net):
        return any(
            not np.array_equal(b, v.numpy())
            for b, v in zip(before, net.trainable_variables, strict=True)
        )

    return (
        model,
        history,
        moved(g_before, model.generator),
        moved(d_before, model.discriminator),
    )


def test_mle_trains_the_flow_only_and_reports_bits_per_dim():
    _, history, flow_moved, critic_moved = _fit_once("mle")
    assert set(history) == {"g_loss", "nll_bits_per_dim"}
    assert flow_moved and not critic_moved
    # g_loss is the NLL in nats; bits/dim is its conversion.
    nats = history["g_loss"][-1]
    assert history["nll_bits_per_dim"][-1] == pytest.approx(
        nats / (64 * math.log(2)) + 7, rel=1e-5
    )


def test_wgan_gp_trains_both_without_likelihood():
    _, history, flow_moved, critic_moved = _fit_once("wgan_gp")
    assert set(history) == {"d_loss", "g_loss", "gp"}
    assert flow_moved and critic_moved


def test_mle_lowers_the_training_bits_per_dim():
    model = ganzoo.build("realnvp", objective="mle", seed=0, **TINY)
    model.compile(g_optimizer=tf.keras.optimizers.Adam(1e-2), jit_compile=False)
    images = model.synthetic_batch(16, seed=3)
    images[:, :4] = -1.0  # Structure a flow can learn: a dark upper half.
    start = np.mean(likelihood.model_bits_per_dim(model, _levels(images))[0])
    model.fit(batches(np.tile(images, (30, 1, 1, 1)), 16), epochs=1, verbose=0)
    end = likelihood.model_bits_per_dim(model, _levels(images))[0]
    assert end < start - 0.5


def _levels(images):
    return np.round((images + 1.0) * 127.5).astype(np.uint8)


def test_bits_per_dim_of_a_fresh_flow_matches_numpy():
    # A fresh flow is the logit transform alone (couplings start as the
    # identity): N(0, I) in logit space, computed here with NumPy.
    model = ganzoo.build("realnvp", seed=0, **TINY)
    levels = np.random.default_rng(0).integers(0, 256, (50, 8, 8, 1))
    got, stderr = likelihood.model_bits_per_dim(model, levels, num_draws=1, seed=5)
    unit = likelihood.levels_to_unit(levels, np.random.default_rng(5))
    y, log_det = likelihood.logit_with_log_det(unit.reshape(50, -1))
    log_unit = -0.5 * np.sum(y**2, axis=1) - 32 * math.log(2 * math.pi) + log_det
    expected = -log_unit / (64 * math.log(2)) + 8
    assert got == pytest.approx(expected.mean(), abs=2e-4)
    assert stderr == pytest.approx(expected.std() / math.sqrt(50), rel=1e-2)


def test_latent_statistics_of_gaussian_latents_are_near_the_prior():
    z = np.random.default_rng(0).normal(size=(4000, 16))
    stats = likelihood.latent_statistics(z)
    assert stats["latent_mean_rms"] < 0.05
    assert stats["latent_var_mean"] == pytest.approx(1.0, abs=0.05)
    assert stats["latent_sq_norm_per_dim"] == pytest.approx(1.0, abs=0.05)
    assert stats["latent_log_normal_per_dim"] == pytest.approx(-1.4189, abs=0.05)
    shifted = likelihood.latent_statistics(2.0 * z + 1.0)
    assert shifted["latent_mean_rms"] > 0.9 and shifted["latent_var_mean"] > 3.5


def test_export_serves_log_prob(tmp_path):
    model = ganzoo.build("realnvp", seed=0, **TINY)
    ganzoo.export(model, tmp_path / "flow")
    module = tf.saved_model.load(str(tmp_path / "flow"))
    images = flows.dequantize(model.synthetic_batch(3), seed=1)
    served = module.log_prob(images=images)
    np.testing.assert_allclose(served["log_prob"], model.log_prob(images), rtol=1e-5)
    np.testing.assert_allclose(
        served["bits_per_dim"], flows.bits_per_dim(model.log_prob(images), 64)
    )
    z, _ = model.inverse(images)
    np.testing.assert_allclose(module.inverse(images=images)["latents"], z, atol=1e-5)


def test_bad_objective_raises():
    with pytest.raises(ValueError, match="objective="):
        ganzoo.build("realnvp", objective="gan", **TINY)


def test_config_picks_the_objective_and_rejects_unknown_arguments():
    from zoo_configs import realnvp_mnist

    assert realnvp_mnist.get_config("wgan_gp").model.kwargs.objective == "wgan_gp"
    smoke = realnvp_mnist.get_config("hybrid,smoke")
    assert smoke.model.kwargs.objective == "hybrid" and smoke.train.steps == 20
    with pytest.raises(ValueError, match="config argument"):
        realnvp_mnist.get_config("gan")


def test_trains_checkpoints_and_resumes_on_mnist(data_dir, tmp_path):
    from ganzoo.training import train
    from zoo_configs import realnvp_mnist

    config = realnvp_mnist.get_config("mle,smoke")  # The sweep steps the hybrid.
    config.train.update(steps=10, verbose=0, checkpoint_every=5, sample_every=10)
    first = train(config, tmp_path)
    assert first.step == 10 and first.initial_step == 0
    assert np.isfinite(first.g_loss)
    config.train.steps = 15
    resumed = train(config, tmp_path)
    assert resumed.initial_step == 10 and resumed.step == 15
    scores = ganzoo.metrics.get_evaluator("bits_per_dim")(
        resumed.gan, {"name": "mnist"}, num_draws=1, num_examples=200
    )
    # 15 steps from the identity flow: far from trained (~24 bits/dim), but
    # exact and finite.
    assert np.isfinite(scores["bits_per_dim"]) and scores["bits_per_dim"] > 1
    assert 0 < scores["bits_per_dim_stderr"] < 1
