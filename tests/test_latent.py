"""Latent-space operations, `generate(latents=...)` and the interpolation grid."""

import numpy as np
import pytest
from keras import ops

import ganzoo
from ganzoo import latent

D = 64


def codes(n, seed=0):
    return np.random.default_rng(seed).normal(size=(n, D)).astype(np.float32)


def test_lerp_endpoints_and_midpoint():
    z0, z1 = codes(3), codes(3, seed=1)
    path = latent.interpolate(z0, z1, steps=5, method="lerp")
    assert path.shape == (3, 5, D)
    np.testing.assert_allclose(path[:, 0], z0, atol=1e-6)
    np.testing.assert_allclose(path[:, -1], z1, atol=1e-6)
    np.testing.assert_allclose(path[:, 2], (z0 + z1) / 2, atol=1e-6)


def test_slerp_keeps_equal_norms_and_lerp_shrinks_them():
    z0, z1 = codes(50), codes(50, seed=1)
    z1 = (
        z1
        / np.linalg.norm(z1, axis=1, keepdims=True)
        * np.linalg.norm(z0, axis=1)[:, None]
    )
    sl = latent.interpolate(z0, z1, steps=7, method="slerp")
    norms = np.linalg.norm(sl, axis=-1)
    np.testing.assert_allclose(
        norms, np.linalg.norm(z0, axis=1)[:, None] * np.ones(7), rtol=1e-5
    )
    np.testing.assert_allclose(sl[:, 0], z0, atol=1e-5)
    np.testing.assert_allclose(sl[:, -1], z1, atol=1e-5)
    # Nearly orthogonal N(0, I) codes: lerp's midpoint is ~1/sqrt(2) as long.
    mid = np.linalg.norm(latent.lerp(z0, z1, 0.5), axis=-1) / norms[:, 0]
    assert 0.6 < mid.mean() < 0.8
    # Equal angular steps along the arc.
    cos = np.sum(sl[:, :-1] * sl[:, 1:], -1) / (norms[:, :-1] * norms[:, 1:])
    np.testing.assert_allclose(cos, cos[:, :1] * np.ones(6), rtol=1e-4)


def test_slerp_falls_back_to_lerp_for_parallel_endpoints():
    z = codes(2)
    for z1 in (2.0 * z, -z):
        out = latent.slerp(z, z1, np.array([0.0, 0.25, 1.0]))
        assert np.all(np.isfinite(out))
        np.testing.assert_allclose(
            out, latent.lerp(z, z1, np.array([0.0, 0.25, 1.0])), atol=1e-5
        )
    # A scalar t keeps the shape.
    assert latent.slerp(codes(4), codes(4, 1), 0.3).shape == (4, D)


def test_tensors_in_tensors_out_same_values():
    z0, z1 = codes(2), codes(2, seed=1)
    for method in latent.METHODS:
        expected = latent.interpolate(z0, z1, 4, method)
        out = latent.interpolate(
            ops.convert_to_tensor(z0), ops.convert_to_tensor(z1), 4, method
        )
        assert ops.is_tensor(out)
        np.testing.assert_allclose(ops.convert_to_numpy(out), expected, atol=1e-5)


def test_attribute_vector_exemplars_and_jitter():
    z_with, z_without = codes(10) + 1.0, codes(12, seed=1)
    v = latent.attribute_vector(z_with, z_without)
    np.testing.assert_allclose(v, z_with.mean(0) - z_without.mean(0), atol=1e-6)
    assert latent.average_exemplars(codes(6).reshape(2, 3, D)).shape == (2, D)
    near = latent.jitter(codes(2), 5, seed=0)
    assert near.shape == (2, 5, D)
    offsets = near - codes(2)[:, None]
    assert np.abs(offsets).max() <= 0.25 and np.abs(offsets).max() > 0.2
    np.testing.assert_array_equal(near, latent.jitter(codes(2), 5, seed=0))


@pytest.mark.parametrize(
    "call",
    [
        lambda: latent.interpolate(codes(2), codes(3), 4),
        lambda: latent.interpolate(codes(2), codes(2), 1),
        lambda: latent.interpolate(codes(2), codes(2), 4, method="linear"),
        lambda: latent.attribute_vector(codes(0), codes(2)),
        lambda: latent.check_latents(codes(2), D + 1),
    ],
)
def test_bad_arguments_raise(call):
    with pytest.raises(ValueError, match="Received"):
        call()


@pytest.fixture(scope="module")
def preset():
    return ganzoo.load("dcgan_mnist")


def test_generate_latents_matches_seeded_generate(preset):
    z = latent.prior_latents(preset, 3, seed=7)
    np.testing.assert_array_equal(
        preset.generate(latents=z), preset.generate(3, seed=7)
    )
    built = ganzoo.build("dcgan", image_shape=(8, 8, 1), latent_dim=D, base_filters=4)
    zb = latent.prior_latents(built, 3, seed=7)
    np.testing.assert_allclose(
        built.generate(latents=zb), built.generate(3, seed=7), atol=1e-6
    )
    with pytest.raises(ValueError, match="latents"):
        built.generate(2, latents=zb)


def test_conditional_export_takes_latents_with_labels():
    cgan = ganzoo.load("cgan_mnist")
    z = latent.prior_latents(cgan, 2, seed=1)
    out = cgan.generate(latents=z, labels=[3, 5])
    np.testing.assert_array_equal(out, cgan.generate(2, seed=1, labels=[3, 5]))


def test_built_conditional_gan_takes_latents_with_labels():
    cgan = ganzoo.build(
        "cgan", **{**ganzoo.get_entry("cgan").smoke_kwargs, "latent_dim": D}
    )
    z = latent.prior_latents(cgan, 3, seed=2)
    out = cgan.generate(latents=z, labels=[0, 1, 2])
    np.testing.assert_allclose(
        out, cgan.generate(3, seed=2, labels=[0, 1, 2]), atol=1e-6
    )
    with pytest.raises(ValueError, match="latents"):
        cgan.generate(2, latents=z)


def test_interpolation_paths_fix_the_label_and_start_at_prior_samples():
    acgan = ganzoo.load("acgan_mnist")
    images, paths = latent.interpolation_paths(
        acgan, pairs=2, steps=3, method="lerp", seed=4, labels=7
    )
    assert images.shape == (2, 3, 28, 28, 1) and paths.shape == (2, 3, 100)
    ends = acgan.generate(4, seed=4, labels=7)
    np.testing.assert_allclose(images[:, 0], ends[:2], atol=1e-5)
    np.testing.assert_allclose(images[:, -1], ends[2:], atol=1e-5)
    midpoints = acgan.generate(latents=paths[:, 1], labels=7)
    np.testing.assert_allclose(images[:, 1], midpoints, atol=1e-5)
    with pytest.raises(ValueError, match="one per path"):
        latent.interpolation_paths(acgan, pairs=2, steps=3, labels=[1, 2, 3])


def test_sample_binary_writes_an_interpolation_grid(tmp_path):
    from absl import flags
    from absl.testing import flagsaver
    from PIL import Image

    from ganzoo.serving import sample

    out = tmp_path / "slerp.png"
    argv = ["ganzoo-sample", "--interpolate=slerp", "--pairs=3", "--steps=4"]
    with flagsaver.flagsaver():
        flags.FLAGS(argv + ["--seed=0", f"--out={out}"])
        sample.main(["ganzoo-sample"])
    assert out.stat().st_mode & 0o777 == 0o644  # Readable by all, not 0600.
    grid = np.asarray(Image.open(out))
    # 3 rows, 4 columns of 28x28 tiles with 2-pixel borders.
    assert grid.shape[:2] == (3 * 30 + 2, 4 * 30 + 2)
    expected, _ = latent.interpolation_paths(
        ganzoo.load("dcgan_mnist"), 3, 4, "slerp", seed=0
    )
    tile = grid[2:30, 2:30].reshape(28, 28)
    first = np.round((expected[0, 0, ..., 0] + 1) * 127.5)
    assert np.abs(tile.astype(float) - first).max() <= 1


class HalfSpace:
    """A stand-in classifier: class 1 where z[0] > 0; features z[:, :3]."""

    def predict_proba(self, z):
        p = 1.0 / (1.0 + np.exp(-20.0 * z[:, 0]))
        return np.stack([1.0 - p, p], axis=1)

    def predict_labels(self, z):
        return np.argmax(self.predict_proba(z), axis=1)

    def features(self, z):
        return np.asarray(z[:, :3], np.float64)


class Identity:
    """A stand-in generator whose samples are its codes."""

    latent_dim = 8

    def sample_latent(self, n, seed=None):
        return np.random.default_rng(seed).normal(size=(n, 8)).astype(np.float32)

    def generate(self, n=None, latents=None):
        return np.asarray(latents, np.float32)


def test_interpolation_scores_on_a_known_geometry():
    from ganzoo.metrics import latent_evaluation

    reference = Identity().sample_latent(400, seed=9)
    out = latent_evaluation.interpolation_scores(
        Identity(),
        HalfSpace(),
        pairs=40,
        steps=9,
        num_midpoints=200,
        reference=reference,
    )
    # A path crosses the half-space boundary once: one flip, ideal.
    assert out["flips_per_path_lerp"] == 1.0 == out["flips_per_path_slerp"]
    assert out["paths_compared"] > 10
    # Linear features: the lerp path is the chord; the arc is longer.
    np.testing.assert_allclose(out["path_length_ratio_lerp"], 1.0, rtol=1e-5)
    assert out["path_length_ratio_slerp"] > 1.01
    # lerp midpoints shrink towards the origin; slerp's keep the shell.
    assert out["midpoint_norm_lerp"] < 0.8 * out["endpoint_norm"]
    assert abs(out["midpoint_norm_slerp"] / out["endpoint_norm"] - 1) < 0.1
    assert out["midpoint_fid_lerp"] > out["midpoint_fid_slerp"]


def test_arithmetic_scores_beat_random_directions():
    from ganzoo.metrics import latent_evaluation

    out = latent_evaluation.arithmetic_scores(
        Identity(), HalfSpace(), num_samples=2000, per_pair=100
    )
    assert out["arithmetic_pairs"] == 2.0
    assert out["arithmetic_auc"] > 0.95
    assert out["arithmetic_success"] > out["arithmetic_success_random"] + 0.2
    assert 0.0 <= out["arithmetic_success_exemplars"] <= 1.0
