"""`vanilla`: the MLP GAN of Goodfellow et al. (2014)."""

from ganzoo import nets
from ganzoo.gan import GAN
from ganzoo.nets.packing import packed_discriminator
from ganzoo.registry import optimizer, register, register_legacy_name

# The paper trained with SGD, learning rate 0.1 decayed and momentum 0.5
# rising to 0.7 (its pylearn2 config); a fixed momentum of 0.5 and a smaller
# rate train stably with minibatches of 64-100.
PAPER_SGD = optimizer("SGD", learning_rate=0.01, momentum=0.5)


@register(
    "vanilla",
    smoke_kwargs=dict(
        image_shape=(8, 8, 1),
        latent_dim=4,
        g_hidden_units=(16,),
        d_hidden_units=(8,),
        pieces=2,
    ),
    paper="Goodfellow et al., Generative Adversarial Nets, NeurIPS 2014",
    optimizer=PAPER_SGD,
    evaluator="parzen",
    dataset="mnist",
    loss="non_saturating",
    d_steps=1,
)
def build_vanilla(
    image_shape=(28, 28, 1),
    latent_dim=100,
    g_hidden_units=(1200, 1200),
    d_hidden_units=(240, 240),
    pieces=5,
    input_dropout=None,
    hidden_dropout=None,
    output_activation=None,
    latent_distribution="uniform",
    pack=1,
    d_max_norm=None,
    g_init_range=None,
    d_init_range=None,
    g_output_bias_from=None,
    d_input_range=(-1.0, 1.0),
    **kwargs,
):
    """Builds the MLP GAN of Goodfellow et al. (2014).

    Args:
        image_shape: shape of one sample: an image `(28, 28, 1)` or a point
            `(2,)` for the 2D mixtures.
        latent_dim: noise size (the paper: 100, uniform noise).
        g_hidden_units: generator ReLU widths (the paper: 1200, 1200).
        d_hidden_units: discriminator maxout widths (the paper: 240, 240).
        pieces: linear pieces per maxout unit (the paper: 5).
        input_dropout: dropout rate on D's input; `None` picks the paper's
            0.2 for images and 0 for points, where dropping one of two
            coordinates would blind D.
        hidden_dropout: dropout rate after each maxout layer; `None` picks
            the paper's 0.5 for images and 0 for points.
        output_activation: `None` picks tanh for images and linear for
            vectors; or `"tanh"`, `"sigmoid"`, `"linear"`.
        latent_distribution: the paper's uniform noise by default.
        pack: m samples judged together by D (PacGAN, Lin et al. 2018): D
            is built for m samples concatenated, `B` samples give `B / m`
            logits; 1 = no packing.
        d_max_norm: the largest norm of each of D's maxout pieces' weight
            vectors, re-imposed after every update (the paper's pylearn2
            `max_col_norm`: 1.9365); `None`: unconstrained.
        g_init_range: G's kernels start uniform in `[-r, r]` (the 2014 code:
            0.05); `None`: Glorot uniform.
        d_init_range: the same for D (the 2014 code: 0.005).
        g_output_bias_from: `None`, or `(dataset, take)`: G's output biases
            start at the logits of the pixel means of the first `take`
            training images (the 2014 code's `init_sigmoid_bias_from_marginals`
            on train[:50000]), so G starts at the mean digit. Needs the
            sigmoid output; building reads the data set (offline via
            `GANZOO_DATA_DIR`).
        d_input_range: `(-1, 1)`: D reads ganzoo's [-1, 1] data; `(0, 1)`:
            D first maps them to [0, 1], the pixels the 2014 code's D read
            (`ganzoo.nets.mlp_discriminator`'s `input_range`).
        **kwargs: other `ganzoo.GAN` arguments: `loss` (the paper's
            `non_saturating`), `d_steps` (the paper: k=1),
            `simultaneous_updates` (the 2014 code: True), `penalty`,
            `penalty_weight`, `clip_value`, `seed`.

    Returns:
        A `ganzoo.GAN`; `compile()` defaults to SGD(0.01, momentum=0.5).

    Example:

    ```python
    gan = ganzoo.build("vanilla")                       # MNIST
    toy = ganzoo.build("vanilla", image_shape=(2,))     # 2D mixtures
    gp = ganzoo.build("vanilla", penalty="dragan")      # with DRAGAN's penalty
    pac2 = ganzoo.build("vanilla", image_shape=(2,), pack=2)  # PacGAN2
    ```
    """
    image_shape = tuple(image_shape)
    if not image_shape or min(image_shape) < 1:
        raise ValueError(
            f"Received: `image_shape={image_shape}`; expected a non-empty "
            "shape of positive sizes, e.g. (28, 28, 1) or (2,)."
        )
    if output_activation is None:
        output_activation = "tanh" if len(image_shape) == 3 else "linear"
    generator = nets.mlp_generator(
        image_shape,
        latent_dim,
        g_hidden_units,
        output_activation,
        kernel_initializer=_uniform("g_init_range", g_init_range),
    )
    if g_output_bias_from is not None:
        if output_activation != "sigmoid":
            raise ValueError(
                f"Received: `g_output_bias_from={g_output_bias_from!r}` with "
                f"`output_activation={output_activation!r}`; expected 'sigmoid' "
                "(the biases are logits of pixel means in [0, 1])."
            )
        output = [x for x in generator.layers if hasattr(x, "bias")][-1]
        output.bias.assign(marginal_logits(*g_output_bias_from).reshape(-1))
    is_image = len(image_shape) == 3
    if input_dropout is None:
        input_dropout = 0.2 if is_image else 0.0
    if hidden_dropout is None:
        hidden_dropout = 0.5 if is_image else 0.0
    discriminator = packed_discriminator(
        lambda shape: nets.mlp_discriminator(
            shape,
            d_hidden_units,
            pieces,
            input_dropout,
            hidden_dropout,
            max_norm=d_max_norm,
            kernel_initializer=_uniform("d_init_range", d_init_range),
            input_range=d_input_range,
        ),
        image_shape,
        pack,
    )
    return GAN(
        generator,
        discriminator,
        latent_dim,
        latent_distribution=latent_distribution,
        name="vanilla",
        **kwargs,
    )


def _uniform(arg, limit):
    """An initializer identifier: uniform in [-limit, limit], or Glorot's.

    A fresh identifier per call, so that every layer draws its own weights.
    """
    if limit is None:
        return "glorot_uniform"
    if not limit > 0:
        raise ValueError(f"Received: `{arg}={limit!r}`; expected a number > 0.")
    return {
        "class_name": "RandomUniform",
        "config": {"minval": -float(limit), "maxval": float(limit)},
    }


def marginal_logits(dataset, take=None, eps=1e-7):
    """Logits of the per-pixel means, in [0, 1], of a data set's training images.

    Args:
        dataset: an image data set name, e.g. `"mnist"`.
        take: the first `take` training images (None: all).
        eps: means are clipped to `[eps, 1 - eps]` before the logit.

    Returns:
        A float32 NumPy array of one image's shape.
    """
    import numpy as np

    from ganzoo import data as data_lib

    total, count = 0.0, 0
    ds = data_lib.load(
        dataset, batch_size=5000, take=take, shuffle=False, drop_remainder=False
    )
    for images in ds:
        pixels = (images.numpy().astype(np.float64) + 1.0) / 2.0
        total, count = total + pixels.sum(axis=0), count + len(pixels)
    p = np.clip(total / count, eps, 1.0 - eps)
    return np.log(p / (1.0 - p)).astype(np.float32)


# `.keras` files of the old `VanillaGAN` subclass load as `GAN`s of this
# entry; the name stays importable for code (and tests) that patch it.
register_legacy_name("VanillaGAN", "vanilla")
VanillaGAN = GAN
