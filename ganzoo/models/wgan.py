"""`wgan`: Wasserstein GAN with weight clipping, Arjovsky et al. (2017)."""

from ganzoo.gan import GAN
from ganzoo.models.dcgan import (
    DCGAN_SMOKE_KWARGS,
    POINT_HIDDEN_UNITS,
    build_dcgan_nets,
)
from ganzoo.registry import optimizer, register, register_legacy_name


@register(
    "wgan",
    smoke_kwargs=DCGAN_SMOKE_KWARGS,
    paper="Arjovsky et al., Wasserstein Generative Adversarial Networks, ICML 2017",
    # RMSProp(5e-5): the authors found momentum-based optimizers (Adam)
    # unstable with a clipped critic (their section 4.1); `rho=0.99` is the
    # default of PyTorch's RMSprop, which the authors' code used.
    optimizer=optimizer("RMSprop", learning_rate=5e-5, rho=0.99),
    evaluator="mode_coverage",
    dataset="ring8",
    loss="wasserstein",
    d_steps=5,
    clip_value=0.01,
)
def build_wgan(
    image_shape=(28, 28, 1),
    latent_dim=100,
    base_filters=64,
    kernel_size=5,
    hidden_units=POINT_HIDDEN_UNITS,
    pack=1,
    **kwargs,
):
    """Builds a WGAN (weight clipping) on the DCGAN networks.

    A GAN whose critic estimates the Earth-Mover distance. The critic keeps
    DCGAN's batch norm, as in the paper's DCGAN critic; all its trainable
    weights (batch norm's scale and offset included, as in the authors'
    code) are clipped to `[-clip_value, clip_value]` after every update. The
    paper's schedule of 100 critic steps for the first 25 generator steps
    (and every 500th) is not reproduced: `d_steps` is fixed.

    Args:
        image_shape: `(side, side, channels)`, or `(2,)` for MLPs on points.
        latent_dim: noise size.
        base_filters: width of the outermost conv layers.
        kernel_size: conv kernel size.
        hidden_units: MLP widths for 1-D shapes.
        pack: m samples judged together by the critic (PacGAN, Lin et al.
            2018); 1 = no packing.
        **kwargs: other `ganzoo.GAN` arguments; the paper's `loss`
            (`wasserstein`), `d_steps` (5) and `clip_value` (0.01) are the
            registration's defaults (`ganzoo.describe("wgan")`).

    Returns:
        A `ganzoo.GAN`; `compile()` defaults to RMSProp(5e-5) for both players.

    Example:

    ```python
    gan = ganzoo.build("wgan", image_shape=(64, 64, 3))
    ```

    Reference: Arjovsky et al., "Wasserstein Generative Adversarial
    Networks", ICML 2017, Algorithm 1.
    """
    generator, critic = build_dcgan_nets(
        image_shape,
        latent_dim,
        base_filters,
        kernel_size,
        hidden_units=hidden_units,
        pack=pack,
    )
    return GAN(generator, critic, latent_dim, name="wgan", **kwargs)


register_legacy_name("WGAN", "wgan")  # `.keras` files of the old subclass.
