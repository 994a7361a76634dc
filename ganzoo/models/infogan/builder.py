"""`infogan`: registration and the paper's defaults as data."""

from ganzoo.models.infogan.model import InfoGAN
from ganzoo.models.infogan.nets import infogan_discriminator, infogan_generator
from ganzoo.registry import optimizer, register

SMOKE_KWARGS = dict(
    image_shape=(8, 8, 1),
    noise_dim=4,
    num_classes=10,
    base_filters=4,
    dense_units=16,
    q_units=8,
)


def _check_widths(**widths):
    for name, value in widths.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"Received: `{name}={value!r}`; expected an int >= 1.")


@register(
    "infogan",
    smoke_kwargs=SMOKE_KWARGS,
    paper=(
        "Chen, Duan, Houthooft, Schulman, Sutskever & Abbeel, InfoGAN: "
        "Interpretable Representation Learning by Information Maximizing "
        "Generative Adversarial Nets, NeurIPS 2016"
    ),
    # The authors' MNIST launcher: Adam(beta_1=0.5), 2e-4 for D (and Q, which
    # lives in D's variable scope), 1e-3 for G; TF1's epsilon 1e-8.
    d_optimizer=optimizer("Adam", learning_rate=2e-4, beta_1=0.5, epsilon=1e-8),
    g_optimizer=optimizer("Adam", learning_rate=1e-3, beta_1=0.5, epsilon=1e-8),
    evaluator="categorical_code_error",
    dataset="mnist",
    loss="non_saturating",  # -log D for G; D's cross-entropy (the code's).
    d_steps=1,
)
def build_infogan(
    image_shape=(28, 28, 1),
    noise_dim=62,
    num_classes=10,
    num_continuous=2,
    base_filters=64,
    dense_units=1024,
    q_units=128,
    leaky_slope=0.1,
    categorical_weight=1.0,
    continuous_weight=1.0,
    latent_distribution="uniform",
    **kwargs,
):
    """Builds InfoGAN with the paper's MNIST networks sized by `image_shape`.

    Args:
        image_shape: `(h, w, c)`, h and w multiples of 4.
        noise_dim: size of the incompressible noise z (the paper's 62).
        num_classes: values of the categorical code (10).
        num_continuous: continuous codes, U(-1, 1) like z (2).
        base_filters: D's first and G's last hidden width (64).
        dense_units: the fully connected width of D and G (1024).
        q_units: Q's hidden width (128).
        leaky_slope: LeakyReLU slope of D and Q (the paper's 0.1).
        categorical_weight: lambda of the categorical code (1).
        continuous_weight: lambda of the continuous codes (the code's 1).
        latent_distribution: prior of z and the continuous codes; the code's
            `"uniform"`, U(-1, 1).
        **kwargs: other `ganzoo.GAN` arguments: `loss`, `d_steps`, `penalty`,
            `penalty_weight`, `seed`, `g_ema_decay`.

    Returns:
        An `InfoGAN`; `compile()` defaults to the code's Adam optimizers.
        Train it on image batches (no labels).

    Example:

    ```python
    gan = ganzoo.build("infogan")
    gan.compile()
    ```
    """
    _check_widths(
        noise_dim=noise_dim,
        base_filters=base_filters,
        dense_units=dense_units,
        q_units=q_units,
    )
    is_int = isinstance(num_continuous, int) and not isinstance(num_continuous, bool)
    if not is_int or num_continuous < 0:
        raise ValueError(
            f"Received: `num_continuous={num_continuous!r}`; expected an int >= 0."
        )
    latent_dim = noise_dim + num_continuous
    generator = infogan_generator(
        image_shape, latent_dim, num_classes, base_filters, dense_units
    )
    discriminator = infogan_discriminator(
        image_shape,
        num_classes,
        num_continuous,
        base_filters,
        dense_units,
        q_units,
        leaky_slope,
    )
    return InfoGAN(
        generator,
        discriminator,
        latent_dim,
        num_classes,
        num_continuous=num_continuous,
        categorical_weight=categorical_weight,
        continuous_weight=continuous_weight,
        latent_distribution=latent_distribution,
        name="infogan",
        **kwargs,
    )
