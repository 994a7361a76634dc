"""`cyclegan`: unpaired image-to-image translation (Zhu et al. 2017).

One folder for the entry: `model` (the game of two generators with cycle
and identity losses, the registration), `nets` (ResNet generators, PatchGAN
discriminators) and `image_pool` (the 50-image history buffer).
"""

from ganzoo.models.cyclegan import evaluation  # noqa: F401  (registers its evaluator)
from ganzoo.models.cyclegan.model import CycleGAN, LinearDecay, build_cyclegan

__all__ = ["CycleGAN", "LinearDecay", "build_cyclegan"]
