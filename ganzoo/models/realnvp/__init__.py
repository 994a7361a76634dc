"""`realnvp`: a Real NVP flow trained by likelihood, by WGAN-GP or by both.

One folder for the entry: `builder` (the registration and its defaults) and
`model` (`RealNVP`, a sibling of `ganzoo.GAN` on the engine's base, with an
exact `log_prob`). The flow's layers are `ganzoo.nets.flows`; its
evaluators (`bits_per_dim`, `latent_gaussianity`) are in
`ganzoo.metrics.likelihood`.
"""

from ganzoo.models.realnvp.builder import build_realnvp
from ganzoo.models.realnvp.model import OBJECTIVES, RealNVP

__all__ = ["OBJECTIVES", "RealNVP", "build_realnvp"]
