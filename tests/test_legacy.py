"""Files written by the old main (deb857b) still load after the layout change.

`tests/fixtures/legacy/` holds smoke-size `.keras` files of every entry but
stackgan, their `generate(4, seed=0)` (labels 0-3 for cgan/acgan; CycleGAN:
`translate` of a linspace input) and a SavedModel export of a dcgan.
"""

import json
import warnings
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

import ganzoo

LEGACY = Path(__file__).parent / "fixtures" / "legacy"
MANIFEST = json.loads((LEGACY / "manifest.json").read_text())
# The subclasses whose only body was their optimizers, now `GAN`s of an entry.
REMOVED_CLASSES = {
    "VanillaGAN": "vanilla",
    "WGAN": "wgan",
    "WGANGP": "wgan_gp",
    "DRAGAN": "dragan",
    "SNGAN": "sngan",
}


def _outputs(gan, name):
    if name == "cyclegan":
        source = np.linspace(-1, 1, 2 * 8 * 8 * 1, dtype=np.float32)
        return gan.translate(source.reshape(2, 8, 8, 1), "a2b")
    if name in ("cgan", "acgan"):
        return gan.generate(4, seed=0, labels=[0, 1, 2, 3])
    return gan.generate(4, seed=0)


def _load(name):
    with warnings.catch_warnings():
        # The old files hold unbuilt optimizers (2 variables); Keras says so.
        warnings.filterwarnings("ignore", "Skipping variable loading for optimizer")
        return keras.saving.load_model(LEGACY / f"{name}.keras")


def test_every_fixture_is_listed():
    files = {p.stem for p in LEGACY.glob("*.keras")}
    assert files == set(MANIFEST) and len(files) == 11


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_old_keras_file_loads_and_generates_the_same(name):
    gan = _load(name)
    expected = np.load(LEGACY / "reference_outputs.npz")[name]
    # The same computation up to rounding: the fixtures were written on an
    # AVX-512 CPU, and an AVX2-only one (the AMD EPYC of 2026-12-02) sums in
    # another order: 6e-8 apart, 3e-6 after CycleGAN's instance norms. A
    # file that loaded wrong weights would be off by orders of magnitude more.
    np.testing.assert_allclose(_outputs(gan, name), expected, rtol=1e-5, atol=1e-5)
    old_class = MANIFEST[name]["cls"]
    if old_class in REMOVED_CLASSES:
        assert type(gan) is ganzoo.GAN
        assert gan.entry == REMOVED_CLASSES[old_class]
    else:
        assert type(gan).__name__ == old_class


@pytest.mark.parametrize("old_class", sorted(REMOVED_CLASSES))
def test_removed_class_restores_its_entrys_optimizers(old_class):
    name = REMOVED_CLASSES[old_class]
    gan = _load(name)
    gan.compile()  # Without arguments: the entry's paper optimizers.
    expected = ganzoo.describe(name)["d_optimizer"]
    assert gan.d_optimizer.__class__.__name__ == expected["class_name"]
    rate = expected["config"]["learning_rate"]
    assert float(gan.d_optimizer.learning_rate) == pytest.approx(rate)


def test_old_keras_file_keeps_training():
    gan = _load("wgan_gp")
    assert (gan.d_steps, gan.penalty) == (5, "wgan_gp")
    batch = gan.synthetic_batch(4)
    logs = gan.train_on_batch(batch, return_dict=True)
    assert set(logs) == {"d_loss", "g_loss", "gp"}
    assert all(np.isfinite(v) for v in logs.values())


def test_old_export_still_samples():
    path = LEGACY / "dcgan_export"
    loaded = ganzoo.load(path)
    assert loaded.kind == "unconditional"
    images = loaded.generate(4, seed=0)
    assert images.shape == (4, 8, 8, 1) and images.dtype == np.float32
    assert np.all(np.abs(images) <= 1.0) and images.std() > 0
    np.testing.assert_array_equal(images, loaded.generate(4, seed=0))
    assert not np.array_equal(images, loaded.generate(4, seed=1))
    module = tf.saved_model.load(str(path))  # Kept: it owns the variables.
    plain = module.sample(num=4, seed=0)["images"]
    np.testing.assert_allclose(images, plain.numpy(), atol=1e-6)
