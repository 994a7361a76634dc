"""`sgan`: semi-supervised GAN with a K+1-class discriminator (Salimans et al.
2016; Odena 2016).

One folder for the entry: `model` (the game, feature matching, the
registration) and `nets` (the semi-supervised discriminators).
"""

from ganzoo.models.sgan import evaluation  # noqa: F401  (registers its evaluator)
from ganzoo.models.sgan.model import SGAN, build_sgan, classifier_error

__all__ = ["SGAN", "build_sgan", "classifier_error"]
