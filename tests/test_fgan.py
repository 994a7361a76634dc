"""f-GAN divergences (Nowozin et al. 2016): the variational bound is tight
at the optimal critic, a lower bound elsewhere, and matches closed forms."""

import numpy as np
import pytest
from keras import ops

import ganzoo
from ganzoo.objectives import fgan, losses

# Two distributions on five points; batches of ten hold each point as often
# as its probability says, so a batch mean is the exact expectation.
P = np.array([1, 2, 3, 2, 2]) / 10
Q = np.array([3, 1, 2, 3, 1]) / 10


def _kl(p, q):
    return float(np.sum(p * np.log(p / q)))


def _jsd(p, q):
    m = (p + q) / 2
    return 0.5 * _kl(p, m) + 0.5 * _kl(q, m)


CLOSED_FORMS = {
    "kl": _kl(P, Q),
    "reverse_kl": _kl(Q, P),
    "pearson_chi2": float(np.sum((P - Q) ** 2 / Q)),
    "squared_hellinger": float(np.sum((np.sqrt(P) - np.sqrt(Q)) ** 2)),
    "jensen_shannon": 2 * _jsd(P, Q),
    "gan": 2 * _jsd(P, Q) - np.log(4.0),
}

# g_f^{-1}: the raw output v whose activation is t.
INVERSE_ACTIVATIONS = {
    "kl": lambda t: t,
    "reverse_kl": lambda t: -np.log(-t),
    "pearson_chi2": lambda t: t,
    "squared_hellinger": lambda t: -np.log(1 - t),
    "jensen_shannon": lambda t: -np.log(2 * np.exp(-t) - 1),
    "gan": lambda t: -np.log(np.exp(-t) - 1),
}


def _batches(values):
    real = np.repeat(values, (P * 10).astype(int))
    fake = np.repeat(values, (Q * 10).astype(int))
    return real[:, None], fake[:, None]


def _optimal_outputs(name):
    f = fgan.get_divergence(name).f
    ratio, h = P / Q, 1e-6
    t_star = (f(ratio + h) - f(ratio - h)) / (2 * h)  # f'(p / q)
    return INVERSE_ACTIVATIONS[name](t_star)


def test_all_six_rows_of_table_2_are_registered_as_losses():
    assert fgan.list_divergences() == sorted(CLOSED_FORMS)
    for name in CLOSED_FORMS:
        assert f"fgan_{name}" in losses.list_losses()


@pytest.mark.parametrize("name", sorted(CLOSED_FORMS))
def test_f_matches_the_closed_form_divergence(name):
    f = fgan.get_divergence(name).f
    np.testing.assert_allclose(np.sum(Q * f(P / Q)), CLOSED_FORMS[name], rtol=1e-12)


@pytest.mark.parametrize("name", sorted(CLOSED_FORMS))
def test_bound_is_tight_at_the_optimal_critic(name):
    real, fake = _batches(_optimal_outputs(name))
    d_loss_fn, _ = losses.get_loss(f"fgan_{name}")
    bound = -float(d_loss_fn(real, fake))
    np.testing.assert_allclose(bound, CLOSED_FORMS[name], rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", sorted(CLOSED_FORMS))
def test_bound_is_below_the_divergence_for_other_critics(name):
    rng = np.random.default_rng(0)
    v_star = _optimal_outputs(name)
    for _ in range(20):
        real, fake = _batches(v_star + rng.normal(0, 0.5, v_star.shape))
        bound = float(fgan.variational_bound(real, fake, name))
        assert bound < CLOSED_FORMS[name]


@pytest.mark.parametrize("name", sorted(CLOSED_FORMS))
def test_stable_conjugate_equals_the_composition(name):
    row = fgan.get_divergence(name)
    v = np.linspace(-4, 4, 81)
    direct = ops.convert_to_numpy(row.conjugate(row.activation(v)))
    stable = ops.convert_to_numpy(row.conjugate_of_activation(v))
    np.testing.assert_allclose(stable, direct, rtol=1e-9, atol=1e-9)


def test_generator_losses_push_fake_outputs_towards_real():
    # Raising the critic's output on a fake sample lowers both generator
    # losses: the generator gains by looking more like the data.
    low, high = np.full((4, 1), -1.0), np.full((4, 1), 1.0)
    for name in CLOSED_FORMS:
        _, g_loss_fn = losses.get_loss(f"fgan_{name}")
        assert float(g_loss_fn(high)) < float(g_loss_fn(low)), name
        saddle = fgan.fgan_saddle_generator_loss
        assert float(saddle(high, name)) < float(saddle(low, name)), name


def test_exponential_rows_stay_finite_for_huge_outputs():
    for name in ("kl", "squared_hellinger", "reverse_kl"):
        d_loss_fn, g_loss_fn = losses.get_loss(f"fgan_{name}")
        big = np.full((2, 1), 500.0, np.float32)
        assert np.isfinite(float(d_loss_fn(-big, big)))
        assert np.isfinite(float(g_loss_fn(-big)))


def test_unknown_divergence_names_the_choices():
    with pytest.raises(ValueError, match=r"divergence='tv'.*'gan'"):
        fgan.get_divergence("tv")


@pytest.mark.parametrize("name", ["fgan_kl", "fgan_reverse_kl", "fgan_jensen_shannon"])
def test_an_entry_trains_with_an_fgan_loss_under_xla(name):
    entry = ganzoo.get_entry("vanilla")
    gan = ganzoo.build("vanilla", loss=name, seed=0, **entry.smoke_kwargs)
    gan.compile(jit_compile=True)
    logs = gan.fit(gan.synthetic_batch(16), epochs=1, verbose=0).history
    assert np.isfinite(logs["d_loss"][0]) and np.isfinite(logs["g_loss"][0])
