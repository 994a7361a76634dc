"""`dragan`: the DRAGAN penalty around the data, Kodali et al. (2017)."""

import keras

from ganzoo.gan import GAN
from ganzoo.models.dcgan import (
    DCGAN_SMOKE_KWARGS,
    POINT_HIDDEN_UNITS,
    build_dcgan_nets,
)
from ganzoo.registry import register


@keras.saving.register_keras_serializable(package="ganzoo")
class DRAGAN(GAN):
    """A standard GAN with a gradient penalty on points near the real data.

    Uses Adam(1e-4, beta_1=0.5, beta_2=0.9), the setting of the authors'
    code (github.com/kodalinaveen3/DRAGAN).

    Reference: Kodali et al., "On Convergence and Stability of GANs",
    arXiv:1705.07215, 2017.
    """

    def default_optimizers(self):
        return (
            keras.optimizers.Adam(1e-4, beta_1=0.5, beta_2=0.9),
            keras.optimizers.Adam(1e-4, beta_1=0.5, beta_2=0.9),
        )


@register(
    "dragan",
    smoke_kwargs=DCGAN_SMOKE_KWARGS,
    paper="Kodali et al., On Convergence and Stability of GANs, arXiv:1705.07215",
)
def build_dragan(
    image_shape=(28, 28, 1),
    latent_dim=100,
    base_filters=64,
    kernel_size=5,
    hidden_units=POINT_HIDDEN_UNITS,
    loss="non_saturating",
    penalty="dragan",
    penalty_weight=10.0,
    **kwargs,
):
    """Builds a DRAGAN on the DCGAN networks, without batch norm in the critic.

    The penalty is per example; batch norm would couple the examples, as for
    WGAN-GP.

    Args:
        image_shape: `(side, side, channels)`, or `(2,)` for MLPs on points.
        latent_dim: noise size.
        base_filters: width of the outermost conv layers.
        kernel_size: conv kernel size.
        hidden_units: MLP widths for 1-D shapes.
        loss: loss pair name; the paper's `non_saturating`.
        penalty: penalty name; the paper's `dragan`.
        penalty_weight: lambda (the paper: 10).
        **kwargs: other `ganzoo.GAN` arguments (`d_steps`, `seed`...).

    Returns:
        A `DRAGAN`; `compile()` defaults to Adam(1e-4, beta_1=0.5, beta_2=0.9).

    Example:

    ```python
    gan = ganzoo.build("dragan", image_shape=(32, 32, 3))
    ```
    """
    generator, discriminator = build_dcgan_nets(
        image_shape,
        latent_dim,
        base_filters,
        kernel_size,
        batch_norm=False,
        hidden_units=hidden_units,
    )
    return DRAGAN(
        generator,
        discriminator,
        latent_dim,
        loss=loss,
        penalty=penalty,
        penalty_weight=penalty_weight,
        name="dragan",
        **kwargs,
    )
