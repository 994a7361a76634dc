"""`pacgan`: the packed GAN on PacGAN's 2D networks, Lin et al. (2018).

    python -m benchmarks.run --config=zoo_configs/pacgan2_ring8.py --seeds=0 --workdir=/tmp/pacgan

Packing is an argument of every unconditional entry (`pack=m`, e.g.
`ganzoo.build("dcgan", pack=2)` is PacDCGAN2); this entry is the setting of
PacGAN's mixture experiments, with its networks and optimizer as defaults.
"""  # noqa: E501

from ganzoo import nets
from ganzoo.gan import GAN
from ganzoo.nets.packing import packed_discriminator
from ganzoo.registry import optimizer, register

PACGAN_PAPER = (
    "Lin, Khetan, Fanti & Oh, PacGAN: The power of two samples in generative "
    "adversarial networks, NeurIPS 2018"
)


@register(
    "pacgan",
    smoke_kwargs=dict(
        image_shape=(2,),
        latent_dim=2,
        g_hidden_units=(16,),
        d_hidden_units=(8,),
        pieces=2,
    ),
    paper=PACGAN_PAPER,
    # The reference code's Adam (synthetic_data_experiments/*/config.py).
    optimizer=optimizer("Adam", learning_rate=1e-4, beta_1=0.8),
    evaluator="mode_coverage",
    dataset="ring8",
    loss="non_saturating",
    d_steps=1,
)
def build_pacgan(
    image_shape=(2,),
    latent_dim=2,
    g_hidden_units=(400, 400, 400, 400),
    d_hidden_units=(200, 200, 200),
    pieces=5,
    pack=2,
    **kwargs,
):
    """Builds PacGAN-m: a GAN whose discriminator judges m samples at once.

    The generator maps 2-d N(0, 1) noise through four layers of 400 units
    (linear, batch norm, ReLU); the discriminator is three maxout layers of
    200 units with 5 pieces on the m samples concatenated (real with real,
    fake with fake), one logit per pack; weights N(0, 0.02), biases 0
    (`ganzoo.nets.pacgan_generator`, `pacgan_discriminator`). With `pack=1`
    it is the "GAN" row of the paper's Table 1 on the same networks.

    A batch of `B` samples gives `B / m` packs: PacGAN draws 100 packs per
    step, so its configs use batches of `100 * m` samples.

    Args:
        image_shape: shape of one sample (the mixtures: `(2,)`).
        latent_dim: noise size (the paper: 2).
        g_hidden_units: generator widths (the paper: 400 x 4).
        d_hidden_units: discriminator maxout widths (the paper: 200 x 3).
        pieces: linear pieces per maxout unit (the paper: 5).
        pack: m, the samples per pack (the paper: 2, 3, 4; 1 = no packing).
        **kwargs: other `ganzoo.GAN` arguments; the paper's `loss`
            (`non_saturating`) and `d_steps` (1) are the registration's
            defaults (`ganzoo.describe("pacgan")`).

    Returns:
        A `ganzoo.GAN`; `compile()` defaults to Adam(1e-4, beta_1=0.8).

    Example:

    ```python
    pac4 = ganzoo.build("pacgan", pack=4)
    pac4.compile()
    pac4.fit(ganzoo.data.load("grid25", batch_size=400, repeat=True), steps_per_epoch=100)
    ```

    Reference: Lin et al., "PacGAN: The power of two samples in generative
    adversarial networks", NeurIPS 2018, section 5.1 and Table 1.
    """  # noqa: E501
    image_shape = tuple(image_shape)
    if not image_shape or min(image_shape) < 1:
        raise ValueError(
            f"Received: `image_shape={image_shape}`; expected a non-empty "
            "shape of positive sizes, e.g. (2,)."
        )
    generator = nets.pacgan_generator(image_shape, latent_dim, g_hidden_units)
    discriminator = packed_discriminator(
        lambda shape: nets.pacgan_discriminator(shape, d_hidden_units, pieces),
        image_shape,
        pack,
    )
    return GAN(generator, discriminator, latent_dim, name="pacgan", **kwargs)
