"""The `alpha_gan` registration: paper defaults as data, MLPs or conv nets."""

from ganzoo.models.alpha_gan import nets
from ganzoo.models.alpha_gan.model import AlphaGAN
from ganzoo.registry import optimizer, register

ALPHA_GAN_PAPER = (
    "Rosca, Lakshminarayanan, Warde-Farley & Mohamed, Variational Approaches "
    "for Auto-Encoding Generative Adversarial Networks, arXiv:1706.04987, 2017"
)


@register(
    "alpha_gan",
    smoke_kwargs=dict(
        image_shape=(8, 8, 1),
        latent_dim=4,
        base_filters=4,
        code_hidden_units=(8,),
        pieces=2,
    ),
    paper=ALPHA_GAN_PAPER,
    # DCGAN's Adam for all four players (the paper's networks are DCGAN-like;
    # its per-dataset optimizer sweeps are not reproduced here).
    optimizer=optimizer("Adam", learning_rate=2e-4, beta_1=0.5),
    evaluator="mode_coverage",
    dataset="ring8",
    d_steps=1,
)
def build_alpha_gan(
    image_shape=(2,),
    latent_dim=2,
    g_hidden_units=(400, 400, 400, 400),
    d_hidden_units=(200, 200, 200),
    code_hidden_units=(200, 200, 200),
    pieces=5,
    base_filters=64,
    kernel_size=5,
    reconstruction_weight=1.0,
    generator_adversarial="density_ratio",
    **kwargs,
):
    """Builds an alpha-GAN: encoder, generator, image and code discriminators.

    Vector data (the 2-D mixtures) gets MLPs of the other mixture configs'
    sizes (a 400x4 ReLU generator, a 200x3 maxout discriminator, close to
    PacGAN's), an encoder mirroring the generator and a maxout code
    discriminator; images get the DCGAN stacks and a DCGAN-like encoder.

    Args:
        image_shape: `(2,)` for points, `(side, side, channels)` for images.
        latent_dim: size of the code z (prior N(0, 1)).
        g_hidden_units: generator widths (points); the encoder's reversed.
        d_hidden_units: image discriminator maxout widths (points).
        code_hidden_units: code discriminator maxout widths.
        pieces: linear pieces per maxout unit.
        base_filters: conv widths (images).
        kernel_size: conv kernel size (images).
        reconstruction_weight: lambda of `lambda * |x - G(E(x))|_1` (a mean
            over dimensions). Algorithm 1 leaves it a hyperparameter; 1 is
            a unit-scale Laplace likelihood, on a par with the adversarial
            terms.
        generator_adversarial: `"density_ratio"` (the paper's
            `-log(D / (1 - D))`) or `"non_saturating"` (`-log D`).
        **kwargs: other `AlphaGAN` / `ganzoo.GAN` arguments (`d_steps`,
            `penalty`, `seed`).

    Returns:
        An `AlphaGAN`; `compile()` defaults to Adam(2e-4, beta_1=0.5) for
        the D+C and G+E optimizers.

    Example:

    ```python
    toy = ganzoo.build("alpha_gan")                               # ring8/grid25
    mnist = ganzoo.build("alpha_gan", image_shape=(28, 28, 1), latent_dim=100)
    ```

    Reference: Rosca et al., arXiv:1706.04987, 2017, Algorithm 1.
    """
    image_shape = tuple(image_shape)
    if len(image_shape) == 3:
        generator, discriminator, encoder = nets.image_networks(
            image_shape, latent_dim, base_filters, kernel_size
        )
    elif len(image_shape) == 1 and image_shape[0] >= 1:
        generator, discriminator, encoder = nets.point_networks(
            image_shape, latent_dim, g_hidden_units, d_hidden_units, pieces
        )
    else:
        raise ValueError(
            f"Received: `image_shape={image_shape}`; expected `(dim,)` for "
            "points, e.g. (2,), or `(side, side, channels)`, e.g. (28, 28, 1)."
        )
    return AlphaGAN(
        generator,
        discriminator,
        encoder,
        nets.code_discriminator(latent_dim, code_hidden_units, pieces),
        latent_dim,
        reconstruction_weight=reconstruction_weight,
        generator_adversarial=generator_adversarial,
        name="alpha_gan",
        **kwargs,
    )
