"""The 2014 GAN's training recipe: scheduled momentum, init ranges, marginal biases.

pytest -q tests/test_vanilla_recipe.py
"""

import os

import keras
import numpy as np
import pytest

import ganzoo
from ganzoo.models.vanilla import marginal_logits
from ganzoo.nets import MomentumScheduleSGD
from ganzoo.training.config import load_module

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _momentum_at(optimizer, step):
    optimizer.iterations.assign(step)
    return float(optimizer.current_momentum())


def test_momentum_rises_linearly_between_start_and_saturate():
    sgd = MomentumScheduleSGD(
        0.1, momentum=0.5, final_momentum=0.7, start=10, saturate=110
    )
    sgd.build([keras.Variable(np.zeros(2, "float32"))])
    assert _momentum_at(sgd, 0) == pytest.approx(0.5)
    assert _momentum_at(sgd, 10) == pytest.approx(0.5)
    assert _momentum_at(sgd, 60) == pytest.approx(0.6)
    assert _momentum_at(sgd, 110) == pytest.approx(0.7)
    assert _momentum_at(sgd, 10_000) == pytest.approx(0.7)


def test_updates_are_classical_momentum_with_the_scheduled_value():
    lr, start, saturate = 0.1, 1, 3
    sgd = MomentumScheduleSGD(
        lr, momentum=0.5, final_momentum=0.9, start=start, saturate=saturate
    )
    w = keras.Variable(np.array([1.0, -2.0], "float32"))
    grads = [
        np.array([0.5, 1.0]),
        np.array([-1.0, 0.25]),
        np.array([2.0, 2.0]),
        np.array([1.0, -1.0]),
    ]
    expected, velocity = np.array([1.0, -2.0]), np.zeros(2)
    for step, g in enumerate(grads):
        mu = 0.5 + 0.4 * np.clip((step - start) / (saturate - start), 0, 1)
        velocity = mu * velocity - lr * g
        expected = expected + velocity
        sgd.apply_gradients([(keras.ops.convert_to_tensor(g, "float32"), w)])
    np.testing.assert_allclose(w.numpy(), expected, rtol=1e-5)


def test_the_optimizer_round_trips_by_its_registered_name():
    config = load_module(
        os.path.join(REPO, "zoo_configs", "vanilla_mnist_paper_sgd.py")
    ).paper_sgd()
    sgd = keras.optimizers.get(config)
    assert isinstance(sgd, MomentumScheduleSGD)
    assert (sgd.momentum, sgd.final_momentum, sgd.start, sgd.saturate) == (
        0.5,
        0.7,
        500,
        125_000,
    )
    assert float(sgd.learning_rate) == pytest.approx(0.1)  # At step 0.
    sgd.iterations.assign(50_000)
    # float32 rounds the per-step rate: 3e-4 relative after 50,000 steps.
    assert float(sgd.learning_rate) == pytest.approx(0.1 / 1.000004**50_000, rel=1e-3)
    again = MomentumScheduleSGD.from_config(sgd.get_config())
    assert (again.final_momentum, again.start, again.saturate) == (0.7, 500, 125_000)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(momentum=1.0), "momentum=1.0"),
        (dict(final_momentum=0.0), "final_momentum=0.0"),
        (dict(start=5, saturate=5), "start=5"),
        (dict(nesterov=True), "nesterov=True"),
    ],
)
def test_bad_arguments_name_the_value(kwargs, message):
    with pytest.raises(ValueError, match=message):
        MomentumScheduleSGD(0.1, **kwargs)


def test_init_ranges_bound_every_kernel():
    gan = ganzoo.build(
        "vanilla",
        image_shape=(8, 8, 1),
        latent_dim=4,
        g_hidden_units=(32,),
        d_hidden_units=(16,),
        pieces=2,
        g_init_range=0.05,
        d_init_range=0.005,
    )
    for net, limit in ((gan.generator, 0.05), (gan.discriminator, 0.005)):
        kernels = [w.numpy() for w in net.weights if "kernel" in w.path]
        assert kernels and all(np.abs(k).max() <= limit for k in kernels)
        assert any(np.abs(k).max() > limit / 2 for k in kernels)  # Not zeros.
    with pytest.raises(ValueError, match="g_init_range=-1"):
        ganzoo.build("vanilla", image_shape=(2,), g_init_range=-1)


def test_marginal_biases_start_g_at_the_mean_digit():
    if not os.environ.get("GANZOO_DATA_DIR"):
        pytest.skip("needs MNIST offline (GANZOO_DATA_DIR)")
    images = np.concatenate(
        [
            b.numpy()
            for b in ganzoo.data.load("mnist", batch_size=500, take=1000, shuffle=False)
        ]
    )
    gan = ganzoo.build(
        "vanilla",
        latent_dim=4,
        g_hidden_units=(8,),
        d_hidden_units=(4,),
        pieces=2,
        output_activation="sigmoid",
        g_init_range=1e-6,  # Kernels ~0: the output is the bias alone.
        g_output_bias_from=("mnist", 1000),
    )
    samples = np.asarray(gan.generate(3, seed=0))
    mean = images.mean(axis=0)
    np.testing.assert_allclose(samples, np.broadcast_to(mean, samples.shape), atol=1e-3)
    assert marginal_logits("mnist", 1000).shape == (28, 28, 1)
    with pytest.raises(ValueError, match="output_activation='tanh'"):
        ganzoo.build(
            "vanilla", output_activation="tanh", g_output_bias_from=("mnist", 10)
        )


def test_paper_config_halves_d_rate_for_the_2014_half_d_objective():
    paper = load_module(os.path.join(REPO, "zoo_configs", "vanilla_mnist_paper_sgd.py"))
    config = paper.get_config()
    d, g = (keras.optimizers.get(config.optimizer[k]) for k in ("d", "g"))
    assert float(d.learning_rate) == pytest.approx(float(g.learning_rate) / 2)
    assert config.model.kwargs.latent_distribution == "normal"
    # The claim the halving rests on: with momentum SGD, half the gradient at
    # a rate is the same update as the whole gradient at half the rate.
    grads = [np.array([0.5, -1.0]), np.array([2.0, 0.25]), np.array([-1.0, 1.0])]
    weights = []
    for scale, sgd in ((0.5, keras.optimizers.get(paper.paper_sgd())), (1.0, d)):
        w = keras.Variable(np.array([1.0, -2.0], "float32"))
        for grad in grads:
            sgd.apply_gradients(
                [(keras.ops.convert_to_tensor(scale * grad, "float32"), w)]
            )
        weights.append(w.numpy())
    np.testing.assert_allclose(weights[0], weights[1], rtol=1e-6)


def test_discriminator_can_read_the_2014_codes_unit_pixels():
    kwargs = dict(hidden_units=(6,), pieces=2, input_dropout=0.0, hidden_dropout=0.0)
    unit = ganzoo.nets.mlp_discriminator((4, 4, 1), input_range=(0, 1), **kwargs)
    plain = ganzoo.nets.mlp_discriminator((4, 4, 1), **kwargs)
    plain.set_weights(unit.get_weights())
    images = np.random.default_rng(0).uniform(-1, 1, (5, 4, 4, 1)).astype("float32")
    # D at (0, 1) on [-1, 1] data is D at (-1, 1) on the same data in [0, 1].
    np.testing.assert_allclose(
        unit(images).numpy(), plain((images + 1) / 2).numpy(), rtol=1e-5, atol=1e-6
    )
    gan = ganzoo.build(
        "vanilla", d_input_range=(0, 1), **ganzoo.get_entry("vanilla").smoke_kwargs
    )
    assert any(
        isinstance(layer, keras.layers.Rescaling) for layer in gan.discriminator.layers
    )
    with pytest.raises(ValueError, match=r"input_range=\(0.0, 255.0\).*\(0, 1\)"):
        ganzoo.nets.mlp_discriminator((4, 4, 1), input_range=(0, 255))


def test_2014_code_noise_is_unit_variance_uniform_and_exports_the_same():
    from ganzoo.models.signatures import latent_prior

    config = load_module(
        os.path.join(REPO, "zoo_configs", "vanilla_mnist_2014_code_noise.py")
    ).get_config("smoke")
    assert config.model.kwargs.latent_distribution == "uniform_sqrt3"
    gan = ganzoo.build("vanilla", latent_dim=8, latent_distribution="uniform_sqrt3")
    z = np.asarray(gan.sample_latent(4000, seed=3))
    bound = np.sqrt(3.0)
    assert z.min() >= -bound and z.max() <= bound and z.max() > 1.7
    assert np.var(z) == pytest.approx(1.0, abs=0.03)
    # The exported in-graph prior draws the very same numbers.
    np.testing.assert_array_equal(latent_prior(8, "uniform_sqrt3")(4000, 3), z)
