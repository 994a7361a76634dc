"""`dcgan`: Radford et al. (2015)."""

from ganzoo import nets
from ganzoo.gan import GAN
from ganzoo.nets.packing import packed_discriminator
from ganzoo.registry import optimizer, register

DCGAN_PAPER = (
    "Radford et al., Unsupervised Representation Learning with Deep "
    "Convolutional GANs, ICLR 2016"
)
DCGAN_SMOKE_KWARGS = dict(image_shape=(8, 8, 1), latent_dim=4, base_filters=4)

# The 2D toy networks of the WGAN-GP code (gan_toy.py): 3 hidden layers of 512.
POINT_HIDDEN_UNITS = (512, 512, 512)


def build_dcgan_nets(
    image_shape,
    latent_dim,
    base_filters=64,
    kernel_size=5,
    batch_norm=True,
    spectral_norm=False,
    hidden_units=POINT_HIDDEN_UNITS,
    pack=1,
    g_stride_one_layers=0,
):
    """Returns the `(generator, discriminator)` pair for `image_shape`.

    Images `(side, side, channels)` get the DCGAN conv stacks. A 1-D shape
    such as `(2,)` (points of the 2D mixtures) gets fully connected nets
    instead, so every entry built on these networks also runs on toy data:
    a ReLU generator with a linear output and a maxout (2 pieces, ReLU-like)
    discriminator without dropout, `hidden_units` wide.

    Args:
        image_shape: shape of one sample.
        latent_dim: noise size.
        base_filters: width of the outermost conv layers (images).
        kernel_size: conv kernel size (images).
        batch_norm: batch norm in the conv discriminator.
        spectral_norm: spectral normalization of the conv discriminator.
        hidden_units: layer widths of both MLPs (1-D shapes).
        pack: m, the samples the discriminator judges together (PacGAN,
            Lin et al. 2018): it is built for m samples concatenated along
            the last axis, so `B` samples give `B / m` logits; 1 = none.
        g_stride_one_layers: stride-1 transposed convolutions in the conv
            generator (`nets.dcgan_generator`'s `stride_one_layers`).

    Example:

    ```python
    generator, critic = build_dcgan_nets((2,), latent_dim=2, hidden_units=(64,))
    ```
    """
    image_shape = tuple(image_shape)
    if len(image_shape) != 1:
        generator = nets.dcgan_generator(
            image_shape,
            latent_dim,
            base_filters,
            kernel_size,
            stride_one_layers=g_stride_one_layers,
        )

        def discriminator(shape):
            return nets.dcgan_discriminator(
                shape,
                base_filters,
                kernel_size,
                batch_norm=batch_norm,
                spectral_norm=spectral_norm,
            )

    else:
        if image_shape[0] < 1:
            raise ValueError(
                f"Received: `image_shape={image_shape}`; expected a positive size."
            )
        generator = nets.mlp_generator(image_shape, latent_dim, hidden_units, "linear")

        def discriminator(shape):
            return nets.mlp_discriminator(
                shape,
                hidden_units,
                pieces=2,
                input_dropout=0.0,
                hidden_dropout=0.0,
                spectral_norm=spectral_norm,
            )

    return generator, packed_discriminator(discriminator, image_shape, pack)


@register(
    "dcgan",
    smoke_kwargs=DCGAN_SMOKE_KWARGS,
    paper=DCGAN_PAPER,
    optimizer=optimizer("Adam", learning_rate=2e-4, beta_1=0.5),
    evaluator="domain_fid",
    dataset="mnist",
    loss="non_saturating",
    d_steps=1,
    # MNIST domain FID at 3,000 steps, 3 seeds each: float32 35.7 +- 1.0,
    # mixed_bfloat16 34.1 +- 0.4 (s.e.); 1.46x the steps/s in graph mode on
    # an AMX CPU, interleaved (benchmarks/PRECISION.md).
    # The 2D point MLPs were not measured: float32 for them.
    bfloat16=("images",),
)
def build_dcgan(
    image_shape=(28, 28, 1),
    latent_dim=100,
    base_filters=64,
    kernel_size=5,
    batch_norm=True,
    spectral_norm=False,
    hidden_units=POINT_HIDDEN_UNITS,
    pack=1,
    g_stride_one_layers=0,
    **kwargs,
):
    """Builds a DCGAN sized by `image_shape`.

    Args:
        image_shape: `(side, side, channels)`; e.g. (28, 28, 1), (32, 32, 3),
            (64, 64, 3). A 1-D shape such as `(2,)` builds MLPs instead.
        latent_dim: noise size (the paper: 100).
        base_filters: width of the outermost conv layers (the paper: 128 at
            64x64).
        kernel_size: conv kernel size.
        batch_norm: batch norm in the discriminator (the paper: yes).
        spectral_norm: spectral normalization of the discriminator.
        hidden_units: MLP widths for 1-D shapes.
        pack: m samples judged together by D (PacGAN; `pack=2` on Stacked
            MNIST is PacGAN's PacDCGAN2); the batch must be a multiple of m.
        g_stride_one_layers: stride-1 transposed convolutions in G before
            the strided ones (1 at 28x28: the TensorFlow DCGAN tutorial's
            wider generator, 7x7x256 -> 128 -> 64 -> 1).
        **kwargs: other `ganzoo.GAN` arguments: `loss` (a pair of
            `ganzoo.losses.list_losses()`; the paper's `non_saturating`),
            `d_steps`, `penalty`, `penalty_weight`, `clip_value`,
            `latent_distribution`, `seed`.

    Returns:
        A `ganzoo.GAN`; `compile()` defaults to Adam(2e-4, beta_1=0.5).

    Example:

    ```python
    gan = ganzoo.build("dcgan", image_shape=(64, 64, 3))
    hinge_r1 = ganzoo.build("dcgan", loss="hinge", penalty="r1", penalty_weight=1.0)
    pacdcgan2 = ganzoo.build("dcgan", image_shape=(28, 28, 3), pack=2)
    ```
    """
    generator, discriminator = build_dcgan_nets(
        image_shape,
        latent_dim,
        base_filters,
        kernel_size,
        batch_norm=batch_norm,
        spectral_norm=spectral_norm,
        hidden_units=hidden_units,
        pack=pack,
        g_stride_one_layers=g_stride_one_layers,
    )
    return GAN(generator, discriminator, latent_dim, name="dcgan", **kwargs)
