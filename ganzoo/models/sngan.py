"""`sngan`: spectrally normalized GAN with the hinge loss, Miyato et al. (2018)."""

from ganzoo.gan import GAN
from ganzoo.models.dcgan import (
    DCGAN_SMOKE_KWARGS,
    POINT_HIDDEN_UNITS,
    build_dcgan_nets,
)
from ganzoo.nets import resnet
from ganzoo.nets.packing import packed_discriminator
from ganzoo.registry import optimizer, register, register_legacy_name

ARCHITECTURES = ("dcgan", "cnn", "resnet")


@register(
    "sngan",
    smoke_kwargs=DCGAN_SMOKE_KWARGS,
    paper=(
        "Miyato et al., Spectral Normalization for Generative Adversarial "
        "Networks, ICLR 2018"
    ),
    # Setting C of the paper's Table 1 and the command line of the authors'
    # SN-DCGAN example (pfnet-research/chainer-gan-lib). Their ResNet runs
    # used Adam(2e-4, beta_1=0, beta_2=0.9) with 5 discriminator steps.
    optimizer=optimizer("Adam", learning_rate=2e-4, beta_1=0.5, beta_2=0.999),
    evaluator="mode_coverage",
    dataset="ring8",
    loss="hinge",
    d_steps=1,
)
def build_sngan(
    image_shape=(28, 28, 1),
    latent_dim=100,
    base_filters=64,
    kernel_size=5,
    hidden_units=POINT_HIDDEN_UNITS,
    pack=1,
    architecture="dcgan",
    g_filters=256,
    **kwargs,
):
    """Builds an SN-GAN on the DCGAN networks (or the paper's CIFAR nets).

    Every layer of the discriminator is spectrally normalized and it has no
    batch norm; the generator keeps DCGAN's batch norm, as in the paper's
    "standard CNN" (whose discriminator differs from DCGAN's in using 3x3
    and 4x4 kernels and more layers).

    Args:
        image_shape: `(side, side, channels)`, or `(2,)` for MLPs on points
            (a spectrally normalized maxout critic).
        latent_dim: noise size (the paper: 128).
        base_filters: width of the outermost conv layers.
        kernel_size: conv kernel size.
        hidden_units: MLP widths for 1-D shapes.
        pack: m samples judged together by the critic (PacGAN, Lin et al.
            2018); 1 = no packing.
        architecture: `"dcgan"` (the DCGAN stacks), `"cnn"` (the paper's
            standard CNN, Table 3, widths from `base_filters`, 64 there) or
            `"resnet"` (its CIFAR ResNet, Table 4: `g_filters` channels in
            G, `base_filters` in D, 128 there); for both `kernel_size` is
            unused.
        g_filters: the ResNet generator's channels (the paper: 256).
        **kwargs: other `ganzoo.GAN` arguments; the paper's `loss` (`hinge`,
            its best results) and `d_steps` (setting C: 1) are the
            registration's defaults (`ganzoo.describe("sngan")`).

    Returns:
        A `ganzoo.GAN`; `compile()` defaults to Adam(2e-4, beta_1=0.5).

    Example:

    ```python
    gan = ganzoo.build("sngan", image_shape=(32, 32, 3), latent_dim=128)
    resnet = ganzoo.build("sngan", image_shape=(32, 32, 3), latent_dim=128,
                          architecture="resnet", base_filters=128)
    ```

    Reference: Miyato et al., "Spectral Normalization for Generative
    Adversarial Networks", ICLR 2018.
    """
    is_image = len(tuple(image_shape)) == 3
    if architecture in ("cnn", "resnet") and is_image:
        if architecture == "cnn":
            generator = resnet.sngan_cnn_generator(
                image_shape, latent_dim, base_filters
            )

            def critic(shape):
                return resnet.sngan_cnn_discriminator(shape, base_filters)

        else:
            generator = resnet.resnet_generator(image_shape, latent_dim, g_filters)

            def critic(shape):
                return resnet.resnet_discriminator(
                    shape, base_filters, spectral_norm=True
                )

        discriminator = packed_discriminator(critic, image_shape, pack)
        return GAN(generator, discriminator, latent_dim, name="sngan", **kwargs)
    if architecture != "dcgan":
        raise ValueError(
            f"Received: `architecture={architecture!r}` with `image_shape="
            f"{tuple(image_shape)}`; expected one of {list(ARCHITECTURES)} "
            "('cnn' and 'resnet' for images only)."
        )
    generator, discriminator = build_dcgan_nets(
        image_shape,
        latent_dim,
        base_filters,
        kernel_size,
        batch_norm=False,
        spectral_norm=True,
        hidden_units=hidden_units,
        pack=pack,
    )
    return GAN(generator, discriminator, latent_dim, name="sngan", **kwargs)


register_legacy_name("SNGAN", "sngan")  # `.keras` files of the old subclass.
