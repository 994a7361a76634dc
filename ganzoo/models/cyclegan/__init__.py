"""`cyclegan`: unpaired image-to-image translation (Zhu et al. 2017).

One folder for the entry: `builder` (the registration and its paper
defaults), `model` (the game of two generators with cycle and identity
losses, a sibling of `ganzoo.GAN`), `nets` (ResNet generators, PatchGAN
discriminators), `image_pool` (the 50-image history buffer) and `schedules`
(the linear learning-rate decay).
"""

from ganzoo.models.cyclegan import evaluation  # noqa: F401  (registers its evaluator)
from ganzoo.models.cyclegan.builder import build_cyclegan
from ganzoo.models.cyclegan.model import CycleGAN
from ganzoo.models.cyclegan.schedules import LinearDecay

__all__ = ["CycleGAN", "LinearDecay", "build_cyclegan"]
