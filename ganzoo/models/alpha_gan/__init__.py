"""`alpha_gan`: alpha-GAN, an auto-encoding GAN (Rosca et al. 2017).

One folder for the entry: `builder` (registration and paper defaults),
`model` (the four-player game on the engine's k-step loop), `nets` (the
encoders and the code discriminator) and `losses` (its pure loss
functions). It exports like every unconditional entry (the generator).
"""

from ganzoo.models.alpha_gan.builder import build_alpha_gan
from ganzoo.models.alpha_gan.model import AlphaGAN

__all__ = ["AlphaGAN", "build_alpha_gan"]
