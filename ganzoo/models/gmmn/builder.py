"""`gmmn` and `gmmn_ae`: the zoo entries (builders and their paper defaults)."""

import math

import keras

from ganzoo.models.gmmn.model import GMMN
from ganzoo.objectives import mmd as mmd_lib
from ganzoo.registry import register

GMMN_PAPER = (
    "Li, Swersky & Zemel, Generative Moment Matching Networks, ICML 2015; "
    "Dziugaite, Roy & Ghahramani, Training generative neural networks via "
    "Maximum Mean Discrepancy optimization, UAI 2015 (objective='unbiased')"
)
# The step at which the authors' code (github.com/yujiali/gmmn, train.py)
# divides the rate by 10 and sets the momentum to 1 - (1 - 0.9) / 10.
DROP_STEP = 10_000
# What the papers' MNIST runs used besides the networks and the optimizer,
# as data for the configs (zoo_configs/gmmn_mnist.py, gmmn_ae_mnist.py).
PAPER_RUN = dict(batch_size=1000, steps=40_000, noise="U[-1, 1]^10")


def paper_sgd(learning_rate=2.0, momentum=0.9, drop_step=DROP_STEP):
    """The GMMN's SGD as an identifier: lr 2 and momentum 0.9, then 0.2 and 0.99.

    The rate and the momentum change after `drop_step` updates
    (`MomentumScheduleSGD` reads its momentum from its step counter, so a
    resumed run keeps the schedule).
    """
    return {
        "class_name": "ganzoo>MomentumScheduleSGD",
        "config": {
            "learning_rate": {
                "module": "keras.optimizers.schedules",
                "class_name": "PiecewiseConstantDecay",
                "config": {
                    "boundaries": [drop_step - 1],
                    "values": [learning_rate, learning_rate / 10.0],
                },
            },
            "momentum": momentum,
            "final_momentum": 1.0 - (1.0 - momentum) / 10.0,
            "start": drop_step - 1,
            "saturate": drop_step,
        },
    }


def paper_ae_sgd():
    """The autoencoder's SGD: lr 0.1, momentum rising 0.5 -> 0.9 over steps 50-200.

    The authors' code steps the momentum (0, then 0.5 at 50, 0.9 at 200) and
    clips gradient norms at 10; here the rise is linear from 0.5.
    """
    return {
        "class_name": "ganzoo>MomentumScheduleSGD",
        "config": {
            "learning_rate": 0.1,
            "momentum": 0.5,
            "final_momentum": 0.9,
            "start": 50,
            "saturate": 200,
            "clipnorm": 10.0,
        },
    }


def _mlp(inputs, hidden_units, activation):
    x = inputs
    for units in hidden_units:
        x = keras.layers.Dense(units, activation=activation)(x)
    return x


def _generator(latent_dim, hidden_units, output_shape, images, name):
    latents = keras.Input((latent_dim,))
    x = _mlp(latents, hidden_units, "relu")
    size = math.prod(output_shape)
    if images:  # Sigmoid [0, 1] pixels (the paper's), as ganzoo's [-1, 1].
        x = keras.layers.Dense(size, activation="sigmoid")(x)
        x = keras.layers.Rescaling(2.0, -1.0)(x)
    else:
        x = keras.layers.Dense(size)(x)
    return keras.Model(latents, keras.layers.Reshape(output_shape)(x), name=name)


@register(
    "gmmn",
    smoke_kwargs=dict(image_shape=(4, 4, 1), latent_dim=3, hidden_units=(8,)),
    paper=GMMN_PAPER,
    optimizer=paper_sgd(),
    evaluator="parzen",
    dataset="mnist",
)
def build_gmmn(
    image_shape=(28, 28, 1),
    latent_dim=10,
    hidden_units=(64, 256, 256, 1024),
    scales=None,
    objective="sqrt_biased",
    loss_weight=1.0,
    latent_distribution="uniform",
    seed=None,
):
    """Builds Li et al.'s data-space GMMN (or an MMD net).

    Args:
        image_shape: `(height, width, channels)` images (sigmoid output,
            kernel on [0, 1] pixels), or `(d,)` points (linear output,
            kernel on the points themselves).
        latent_dim: noise size (the paper: U[-1, 1]^10).
        hidden_units: the ReLU layers (the paper: 64, 256, 256, 1024).
        scales: kernel variances; default the paper's (2, 5, 10, 20, 40, 80)
            for images, (0.01, 0.1, 1) for points.
        objective: `"sqrt_biased"` (GMMN) or `"unbiased"` (MMD nets, no
            square root; it can be negative on a minibatch), or `"biased"`.
        loss_weight: factor on the objective; the authors' code weights it
            by 1000 (`loss_weight=1000` in its train.py) in its own gradient
            normalisation, which was not reproduced here: 1 is the MMD as is.
        latent_distribution: `"uniform"` (the paper's) or `"normal"`.
        seed: noise seed.

    Returns:
        A `GMMN`; `compile()` defaults to SGD, lr 2 and momentum 0.9 for
        10,000 steps, then 0.2 and 0.99 (`paper_sgd()`).
    """
    shape = tuple(image_shape)
    images = len(shape) == 3
    if scales is None:
        scales = mmd_lib.GMMN_SCALES if images else (0.01, 0.1, 1.0)
    generator = _generator(latent_dim, hidden_units, shape, images, "gmmn_generator")
    return GMMN(
        generator,
        latent_dim,
        scales=scales,
        objective=objective,
        unit_pixels=images,
        loss_weight=loss_weight,
        latent_distribution=latent_distribution,
        seed=seed,
        name="gmmn",
    )


@register(
    "gmmn_ae",
    smoke_kwargs=dict(
        image_shape=(4, 4, 1),
        latent_dim=3,
        code_dim=2,
        ae_hidden_units=(8,),
        hidden_units=(8,),
        ae_steps=1,
    ),
    paper=GMMN_PAPER,
    optimizer=paper_sgd(),
    evaluator="parzen",
    dataset="mnist",
)
def build_gmmn_ae(
    image_shape=(28, 28, 1),
    latent_dim=10,
    code_dim=32,
    ae_hidden_units=(1024,),
    dropout=(0.2, 0.5),
    hidden_units=(64, 256, 256, 1024),
    scales=(1.0,),
    objective="sqrt_biased",
    loss_weight=1.0,
    ae_steps=3000,
    ae_optimizer=None,
    seed=None,
):
    """Builds GMMN+AE: an autoencoder, then a GMMN on its 32-d codes.

    Args:
        image_shape: `(height, width, channels)` of the images.
        latent_dim: noise size (U[-1, 1]^10).
        code_dim: the autoencoder's sigmoid code size (the paper: 32).
        ae_hidden_units: the encoder's sigmoid layers (the paper: 1024; the
            decoder mirrors them).
        dropout: dropout on the encoder's input and on each hidden layer's
            output (the paper: 0.2, 0.5).
        hidden_units: the GMMN's ReLU layers (64, 256, 256, 1024).
        scales: kernel variances on the codes (the paper: one, s = 1).
        objective: as for `gmmn`.
        loss_weight: as for `gmmn`.
        ae_steps: autoencoder steps before the GMMN's (the authors' code:
            3,000 of fine-tuning at batch 100, after 3,000 of layer-wise
            pretraining, which is not reproduced).
        ae_optimizer: the autoencoder's optimizer identifier; default
            `paper_ae_sgd()`.
        seed: noise seed.

    Returns:
        A `GMMN` with `encoder` and `decoder`.
    """
    shape = tuple(image_shape)
    if len(shape) != 3:
        raise ValueError(
            f"Received: `image_shape={image_shape!r}`; expected (height, width, "
            "channels) images."
        )
    if len(dropout) != len(ae_hidden_units) + 1:
        raise ValueError(
            f"Received: `dropout={dropout!r}`; expected {len(ae_hidden_units) + 1} "
            "rates, one for the input and one per hidden layer."
        )
    pixels = keras.Input(shape)
    x = keras.layers.Flatten()(pixels)
    seeds = [None if seed is None else seed + i for i in range(len(dropout))]
    for units, rate, layer_seed in zip(ae_hidden_units, dropout, seeds, strict=False):
        x = keras.layers.Dropout(rate, seed=layer_seed)(x)
        x = keras.layers.Dense(units, activation="sigmoid")(x)
    x = keras.layers.Dropout(dropout[-1], seed=seeds[-1])(x)
    codes = keras.layers.Dense(code_dim, activation="sigmoid")(x)
    encoder = keras.Model(pixels, codes, name="gmmn_ae_encoder")
    code_input = keras.Input((code_dim,))
    x = _mlp(code_input, ae_hidden_units[::-1], "sigmoid")
    x = keras.layers.Dense(math.prod(shape), activation="sigmoid")(x)
    decoder = keras.Model(
        code_input, keras.layers.Reshape(shape)(x), name="gmmn_ae_decoder"
    )
    latents = keras.Input((latent_dim,))
    x = _mlp(latents, hidden_units, "relu")
    code_generator = keras.Model(
        latents,
        keras.layers.Dense(code_dim, activation="sigmoid")(x),
        name="gmmn_code_generator",
    )
    return GMMN(
        code_generator,
        latent_dim,
        scales=scales,
        objective=objective,
        unit_pixels=False,
        loss_weight=loss_weight,
        encoder=encoder,
        decoder=decoder,
        ae_steps=ae_steps,
        ae_optimizer=ae_optimizer or paper_ae_sgd(),
        seed=seed,
        name="gmmn_ae",
    )
