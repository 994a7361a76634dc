"""SGAN's D on concatenated batches computes what a call per batch does."""

import keras
import numpy as np
import pytest

import ganzoo
from ganzoo.models.sgan import model as sgan_model
from ganzoo.nets import batching


def _quiet_sgan(objective):
    # Noise off, so two passes can be compared value by value.
    entry = ganzoo.get_entry("sgan")
    gan = ganzoo.build(
        "sgan",
        seed=2,
        **{**entry.smoke_kwargs, "architecture": "weight_norm_mlp"},
        generator_objective=objective,
    )
    for layer in gan.discriminator.layers:
        if isinstance(layer, keras.layers.GaussianNoise):
            layer.stddev = 0.0
    return gan


def _batch(gan, n=6):
    (labeled, labels), unlabeled = gan.synthetic_batch(n, seed=4)
    tensors = [keras.ops.convert_to_tensor(x) for x in (labeled, labels, unlabeled)]
    labeled, labels, unlabeled = tensors
    return gan.unpack_batch(((labeled, labels), unlabeled, unlabeled[::-1]))


@pytest.mark.parametrize("objective", ["feature_matching", "non_saturating"])
def test_one_call_equals_a_call_per_batch(objective, monkeypatch):
    gan = _quiet_sgan(objective)
    assert not batching.has_batch_statistics(gan.discriminator)
    batch = _batch(gan)
    losses = {}
    for fused in (True, False):
        monkeypatch.setattr(
            sgan_model.batching, "has_batch_statistics", lambda model, f=fused: not f
        )
        gan.seed_generator = keras.random.SeedGenerator(7)  # Same fakes.
        d_loss, d_logs = gan.discriminator_objective(batch)
        gan.seed_generator = keras.random.SeedGenerator(8)
        g_loss, _ = gan.generator_objective(batch)
        losses[fused] = [float(d_loss), float(d_logs["supervised_loss"]), float(g_loss)]
    np.testing.assert_allclose(losses[True], losses[False], rtol=1e-5, atol=1e-6)


def test_batch_norm_in_d_keeps_a_call_per_batch():
    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.BatchNormalization()(inputs))
    assert batching.has_batch_statistics(model)
    outputs = batching.call_on_concatenation(
        keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]),
        [np.ones((2, 3), "float32"), np.zeros((4, 3), "float32")],
    )
    assert [tuple(o.shape) for o in outputs] == [(2, 2), (4, 2)]
