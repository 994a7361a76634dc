"""Tests for ganzoo.metrics against closed forms and direct computations.

Nothing here needs a dataset or a trained classifier; see
test_domain_classifier.py for those.
"""

import math
import warnings

import numpy as np
import pytest
import scipy.linalg
import scipy.spatial

from ganzoo import data
from ganzoo import metrics as M


def _random_spd(rng, dim):
    a = rng.normal(size=(dim, dim))
    return a @ a.T / dim + 0.1 * np.eye(dim)


def _trace_sqrt_product(sigma_a, sigma_b):
    # Tr((A B)^(1/2)) = Tr((A^(1/2) B A^(1/2))^(1/2)): a symmetric problem
    # solved by eigenvalues, independent of the code under test.
    root_a = scipy.linalg.sqrtm(sigma_a).real
    eigenvalues = np.linalg.eigvalsh(root_a @ sigma_b @ root_a)
    return np.sqrt(np.clip(eigenvalues, 0, None)).sum()


# -- Fréchet distance and KID ---------------------------------------------------


def test_frechet_distance_matches_closed_form():
    rng = np.random.default_rng(0)
    mu_a, mu_b = rng.normal(size=8), rng.normal(size=8)
    sigma_a, sigma_b = _random_spd(rng, 8), _random_spd(rng, 8)
    expected = (
        np.sum((mu_a - mu_b) ** 2)
        + np.trace(sigma_a)
        + np.trace(sigma_b)
        - 2 * _trace_sqrt_product(sigma_a, sigma_b)
    )
    got = M.frechet_distance_from_moments(mu_a, sigma_a, mu_b, sigma_b)
    assert got == pytest.approx(expected, rel=1e-8)


def test_frechet_distance_of_diagonal_gaussians():
    # For commuting (diagonal) covariances: |mu_a - mu_b|^2 + sum (s_a - s_b)^2.
    std_a, std_b = np.array([1.0, 2.0, 0.5]), np.array([2.0, 2.0, 1.5])
    mu_a, mu_b = np.zeros(3), np.array([1.0, -1.0, 2.0])
    got = M.frechet_distance_from_moments(
        mu_a, np.diag(std_a**2), mu_b, np.diag(std_b**2)
    )
    assert got == pytest.approx(6.0 + 1.0 + 0.0 + 1.0)


def test_frechet_distance_of_samples_and_with_itself():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(2000, 16))
    assert M.frechet_distance(a, a) == pytest.approx(0.0, abs=1e-8)
    # Shifting every feature by 1 adds exactly |shift|^2 = 16.
    assert M.frechet_distance(a, a + 1.0) == pytest.approx(16.0, abs=1e-6)


def test_frechet_distance_singular_covariances_stay_finite():
    rng = np.random.default_rng(2)
    a = rng.normal(size=(10, 64))  # Fewer samples than features: rank 9.
    assert M.frechet_distance(a, a) == pytest.approx(0.0, abs=1e-5)
    assert np.isfinite(M.frechet_distance(a, rng.normal(size=(10, 64))))
    # A feature that never varies (a dead ReLU) makes both covariances
    # singular; scipy's warning triggers the offset, which cancels out.
    b = rng.normal(size=(500, 8))
    b[:, 0] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert M.frechet_distance(b, b) == pytest.approx(0.0, abs=1e-10)


def test_frechet_distance_rejects_large_imaginary_parts():
    not_psd = np.diag([1.0, -1.0])
    with pytest.raises(ValueError, match="imaginary part"):
        M.frechet_distance_from_moments(np.zeros(2), not_psd, np.zeros(2), np.eye(2))
    with pytest.raises(ValueError, match="sigma_b"):
        M.frechet_distance_from_moments(np.zeros(2), np.eye(2), np.zeros(2), np.eye(3))


def test_kid_equals_direct_unbiased_mmd():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(6, 3)), rng.normal(size=(6, 3)) + 0.5

    def k(u, v):
        return (u @ v / 3 + 1) ** 3

    xx = sum(k(x[i], x[j]) for i in range(6) for j in range(6) if i != j) / 30
    yy = sum(k(y[i], y[j]) for i in range(6) for j in range(6) if i != j) / 30
    xy = sum(k(x[i], y[j]) for i in range(6) for j in range(6)) / 36
    kid, std = M.kernel_inception_distance(x, y, num_subsets=1, subset_size=6)
    assert kid == pytest.approx(xx + yy - 2 * xy)
    assert std == 0.0


def test_kid_near_zero_for_one_distribution_and_positive_otherwise():
    rng = np.random.default_rng(4)
    a, b = rng.normal(size=(3000, 16)), rng.normal(size=(3000, 16))
    same, same_std = M.kernel_inception_distance(a, b, 20, subset_size=500)
    different, _ = M.kernel_inception_distance(a, b + 0.5, 20, subset_size=500)
    assert abs(same) < 0.01
    assert abs(same) < 3 * same_std + 1e-3
    assert different > 0.5


# -- Inception score and precision/recall ---------------------------------------


def test_inception_score_limits():
    labels = np.arange(1000) % 10
    confident_balanced = np.eye(10)[labels]
    score, std = M.inception_score(confident_balanced, splits=10)
    assert score == pytest.approx(10.0) and std == pytest.approx(0.0)
    uniform = np.full((100, 10), 0.1)
    assert M.inception_score(uniform, splits=5)[0] == pytest.approx(1.0)
    one_class = np.tile(np.eye(10)[:1], (100, 1))
    assert M.inception_score(one_class)[0] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="splits"):
        M.inception_score(uniform, splits=0)


def test_precision_recall_identical_disjoint_and_half():
    rng = np.random.default_rng(5)
    real = rng.normal(size=(500, 8))
    assert M.precision_recall(real, real) == (1.0, 1.0)
    assert M.precision_recall(real, real + 100.0) == (0.0, 0.0)
    # Half the fake samples on the real manifold, half far away: precision
    # halves, recall stays high because the good half still covers the data.
    fake = np.concatenate([real[:250], real[250:] + 100.0])
    precision, recall = M.precision_recall(real, fake)
    assert precision == pytest.approx(0.5)
    assert 0.4 < recall < 1.0
    with pytest.raises(ValueError, match="k=0"):
        M.precision_recall(real, real, k=0)


def test_precision_recall_matches_direct_computation():
    rng = np.random.default_rng(10)
    real, fake = rng.normal(size=(60, 3)), rng.normal(size=(40, 3)) + 0.7
    d_rr = scipy.spatial.distance.cdist(real, real)
    d_ff = scipy.spatial.distance.cdist(fake, fake)
    d_fr = scipy.spatial.distance.cdist(fake, real)
    r_real = np.sort(d_rr, axis=1)[:, 3]  # Column 0 is the point itself.
    r_fake = np.sort(d_ff, axis=1)[:, 3]
    precision = np.mean([(d_fr[i] <= r_real).any() for i in range(40)])
    recall = np.mean([(d_fr[:, j] <= r_fake).any() for j in range(60)])
    got = M.precision_recall(real, fake, k=3, batch_size=7)
    assert got == pytest.approx((precision, recall))


# -- Parzen window -------------------------------------------------------------


def test_parzen_log_density_matches_direct_computation():
    rng = np.random.default_rng(6)
    samples, points, sigma = rng.normal(size=(5, 3)), rng.normal(size=(4, 3)), 0.7

    def direct(x):
        total = sum(math.exp(-np.sum((x - s) ** 2) / (2 * sigma**2)) for s in samples)
        return math.log(total / 5) - 1.5 * math.log(2 * math.pi * sigma**2)

    expected = [direct(x) for x in points]
    got = M.parzen_log_density(samples, points, sigma, batch_size=3)
    # The sum of exponentials is taken in float32: ~1e-7 relative.
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)


def test_parzen_log_likelihood_picks_sigma_and_standard_error():
    rng = np.random.default_rng(7)
    samples = rng.normal(size=(400, 4))
    test, valid = rng.normal(size=(200, 4)), rng.normal(size=(200, 4))
    sigmas = [0.05, 0.3, 0.6, 2.0]
    result = M.parzen_log_likelihood(samples, test, valid, sigmas=sigmas)
    valid_means = [M.parzen_log_density(samples, valid, s).mean() for s in sigmas]
    assert result.sigma == sigmas[int(np.argmax(valid_means))]
    assert list(result.validation.values()) == pytest.approx(valid_means)
    ll = M.parzen_log_density(samples, test, result.sigma)
    assert result.mean == pytest.approx(ll.mean())
    # The paper's code: ll.std() / sqrt(n), i.e. ddof=0.
    assert result.stderr == pytest.approx(ll.std() / np.sqrt(len(ll)))


def test_parzen_pixel_scale_shift_is_d_log_2():
    # Mapping [0, 1] pixels to [-1, 1] (and sigma with them) lowers every
    # log-density by d * log(2): the conversion the docs give for MNIST.
    rng = np.random.default_rng(8)
    samples, points = rng.uniform(size=(50, 10)), rng.uniform(size=(20, 10))
    ll01 = M.parzen_log_density(samples, points, 0.2)
    ll11 = M.parzen_log_density(2 * samples - 1, 2 * points - 1, 0.4)
    np.testing.assert_allclose(ll01 - ll11, 10 * math.log(2), rtol=0, atol=1e-6)


def test_parzen_needs_validation_or_sigma():
    x = np.zeros((3, 2))
    with pytest.raises(ValueError, match="validation"):
        M.parzen_log_likelihood(x, x)
    assert M.parzen_log_likelihood(x, x, sigma=1.0).sigma == 1.0


# -- Mode coverage -------------------------------------------------------------


def test_mode_coverage_on_hand_placed_points():
    ring = data.get_mixture("ring8")
    all_modes = M.mixture_mode_coverage(ring.means, ring)
    assert all_modes == {
        "modes_captured": 8.0,
        "high_quality_fraction": 1.0,
        "modes_kl": pytest.approx(0.0),
    }
    one_mode = M.mixture_mode_coverage(np.repeat(ring.means[:1], 100, 0), "ring8")
    assert one_mode["modes_captured"] == 1.0
    assert one_mode["modes_kl"] == pytest.approx(math.log(8))
    off_modes = M.mixture_mode_coverage(np.zeros((10, 2)), "ring8")
    assert off_modes["modes_captured"] == 0.0
    assert off_modes["high_quality_fraction"] == 0.0
    assert off_modes["modes_kl"] == math.inf


def test_mode_coverage_three_std_boundary_and_grid():
    grid = data.get_mixture("grid25")
    inside = grid.means[3] + [2.9 * grid.std, 0.0]
    outside = grid.means[4] + [0.0, 3.1 * grid.std]
    result = M.mixture_mode_coverage(np.stack([inside, outside]), grid)
    assert result["modes_captured"] == 1.0
    assert result["high_quality_fraction"] == 0.5
    points, _ = data.sample_mixture(grid, 2500, seed=0)
    real = M.mixture_mode_coverage(points, grid)
    assert real["modes_captured"] == 25.0
    assert real["high_quality_fraction"] > 0.98  # chi2(2) mass within 3 std: 98.9%
    assert real["modes_kl"] < 0.02


def test_kl_to_uniform():
    assert M.kl_to_uniform(np.arange(10), 10) == pytest.approx(0.0)
    assert M.kl_to_uniform(np.zeros(7, int), 1000) == pytest.approx(math.log(1000))


class _FakeDigitClassifier:
    """Reads a 'digit' from the mean pixel of each image."""

    def predict_labels(self, images, batch_size=None):
        return np.rint(images.mean(axis=(1, 2, 3)) * 10).astype(int)


def test_stacked_mnist_modes_labelling():
    digits = np.array([[1, 2, 3], [1, 2, 3], [9, 0, 0]])
    images = np.broadcast_to(digits[:, None, None, :] / 10, (3, 28, 28, 3))
    result = M.stacked_mnist_modes(images, _FakeDigitClassifier())
    assert result["modes_captured"] == 2.0
    with pytest.raises(ValueError, match="expected"):
        M.stacked_mnist_modes(images[..., :1], _FakeDigitClassifier())


# -- evaluate and InceptionV3 ----------------------------------------------------


class _MixtureGenerator:
    def generate(self, n, seed=None):
        return data.sample_mixture("ring8", n, seed=seed)[0]


def test_evaluate_on_a_mixture():
    results = M.evaluate(
        _MixtureGenerator(),
        "ring8",
        ["modes", "fid", "precision_recall", "parzen"],
    )
    assert results["num_samples"] == 2500.0
    assert results["modes_captured"] == 8.0
    assert results["fid"] < 1e-3
    assert results["precision"] > 0.9 and results["recall"] > 0.9
    assert results["parzen_sigma"] < 0.1
    assert all(isinstance(v, float) for v in results.values())
    # A collapsed generator (a plain callable) loses modes.
    collapsed = M.evaluate(lambda n: np.tile([[1.0, 0.0]], (n, 1)), "ring8", "modes")
    assert collapsed["modes_captured"] == 1.0


def test_evaluate_rejects_bad_arguments():
    with pytest.raises(ValueError, match="'fid', 'kid'"):
        M.evaluate(_MixtureGenerator(), "ring8", ["fidd"])
    with pytest.raises(ValueError, match="dataset_name"):
        M.evaluate(_MixtureGenerator(), "cifar", ["fid"])
    with pytest.raises(ValueError, match="modes"):
        M.evaluate(_MixtureGenerator(), "mnist", ["modes"])
    with pytest.raises(ValueError, match="expected \\(2,\\)"):
        M.evaluate(lambda n: np.zeros((n, 3)), "ring8", ["fid"])
    with pytest.raises(ValueError, match="generate"):
        M.evaluate(object(), "ring8", ["fid"])


def test_inception_pipeline_with_random_weights():
    inception = M.InceptionV3Features(weights=None)
    gray = np.random.default_rng(9).uniform(-1, 1, (3, 28, 28, 1))
    features = inception.features(gray, batch_size=2)
    assert features.shape == (3, 2048) and np.isfinite(features).all()
    assert inception.preprocess(gray).shape == (3, 299, 299, 3)
    with pytest.raises(ValueError, match="include_top"):
        inception.predict_proba(gray)


def test_inception_weights_resolution(tmp_path, monkeypatch):
    monkeypatch.delenv(M.WEIGHTS_ENV, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(M.inception, "_reachable", lambda *a, **k: False)
    with pytest.raises(RuntimeError, match=M.WEIGHTS_ENV):
        M.resolve_inception_weights("imagenet")
    with pytest.raises(FileNotFoundError, match="missing.h5"):
        M.resolve_inception_weights(str(tmp_path / "missing.h5"))
    local = tmp_path / "weights.h5"
    local.write_bytes(b"")
    monkeypatch.setenv(M.WEIGHTS_ENV, str(local))
    assert M.resolve_inception_weights("imagenet") == str(local)
    assert M.resolve_inception_weights(None) is None
