"""The discriminator probe: pooled features, the linear fit, the harness."""

import keras
import numpy as np
import pytest
from scipy import optimize

import ganzoo
from ganzoo.metrics import linear_classifier, probe, probe_baselines

SHAPE = (16, 16, 1)


@pytest.fixture(scope="module")
def gan():
    keras.utils.set_random_seed(0)
    return ganzoo.build("dcgan", image_shape=SHAPE, latent_dim=8, base_filters=4)


def synthetic_splits(n_pool=60, n_valid=40, n_test=40, seed=0):
    """Three classes, each a bright square in its own corner, plus noise."""
    rng = np.random.default_rng(seed)

    def make(n):
        labels = np.arange(n) % 3
        images = rng.normal(0.0, 0.3, (n, *SHAPE)).astype(np.float32) - 0.5
        for k in range(3):
            r, c = divmod(k, 2)
            images[labels == k, 8 * r : 8 * r + 8, 8 * c : 8 * c + 8] += 1.0
        return np.clip(images, -1, 1), labels.astype(np.int32)

    return {"pool": make(n_pool), "valid": make(n_valid), "test": make(n_test)}


def test_adaptive_max_pool():
    maps = np.random.default_rng(0).normal(size=(2, 7, 7, 3)).astype(np.float32)
    out = probe.adaptive_max_pool(maps, 4)
    assert out.shape == (2, 4, 4, 3)
    # Bins of 7 into 4: [0, 2), [1, 4), [3, 6), [5, 7).
    np.testing.assert_array_equal(out[:, 1, 2], maps[:, 1:4, 3:6].max(axis=(1, 2)))
    np.testing.assert_array_equal(
        probe.adaptive_max_pool(maps[:, :4, :4], 4), maps[:, :4, :4]
    )


def test_features_pool_every_conv_activation(gan):
    images = synthetic_splits()["test"][0][:5]
    feats = probe.discriminator_features(gan, images, grid=2)
    assert feats.shape == (5, 2 * 2 * (4 + 8))
    layers = probe.conv_activations(gan.discriminator)
    assert [type(layer).__name__ for layer in layers] == ["LeakyReLU", "LeakyReLU"]
    first = keras.Model(gan.discriminator.input, layers[0].output)(images).numpy()
    np.testing.assert_allclose(
        feats[:, :16], probe.adaptive_max_pool(first, 2).reshape(5, -1), rtol=1e-5
    )


def test_recomputed_batch_norm_uses_the_training_statistics(gan):
    train = synthetic_splits()["pool"][0]
    before = [w.copy() for w in gan.discriminator.get_weights()]
    copy = probe.recompute_batch_norm(gan.discriminator, train)
    (bn,) = [x for x in copy.layers if isinstance(x, keras.layers.BatchNormalization)]
    inputs = keras.Model(copy.input, bn.input)(train).numpy()
    np.testing.assert_allclose(
        bn.moving_mean.numpy(), inputs.mean((0, 1, 2)), rtol=1e-4, atol=1e-6
    )
    np.testing.assert_allclose(
        bn.moving_variance.numpy(), inputs.var((0, 1, 2)), rtol=1e-3
    )
    for a, b in zip(before, gan.discriminator.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)  # The original is untouched.
    a = probe.discriminator_features(gan, train[:4], 2, "recomputed", train)
    b = probe.discriminator_features(gan, train[:4], 2, "inference")
    assert not np.allclose(a, b)
    with pytest.raises(ValueError, match="train_images"):
        probe.discriminator_features(gan, train[:4], batch_norm="recomputed")


@pytest.mark.parametrize("loss", linear_classifier.LOSSES)
def test_linear_fit_gradient_and_separable_data(loss):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 5))
    y = np.argmax(x[:, :3], axis=1)
    params = rng.normal(size=5 * 3 + 3)
    error = optimize.check_grad(
        lambda p: linear_classifier._objective(p, x, y, 0.7, loss, 3)[0],
        lambda p: linear_classifier._objective(p, x, y, 0.7, loss, 3)[1],
        params,
    )
    assert error < 1e-4 * np.linalg.norm(
        linear_classifier._objective(params, x, y, 0.7, loss, 3)[1]
    )
    fitted = linear_classifier.fit_linear(x, y, 100.0, loss, 3)
    assert np.mean(linear_classifier.predict_linear(fitted, x, 3) == y) > 0.95
    # Strong regularisation leaves W near zero.
    tiny = linear_classifier.fit_linear(x, y, 1e-6, loss, 3)
    assert np.abs(tiny[:15]).max() < 1e-3


def test_harness_separates_signal_from_noise():
    splits = synthetic_splits()
    good = probe.probe_error(probe.pixels, splits, labels_per_class=5, draws=2)
    rng = np.random.default_rng(1)

    def noise(images):
        return rng.normal(size=(len(images), 20)).astype(np.float32)

    bad = probe.probe_error(noise, splits, labels_per_class=5, draws=2)
    assert good["error"] < 0.1 and len(good["errors"]) == 2 and len(good["c"]) == 2
    assert bad["error"] > 0.4
    # The draws are ganzoo's seeded split: the same seed, the same labels.
    a, b = probe.label_draws(splits, 5, 2), probe.label_draws(splits, 5, 2)
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], a[1])


def test_probe_and_baselines_run_on_a_tiny_dcgan(gan):
    splits = synthetic_splits()
    grid = (1e-3, 1e-1)
    d = probe.linear_probe(
        gan, splits=splits, labels_per_class=5, draws=2, c_grid=grid, grid=2
    )
    random_d = probe_baselines.random_discriminator(gan, seed=1)
    assert random_d is not gan.discriminator
    assert not np.allclose(
        random_d.get_weights()[0], gan.discriminator.get_weights()[0]
    )
    r = probe.linear_probe(
        random_d, splits=splits, labels_per_class=5, draws=2, c_grid=grid, grid=2
    )
    s = probe_baselines.supervised_error(
        gan, splits, labels_per_class=5, draws=2, epochs=3
    )
    for result in (d, r, s):
        assert 0.0 <= result["error"] <= 1.0 and result["stderr"] >= 0.0
    assert probe_baselines.classifier_like(gan, 3).output_shape == (None, 3)


def test_benchmark_rows_have_the_results_format():
    import json
    from pathlib import Path

    from benchmarks import latent_probe

    repo = Path(__file__).resolve().parents[1]
    card = json.loads((repo / "ganzoo/presets/dcgan_mnist/card.json").read_text())
    result = {"error": 0.04, "stderr": 0.002, "errors": [0.04], "seconds": 1.0}
    rows = latent_probe.rows_for(
        {"probe_error": result, "flips": 1.5}, "dcgan_mnist", card, "p", "e", 2.0
    )
    # The fields every row of benchmarks/results.jsonl has (see runner._row).
    required = {"model", "dataset", "config", "suite", "seed", "steps", "metric",
                "batch_size", "overrides", "machine", "commit", "time", "value",
                "status", "train_seconds", "eval_seconds"}  # fmt: skip
    assert required <= set(rows[0]) and "seconds" not in rows[0]
    assert rows[0]["value"] == 0.04 and rows[0]["stderr"] == 0.002
    assert rows[1]["value"] == 1.5 and rows[1]["eval_seconds"] == 2.0
    assert rows[0]["steps"] == 30000 and rows[0]["protocol"] == "p"
