"""Loss pairs against hand-computed values and gradients."""

import math

import numpy as np
import pytest
import tensorflow as tf

from ganzoo.objectives import fgan as fgan_lib
from ganzoo.objectives import losses
from ganzoo.objectives import ratio as ratio_lib


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


REAL, FAKE = 2.0, -1.0  # one real and one fake logit


def test_minimax_discriminator_is_binary_cross_entropy():
    expected = -math.log(sigmoid(REAL)) - math.log(1.0 - sigmoid(FAKE))
    got = losses.minimax_discriminator_loss(tf.constant([REAL]), tf.constant([FAKE]))
    assert float(got) == pytest.approx(expected, rel=1e-6)


def test_generator_losses_by_hand():
    fake = tf.constant([FAKE])
    assert float(losses.minimax_generator_loss(fake)) == pytest.approx(
        math.log(1.0 - sigmoid(FAKE)), rel=1e-6
    )
    assert float(losses.non_saturating_generator_loss(fake)) == pytest.approx(
        -math.log(sigmoid(FAKE)), rel=1e-6
    )


def test_least_squares_by_hand():
    real, fake = tf.constant([0.5, 1.5]), tf.constant([-0.5, 0.25])
    d = 0.5 * np.mean((np.array([0.5, 1.5]) - 1) ** 2) + 0.5 * np.mean(
        np.array([-0.5, 0.25]) ** 2
    )
    assert float(losses.least_squares_discriminator_loss(real, fake)) == pytest.approx(
        d
    )
    g = 0.5 * np.mean((np.array([-0.5, 0.25]) - 1) ** 2)
    assert float(losses.least_squares_generator_loss(fake)) == pytest.approx(g)
    coded = losses.least_squares_discriminator_loss(real, fake, a=-1.0, b=1.0)
    d_coded = 0.5 * np.mean((np.array([0.5, 1.5]) - 1) ** 2) + 0.5 * np.mean(
        (np.array([-0.5, 0.25]) + 1) ** 2
    )
    assert float(coded) == pytest.approx(d_coded)


def generator_gradient(loss_fn, logit):
    x = tf.Variable([logit])
    with tf.GradientTape() as tape:
        loss = loss_fn(x)
    return float(tape.gradient(loss, x)[0])


def test_saturation_where_the_discriminator_is_sure_and_right():
    # D rejects the fake with certainty (logit -20, D(G(z)) ~ 2e-9): the
    # minimax loss has d/dl = -sigmoid(l) ~ 0, the non-saturating one ~ -1.
    saturating = generator_gradient(losses.minimax_generator_loss, -20.0)
    non_saturating = generator_gradient(losses.non_saturating_generator_loss, -20.0)
    assert abs(saturating) < 1e-8
    assert non_saturating == pytest.approx(-1.0, abs=1e-6)


def test_where_the_discriminator_is_sure_and_wrong():
    # D accepts the fake with certainty: the saturating loss now pushes hard
    # and the non-saturating one has nothing left to gain.
    saturating = generator_gradient(losses.minimax_generator_loss, 20.0)
    non_saturating = generator_gradient(losses.non_saturating_generator_loss, 20.0)
    assert saturating == pytest.approx(-1.0, abs=1e-6)
    assert abs(non_saturating) < 1e-8


def test_losses_are_finite_at_extreme_logits():
    big = tf.constant([1e4, -1e4])
    for name in losses.list_losses():
        d_fn, g_fn = losses.get_loss(name)
        assert np.isfinite(float(d_fn(big, -big))), name
        assert np.isfinite(float(g_fn(big))), name


def test_unknown_loss_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"`loss='nope'`.*least_squares.*minimax"):
        losses.get_loss("nope")


# -- The full library: every registered pair against formulas written by hand -

ALL_LOSSES = [
    "bernoulli",
    "brier",
    "exponential",
    "hinge",
    "least_squares",
    "logit_hinge",
    "minimax",
    "non_saturating",
    "spherical",
    "wasserstein",
]


def test_every_loss_is_registered():
    # The f-GAN rows have their own closed-form tests (tests/test_fgan.py).
    fgan = [f"fgan_{name}" for name in fgan_lib.list_divergences()]
    # So do the density-ratio rows (tests/test_ratio.py).
    ratio = list(ratio_lib.registered_names())
    assert losses.list_losses() == sorted(ALL_LOSSES + fgan + ratio)


def _d(t):  # D = sigmoid(t), t the logit
    return 1.0 / (1.0 + math.exp(-t))


def _not_d(t):  # 1 - D, without the cancellation of 1 - sigmoid(t) near 1
    return 1.0 / (1.0 + math.exp(t))


def _alpha(t):
    d = _d(t)
    return (1.0 - 2.0 * d + 2.0 * d * d) ** -0.5


# name -> (real term, fake term, generator term) of one example with logit t,
# written from the papers (for the scoring rules: Mohamed & Lakshminarayanan's
# Table 1 in terms of D) rather than from the implementation.
HAND = {
    "minimax": (
        lambda t: -math.log(_d(t)),
        lambda t: -math.log(_not_d(t)),
        lambda t: math.log(_not_d(t)),
    ),
    "non_saturating": (
        lambda t: -math.log(_d(t)),
        lambda t: -math.log(_not_d(t)),
        lambda t: -math.log(_d(t)),
    ),
    "least_squares": (
        lambda t: 0.5 * (t - 1.0) ** 2,
        lambda t: 0.5 * t**2,
        lambda t: 0.5 * (t - 1.0) ** 2,
    ),
    "wasserstein": (lambda t: -t, lambda t: t, lambda t: -t),
    "hinge": (lambda t: max(0.0, 1.0 - t), lambda t: max(0.0, 1.0 + t), lambda t: -t),
    "bernoulli": (
        lambda t: -math.log(_d(t)),
        lambda t: -math.log(_not_d(t)),
        lambda t: -math.log(_d(t)),
    ),
    "brier": (
        lambda t: _not_d(t) ** 2,
        lambda t: _d(t) ** 2,
        lambda t: _not_d(t) ** 2,
    ),
    "exponential": (
        lambda t: math.sqrt(_not_d(t) / _d(t)),
        lambda t: math.sqrt(_d(t) / _not_d(t)),
        lambda t: math.sqrt(_not_d(t) / _d(t)),
    ),
    "logit_hinge": (
        lambda t: max(0.0, 1.0 - math.log(_d(t) / _not_d(t))),
        lambda t: max(0.0, 1.0 + math.log(_d(t) / _not_d(t))),
        lambda t: max(0.0, 1.0 - math.log(_d(t) / _not_d(t))),
    ),
    "spherical": (
        lambda t: -_alpha(t) * _d(t),
        lambda t: -_alpha(t) * _not_d(t),
        lambda t: -_alpha(t) * _d(t),
    ),
}


def _ours(name, real, fake):
    """Our (d_loss, g_loss) and their gradients w.r.t. each logit, in float64."""
    d_fn, g_fn = losses.get_loss(name)
    real = tf.Variable(np.array(real, np.float64))
    fake = tf.Variable(np.array(fake, np.float64))
    with tf.GradientTape(persistent=True) as tape:
        d_loss, g_loss = d_fn(real, fake), g_fn(fake)
    d_grads = [g.numpy() for g in tape.gradient(d_loss, [real, fake])]
    return float(d_loss), float(g_loss), d_grads, tape.gradient(g_loss, fake).numpy()


def _slope(fn, t, h=1e-3):
    return (fn(t + h) - fn(t - h)) / (2 * h)


@pytest.mark.parametrize("name", ALL_LOSSES)
def test_values_by_hand(name):
    real, fake = [2.0, -0.5, 0.25], [-1.5, 0.75, 3.0]
    real_term, fake_term, gen_term = HAND[name]
    d_loss, g_loss, _, _ = _ours(name, real, fake)
    expected_d = np.mean([real_term(t) for t in real]) + np.mean(
        [fake_term(t) for t in fake]
    )
    assert d_loss == pytest.approx(expected_d, rel=1e-9)
    assert g_loss == pytest.approx(np.mean([gen_term(t) for t in fake]), rel=1e-9)


# D certain and right: real logit +20, fake logit -20; certain and wrong: swapped.
EXTREMES = {"right": (20.0, -20.0), "wrong": (-20.0, 20.0)}


@pytest.mark.parametrize("case", sorted(EXTREMES))
@pytest.mark.parametrize("name", ALL_LOSSES)
def test_values_and_gradients_at_the_extremes(name, case):
    real, fake = EXTREMES[case]
    real_term, fake_term, gen_term = HAND[name]
    d_loss, g_loss, (d_real, d_fake), g_fake = _ours(name, [real], [fake])
    assert d_loss == pytest.approx(real_term(real) + fake_term(fake), rel=1e-6)
    assert g_loss == pytest.approx(gen_term(fake), rel=1e-6, abs=1e-12)
    approx = dict(rel=1e-3, abs=1e-9)
    assert d_real[0] == pytest.approx(_slope(real_term, real), **approx)
    assert d_fake[0] == pytest.approx(_slope(fake_term, fake), **approx)
    assert g_fake[0] == pytest.approx(_slope(gen_term, fake), **approx)


SATURATING_GENERATORS = {"minimax", "brier", "spherical"}


@pytest.mark.parametrize("name", ALL_LOSSES)
def test_which_generator_losses_vanish_when_the_discriminator_wins(name):
    # D rejects every fake with certainty (logit -20): the generator can only
    # learn from a loss whose slope has not vanished there. Bounded scores
    # (minimax, Brier, spherical) saturate; the others keep a slope >= 1.
    _, _, _, g_fake = _ours(name, [20.0], [-20.0])
    if name in SATURATING_GENERATORS:
        assert abs(g_fake[0]) < 1e-8
    else:
        assert g_fake[0] <= -1.0 + 1e-6  # pushes the fake logit up
    if name == "exponential":  # grows like exp(-t/2)/2 = exp(10)/2
        assert g_fake[0] == pytest.approx(-0.5 * math.exp(10.0), rel=1e-6)


def test_a_confidently_wrong_discriminator_is_still_corrected():
    # Real logit -20, fake logit +20. The log and hinge scores push back with
    # slope 1, the exponential one far harder; Brier and spherical are flat.
    slopes = {
        name: _ours(name, [-20.0], [20.0])[2][0][0]
        for name in ("bernoulli", "logit_hinge", "exponential", "brier", "spherical")
    }
    assert slopes["bernoulli"] == pytest.approx(-1.0, abs=1e-6)
    assert slopes["logit_hinge"] == -1.0
    assert slopes["exponential"] == pytest.approx(-0.5 * math.exp(10.0), rel=1e-6)
    assert abs(slopes["brier"]) < 1e-8
    assert abs(slopes["spherical"]) < 1e-8


def test_aliases_of_the_scoring_rules():
    real, fake = tf.constant([1.5, -2.0]), tf.constant([0.5, -3.0])
    same = [
        (losses.bernoulli_discriminator_loss, losses.minimax_discriminator_loss),
        (losses.logit_hinge_discriminator_loss, losses.hinge_discriminator_loss),
    ]
    for ours, theirs in same:
        assert float(ours(real, fake)) == pytest.approx(float(theirs(real, fake)))
    assert float(losses.bernoulli_generator_loss(fake)) == pytest.approx(
        float(losses.non_saturating_generator_loss(fake))
    )


def test_exponential_stays_finite_and_increasing_past_overflow():
    logits = tf.Variable([100.0, 1e4, 1e6])
    with tf.GradientTape() as tape:
        terms = [
            losses.exponential_generator_loss(-logits[i : i + 1]) for i in range(3)
        ]
    values = [float(t) for t in terms]
    assert np.all(np.isfinite(values)) and values[0] < values[1] < values[2]
    assert np.all(np.isfinite(tape.gradient(terms[2], logits).numpy()))
