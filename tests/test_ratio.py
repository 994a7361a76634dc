"""Density-ratio (Bregman) losses: identities and known values."""

import numpy as np
import pytest
import scipy.integrate
import scipy.stats
from keras import ops

import ganzoo
from ganzoo.data import mixtures
from ganzoo.metrics import density_ratio
from ganzoo.objectives import fgan, losses
from ganzoo.objectives import ratio as ratio_lib

LOGITS = np.linspace(-4.0, 3.0, 15).astype(np.float32)[:, None]
OTHER = np.linspace(-2.5, 4.5, 11).astype(np.float32)[:, None]


def _np(x):
    return float(ops.convert_to_numpy(x))


@pytest.mark.parametrize("parameterization", ["exp", "softplus"])
def test_lsif_is_half_the_fgan_pearson_loss_with_t_equal_2_r_minus_1(parameterization):
    r_real, _ = ratio_lib.ratio_and_log(LOGITS, parameterization)
    r_fake, _ = ratio_lib.ratio_and_log(OTHER, parameterization)
    pearson = fgan.fgan_discriminator_loss(
        2.0 * (r_real - 1.0), 2.0 * (r_fake - 1.0), "pearson_chi2"
    )
    lsif = ratio_lib.bregman_discriminator_loss(LOGITS, OTHER, "lsif", parameterization)
    # F-GAN Pearson = 2 L_B + 0: the same objective up to an affine map.
    np.testing.assert_allclose(_np(pearson), 2.0 * _np(lsif), rtol=1e-5)


def test_bernoulli_row_is_the_non_saturating_gan():
    d_fn, g_fn = losses.get_loss("ratio_bernoulli")
    np.testing.assert_allclose(
        _np(d_fn(LOGITS, OTHER)),
        _np(losses.non_saturating_discriminator_loss(LOGITS, OTHER)),
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        _np(g_fn(OTHER)), _np(losses.non_saturating_generator_loss(OTHER)), rtol=1e-6
    )
    # The non-saturating generator loss is the same for every row with r = e^v.
    _, g_kliep = losses.get_loss("ratio_kliep")
    np.testing.assert_allclose(_np(g_kliep(OTHER)), _np(g_fn(OTHER)), rtol=1e-6)


def _quantile_samples(mean, n=20_000):
    return scipy.stats.norm.ppf((np.arange(n) + 0.5) / n, loc=mean)[:, None]


def _exact_f_divergence(family, mu):
    row = ratio_lib.ROWS[family]
    q = scipy.stats.norm(0.0, 1.0)

    def integrand(x):
        return q.pdf(x) * row.f(np.exp(mu * x - mu * mu / 2.0))

    return scipy.integrate.quad(integrand, -12, 12)[0]


@pytest.mark.parametrize("family", ["lsif", "kliep", "bernoulli"])
@pytest.mark.parametrize("parameterization", ["exp", "softplus"])
def test_loss_at_the_true_ratio_is_minus_the_f_divergence(family, parameterization):
    # p = N(mu, 1) (data), q = N(0, 1): log r*(x) = mu x - mu^2 / 2.
    mu = 0.7
    x_p, x_q = _quantile_samples(mu), _quantile_samples(0.0)

    def logits(x, scale=1.0):
        log_r = mu * x - mu * mu / 2.0 + np.log(scale)
        if parameterization == "exp":
            return log_r.astype(np.float32)
        return np.log(np.expm1(np.exp(log_r))).astype(np.float32)  # softplus^-1

    def loss_at(scale):
        return _np(
            ratio_lib.bregman_discriminator_loss(
                logits(x_p, scale), logits(x_q, scale), family, parameterization
            )
        )

    loss = loss_at(1.0)
    np.testing.assert_allclose(loss, -_exact_f_divergence(family, mu), rtol=5e-3)
    if family == "lsif":  # f = (r - 1)^2 / 2: half the Pearson chi^2.
        np.testing.assert_allclose(-loss, (np.exp(mu * mu) - 1) / 2, rtol=5e-3)
    # A wrong ratio scores worse (the Bregman divergence is >= 0).
    assert loss_at(0.7) > loss + 1e-3 and loss_at(1.3) > loss + 1e-3


def test_generator_losses_by_name_and_their_values():
    v = OTHER
    log_r = v[:, 0].astype(np.float64)
    _, g_kl = losses.get_loss("ratio_kliep_reverse_kl")
    np.testing.assert_allclose(_np(g_kl(v)), -log_r.mean(), rtol=1e-5)
    _, g_minimax = losses.get_loss("ratio_lsif_minimax")
    r = np.log1p(np.exp(log_r))  # lsif's default parameterization: softplus
    np.testing.assert_allclose(
        _np(g_minimax(v)), -np.mean(0.5 * (r * r - 1)), rtol=1e-5
    )
    assert {"ratio_lsif", "ratio_kliep"} <= set(losses.list_losses())


def test_bad_names_list_the_choices():
    with pytest.raises(ValueError, match="family='l2'"):
        ratio_lib.loss_pair("l2")
    with pytest.raises(ValueError, match="generator='saturating'"):
        ratio_lib.loss_pair("lsif", generator="saturating")
    with pytest.raises(ValueError, match="parameterization='relu'"):
        ratio_lib.ratio_and_log(LOGITS, "relu")


@pytest.mark.parametrize("loss", ["ratio_lsif", "ratio_kliep"])
def test_an_entry_trains_a_step_with_a_ratio_loss(loss):
    gan = ganzoo.build("vanilla", loss=loss, seed=0, **_vanilla_smoke())
    gan.compile(jit_compile=True)
    batch = gan.synthetic_batch(8)
    logs = gan.train_on_batch(batch, return_dict=True)
    assert np.isfinite([logs["d_loss"], logs["g_loss"]]).all()


def _vanilla_smoke():
    return ganzoo.get_entry("vanilla").smoke_kwargs


def test_density_ratio_scores_are_zero_error_at_the_truth_and_one_at_zero():
    mixture = mixtures.get_mixture("ring8")

    def truth(x):
        return np.exp(density_ratio.log_p(mixture, x) - density_ratio.log_q(mixture, x))

    exact = density_ratio.scores(mixture, truth, n=20_000)
    assert exact["nmse"] == pytest.approx(0.0, abs=1e-12)
    assert exact["kl"] == pytest.approx(density_ratio.exact_kl(mixture), rel=0.02)
    zero = density_ratio.scores(mixture, lambda x: np.zeros(len(x)), n=20_000)
    assert zero["nmse"] == pytest.approx(1.0)
    # The classical uLSIF baseline does better than a zero ratio.
    assert density_ratio.scores(mixture, density_ratio.ulsif(mixture))["nmse"] < 0.9


def test_each_family_link_gives_the_ratio():
    v = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_allclose(density_ratio.ratio_from_logits("brier", v), np.exp(v))
    np.testing.assert_allclose(
        density_ratio.ratio_from_logits("fgan_kl", v), np.exp(v - 1.0), rtol=1e-6
    )
    np.testing.assert_allclose(
        density_ratio.ratio_from_logits("fgan_pearson_chi2", v), [0.5, 1.0, 2.0]
    )
    np.testing.assert_allclose(
        density_ratio.ratio_from_logits("ratio_lsif", v), np.log1p(np.exp(v)), rtol=1e-6
    )
    keys = ganzoo.metrics.get_evaluator("density_ratio_error").metric_keys("ring8")
    assert {"kl_true", "ratio_nmse_ulsif", "ratio_kl_ratio_kliep"} <= set(keys)
