"""`wgan_gp`: Wasserstein GAN with gradient penalty, Gulrajani et al. (2017)."""

from ganzoo.gan import GAN
from ganzoo.models.dcgan import (
    DCGAN_SMOKE_KWARGS,
    POINT_HIDDEN_UNITS,
    build_dcgan_nets,
)
from ganzoo.nets import resnet
from ganzoo.nets.packing import packed_discriminator
from ganzoo.registry import optimizer, register, register_legacy_name

ARCHITECTURES = ("dcgan", "resnet")


@register(
    "wgan_gp",
    smoke_kwargs=DCGAN_SMOKE_KWARGS,
    paper="Gulrajani et al., Improved Training of Wasserstein GANs, NeurIPS 2017",
    # The defaults of the paper's Algorithm 1 (the authors' image code mostly
    # used beta_1=0.5).
    optimizer=optimizer("Adam", learning_rate=1e-4, beta_1=0.0, beta_2=0.9),
    evaluator="mode_coverage",
    dataset="ring8",
    loss="wasserstein",
    d_steps=5,
    penalty="wgan_gp",
    penalty_weight=10.0,
)
def build_wgan_gp(
    image_shape=(28, 28, 1),
    latent_dim=100,
    base_filters=64,
    kernel_size=5,
    hidden_units=POINT_HIDDEN_UNITS,
    pack=1,
    architecture="dcgan",
    **kwargs,
):
    """Builds a WGAN-GP on the DCGAN networks, without batch norm in the critic.

    A Wasserstein GAN whose critic is kept 1-Lipschitz by a gradient
    penalty. The penalty is per example, and batch norm would make each
    critic output depend on the whole batch (the paper's section 4 drops it).

    Args:
        image_shape: `(side, side, channels)`, or `(2,)` for MLPs on points.
        latent_dim: noise size.
        base_filters: width of the outermost conv layers.
        kernel_size: conv kernel size.
        hidden_units: MLP widths for 1-D shapes (the paper's toy code: three
            layers of 512).
        pack: m samples judged together by the critic (PacGAN, Lin et al.
            2018); 1 = no packing.
        architecture: `"dcgan"` (the DCGAN stacks above), or `"resnet"`:
            the paper's CIFAR-10 ResNet (Appendix F; `ganzoo.nets.resnet`,
            `base_filters` channels in every block, 128 in the paper;
            `kernel_size` unused).
        **kwargs: other `ganzoo.GAN` arguments; the paper's `loss`
            (`wasserstein`), `d_steps` (5), `penalty` (`wgan_gp`) and
            `penalty_weight` (lambda = 10; its toy code used 0.1) are the
            registration's defaults (`ganzoo.describe("wgan_gp")`).

    Returns:
        A `ganzoo.GAN`; `compile()` defaults to Adam(1e-4, beta_1=0,
        beta_2=0.9).

    Example:

    ```python
    gan = ganzoo.build("wgan_gp", image_shape=(32, 32, 3))
    toy = ganzoo.build("wgan_gp", image_shape=(2,), latent_dim=2)
    cifar = ganzoo.build("wgan_gp", image_shape=(32, 32, 3), latent_dim=128,
                         architecture="resnet", base_filters=128)
    ```

    Reference: Gulrajani et al., "Improved Training of Wasserstein GANs",
    NeurIPS 2017, Algorithm 1.
    """
    if architecture == "resnet" and len(tuple(image_shape)) == 3:
        generator = resnet.resnet_generator(image_shape, latent_dim, base_filters)
        critic = packed_discriminator(
            lambda shape: resnet.resnet_discriminator(shape, base_filters),
            image_shape,
            pack,
        )
        return GAN(generator, critic, latent_dim, name="wgan_gp", **kwargs)
    if architecture != "dcgan":
        raise ValueError(
            f"Received: `architecture={architecture!r}` with `image_shape="
            f"{tuple(image_shape)}`; expected one of {list(ARCHITECTURES)} "
            "('resnet' for images only)."
        )
    generator, critic = build_dcgan_nets(
        image_shape,
        latent_dim,
        base_filters,
        kernel_size,
        batch_norm=False,
        hidden_units=hidden_units,
        pack=pack,
    )
    return GAN(generator, critic, latent_dim, name="wgan_gp", **kwargs)


register_legacy_name("WGANGP", "wgan_gp")  # `.keras` files of the old subclass.
