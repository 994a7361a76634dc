"""`dragan`: the DRAGAN penalty around the data, Kodali et al. (2017)."""

from ganzoo.gan import GAN
from ganzoo.models.dcgan import (
    DCGAN_SMOKE_KWARGS,
    POINT_HIDDEN_UNITS,
    build_dcgan_nets,
)
from ganzoo.registry import optimizer, register, register_legacy_name


@register(
    "dragan",
    smoke_kwargs=DCGAN_SMOKE_KWARGS,
    paper="Kodali et al., On Convergence and Stability of GANs, arXiv:1705.07215",
    # The setting of the authors' code (github.com/kodalinaveen3/DRAGAN).
    optimizer=optimizer("Adam", learning_rate=1e-4, beta_1=0.5, beta_2=0.9),
    evaluator="mode_coverage",
    dataset="ring8",
    loss="non_saturating",
    penalty="dragan",
    penalty_weight=10.0,
)
def build_dragan(
    image_shape=(28, 28, 1),
    latent_dim=100,
    base_filters=64,
    kernel_size=5,
    hidden_units=POINT_HIDDEN_UNITS,
    pack=1,
    **kwargs,
):
    """Builds a DRAGAN on the DCGAN networks, without batch norm in the critic.

    A standard GAN with a gradient penalty on points near the real data. The
    penalty is per example; batch norm would couple the examples, as for
    WGAN-GP.

    Args:
        image_shape: `(side, side, channels)`, or `(2,)` for MLPs on points.
        latent_dim: noise size.
        base_filters: width of the outermost conv layers.
        kernel_size: conv kernel size.
        hidden_units: MLP widths for 1-D shapes.
        pack: m samples judged together by the critic (PacGAN, Lin et al.
            2018); 1 = no packing.
        **kwargs: other `ganzoo.GAN` arguments; the paper's `loss`
            (`non_saturating`), `penalty` (`dragan`) and `penalty_weight`
            (lambda = 10) are the registration's defaults
            (`ganzoo.describe("dragan")`).

    Returns:
        A `ganzoo.GAN`; `compile()` defaults to Adam(1e-4, beta_1=0.5,
        beta_2=0.9).

    Example:

    ```python
    gan = ganzoo.build("dragan", image_shape=(32, 32, 3))
    ```

    Reference: Kodali et al., "On Convergence and Stability of GANs",
    arXiv:1705.07215, 2017.
    """
    generator, discriminator = build_dcgan_nets(
        image_shape,
        latent_dim,
        base_filters,
        kernel_size,
        batch_norm=False,
        hidden_units=hidden_units,
        pack=pack,
    )
    return GAN(generator, discriminator, latent_dim, name="dragan", **kwargs)


register_legacy_name("DRAGAN", "dragan")  # `.keras` files of the old subclass.
