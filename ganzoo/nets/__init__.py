"""Reusable generator and discriminator networks."""

from ganzoo.nets.dcgan import dcgan_discriminator, dcgan_generator, dcgan_layout
from ganzoo.nets.mlp import Maxout, mlp_discriminator, mlp_generator

__all__ = [
    "Maxout",
    "dcgan_discriminator",
    "dcgan_generator",
    "dcgan_layout",
    "mlp_discriminator",
    "mlp_generator",
]
