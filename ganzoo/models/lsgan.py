"""`lsgan`: least-squares GAN, Mao et al. (2016)."""

import keras

from ganzoo.gan import GAN
from ganzoo.models.dcgan import (
    DCGAN_SMOKE_KWARGS,
    POINT_HIDDEN_UNITS,
    build_dcgan_nets,
)
from ganzoo.objectives import losses
from ganzoo.registry import optimizer, register


@keras.saving.register_keras_serializable(package="ganzoo")
class LSGAN(GAN):
    """A GAN with the least-squares objective and an a-b-c coding.

    Args:
        generator: generator network.
        discriminator: discriminator with a linear output.
        latent_dim: noise size.
        a: target output for fake data in the discriminator loss.
        b: target output for real data.
        c: target the generator wants for fake data.
        **kwargs: `ganzoo.GAN` arguments (`d_steps`, `seed`, `name`...).

    Reference: Mao et al., "Least Squares Generative Adversarial Networks",
    ICCV 2017. `a=0, b=c=1` is the 0-1 coding; `a=-1, b=1, c=0` minimises
    the Pearson chi^2 divergence (their eq. 9).
    """

    def __init__(
        self, generator, discriminator, latent_dim, a=0.0, b=1.0, c=1.0, **kwargs
    ):
        loss = kwargs.setdefault("loss", "least_squares")
        if loss != "least_squares":
            raise ValueError(
                f"Received: `loss={loss!r}`; expected 'least_squares': LSGAN's "
                "loss is its a-b-c coding (`coding=`)."
            )
        super().__init__(generator, discriminator, latent_dim, **kwargs)
        self.a, self.b, self.c = float(a), float(b), float(c)

    def discriminator_loss(self, real_logits, fake_logits):
        return losses.least_squares_discriminator_loss(
            real_logits, fake_logits, a=self.a, b=self.b
        )

    def generator_loss(self, fake_logits):
        return losses.least_squares_generator_loss(fake_logits, c=self.c)

    def get_config(self):
        config = super().get_config()
        config.pop("loss")
        config.update(a=self.a, b=self.b, c=self.c)
        return config


@register(
    "lsgan",
    smoke_kwargs=DCGAN_SMOKE_KWARGS,
    paper="Mao et al., Least Squares Generative Adversarial Networks, ICCV 2017",
    # The paper's optimizer for its LSUN scenes.
    optimizer=optimizer("Adam", learning_rate=2e-4, beta_1=0.5),
    evaluator="domain_fid",
    dataset="mnist",
    d_steps=1,
)
def build_lsgan(
    image_shape=(28, 28, 1),
    latent_dim=100,
    base_filters=64,
    kernel_size=5,
    coding=(0.0, 1.0, 1.0),
    hidden_units=POINT_HIDDEN_UNITS,
    pack=1,
    **kwargs,
):
    """Builds an LSGAN on the DCGAN networks sized by `image_shape`.

    Args:
        image_shape: `(side, side, channels)`.
        latent_dim: noise size.
        base_filters: width of the outermost conv layers.
        kernel_size: conv kernel size.
        coding: `(a, b, c)` targets, see `LSGAN`.
        hidden_units: MLP widths for 1-D shapes such as `(2,)`.
        pack: m samples judged together by D (PacGAN, Lin et al. 2018);
            1 = no packing.
        **kwargs: other `ganzoo.GAN` arguments (`d_steps`, `seed`...); the
            loss is LSGAN's own.

    Returns:
        An `LSGAN`; `compile()` defaults to Adam(2e-4, beta_1=0.5) (the
        paper's optimizer for its LSUN scenes).

    Example:

    ```python
    gan = ganzoo.build("lsgan", coding=(-1, 1, 0))
    ```
    """
    if len(tuple(coding)) != 3:
        raise ValueError(f"Received: `coding={coding!r}`; expected (a, b, c).")
    a, b, c = coding
    generator, discriminator = build_dcgan_nets(
        image_shape,
        latent_dim,
        base_filters,
        kernel_size,
        hidden_units=hidden_units,
        pack=pack,
    )
    return LSGAN(
        generator,
        discriminator,
        latent_dim,
        a,
        b,
        c,
        name="lsgan",
        **kwargs,
    )
