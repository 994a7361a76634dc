"""`gmmn`, `gmmn_ae`: generative moment matching networks (Li et al. 2015).

One folder for the entries: `builder` (the registrations, the paper's
optimizers and run lengths as data) and `model` (`GMMN`, a generator trained
by the MMD, a sibling of `ganzoo.GAN` without a discriminator; with an
autoencoder it is GMMN+AE). The objective itself is
`ganzoo.objectives.mmd`.
"""

from ganzoo.models.gmmn.builder import build_gmmn, build_gmmn_ae
from ganzoo.models.gmmn.model import GMMN

__all__ = ["GMMN", "build_gmmn", "build_gmmn_ae"]
