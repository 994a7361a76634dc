"""Reusable generator and discriminator networks."""

from ganzoo.nets.batching import call_in_batches
from ganzoo.nets.dcgan import dcgan_discriminator, dcgan_generator, dcgan_layout
from ganzoo.nets.mlp import (
    Maxout,
    mlp_discriminator,
    mlp_generator,
    pacgan_discriminator,
    pacgan_generator,
)
from ganzoo.nets.optimizers import MomentumScheduleSGD, RootEpsilonAdam

__all__ = [
    "Maxout",
    "MomentumScheduleSGD",
    "RootEpsilonAdam",
    "call_in_batches",
    "dcgan_discriminator",
    "dcgan_generator",
    "dcgan_layout",
    "mlp_discriminator",
    "mlp_generator",
    "pacgan_discriminator",
    "pacgan_generator",
]
