"""Registry-driven sweep: every zoo entry builds, trains under XLA, saves."""

import keras
import numpy as np
import pytest
from conftest import batches

import ganzoo

MODELS = ganzoo.list_models()


def test_registry_has_the_first_entries():
    assert {"vanilla", "dcgan", "lsgan"} <= set(MODELS)
    assert MODELS == sorted(MODELS)


@pytest.fixture(scope="module", params=MODELS)
def trained(request):
    """Each entry at its smoke size after one XLA-compiled `fit` step."""
    entry = ganzoo.get_entry(request.param)
    gan = ganzoo.build(request.param, seed=1, **entry.smoke_kwargs)
    gan.compile(jit_compile=True)
    before = [v.numpy().copy() for v in gan.trainable_variables]
    batch = gan.synthetic_batch(4)
    history = gan.fit(batches(batch), epochs=1, verbose=0)
    return gan, before, history.history


def test_one_xla_step_has_finite_losses(trained):
    gan, _, history = trained
    # A GMMN has no discriminator (and no d_loss).
    assert set(history) >= {"g_loss"} | ({"d_loss"} if gan.discriminator else set())
    assert all(np.isfinite(v[-1]) for v in history.values())


def test_one_step_updates_both_players(trained):
    gan, before, _ = trained
    after = [v.numpy() for v in gan.trainable_variables]
    changed = [not np.array_equal(a, b) for a, b in zip(before, after, strict=True)]
    if gan.discriminator is None:  # One player (GMMN; GMMN+AE's autoencoder).
        assert any(changed), "no weights changed"
        return
    n_d = len(gan.discriminator.trainable_variables)
    # trainable_variables lists the generator's before the discriminator's.
    assert any(changed[:-n_d]), "generator weights did not change"
    assert any(changed[-n_d:]), "discriminator weights did not change"


def _outputs(gan, n, seed):
    """`generate(n, seed)`, or for translating entries (CycleGAN, no noise
    prior) the translation of `n` synthetic source images drawn with `seed`."""
    if gan.kind == "translation":
        return gan.translate(gan.synthetic_batch(n, seed=seed)[0])
    return gan.generate(n, seed=seed)


def test_generate_shape_range_and_seed(trained):
    gan, _, _ = trained
    images = _outputs(gan, 5, seed=3)
    if gan.kind == "translation":
        assert images.shape == gan.synthetic_batch(5)[1].shape
    else:
        assert images.shape == (5, *gan.image_shape)
    assert images.dtype == np.float32
    assert np.all(np.abs(images) <= 1.0)
    np.testing.assert_array_equal(images, _outputs(gan, 5, seed=3))
    assert not np.array_equal(images, _outputs(gan, 5, seed=4))


def test_keras_save_and_reload(trained, tmp_path):
    gan, _, _ = trained
    path = tmp_path / "gan.keras"
    gan.save(path)
    restored = keras.saving.load_model(path)
    assert type(restored) is type(gan)
    config, restored_config = gan.get_config(), restored.get_config()
    nets = (
        *("generator", "discriminator", "generator_b2a", "discriminator_a"),
        *("encoder", "code_discriminator"),  # alpha_gan's other players
        "decoder",  # gmmn_ae's
    )
    # Auto-generated layer names differ between the two; the rest must not.
    assert {k: v for k, v in config.items() if k not in nets} == {
        k: v for k, v in restored_config.items() if k not in nets
    }
    np.testing.assert_allclose(
        _outputs(restored, 3, seed=0), _outputs(gan, 3, seed=0), atol=1e-6
    )
    optimizer = gan.d_optimizer or gan.g_optimizer  # GMMNs have no d_optimizer.
    loaded_optimizer = restored.d_optimizer or restored.g_optimizer
    for saved, loaded in zip(
        optimizer.variables, loaded_optimizer.variables, strict=True
    ):
        np.testing.assert_array_equal(saved.numpy(), loaded.numpy())


def test_export_after_a_step_declares_the_kind_and_reloads(trained, tmp_path):
    gan, _, _ = trained
    info = ganzoo.export(gan, tmp_path / "export")
    assert info["kind"] == gan.kind
    loaded = ganzoo.load(tmp_path / "export")
    if gan.kind == "translation":
        images = gan.synthetic_batch(3, seed=0)[0]
        outputs = loaded.translate(images, direction="a2b")
    else:
        outputs = loaded.generate(3, seed=0)
    np.testing.assert_allclose(outputs, _outputs(gan, 3, seed=0), atol=1e-5)


def test_float16_view_gives_the_export_spec(trained):
    """`publish --float16` runs each entry's `export_spec` on a view of the
    model (not an instance of its class): a `super()` call there used to fail."""
    from benchmarks import publish

    gan, _, _ = trained
    spec = publish.Float16View(gan).export_spec()
    assert spec.kind == gan.kind
