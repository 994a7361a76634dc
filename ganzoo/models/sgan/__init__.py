"""`sgan`: semi-supervised GAN with a K+1-class discriminator (Salimans et al.
2016; Odena 2016).

One folder for the entry: `model` (the game), `builder` (the registration,
the architectures and Salimans et al.'s MNIST recipe as data), `nets` (the
semi-supervised networks), `weight_norm` (weight-normalised dense layers)
and `evaluation` (the benchmark and its per-epoch monitor).
"""

from ganzoo.models.sgan import evaluation  # noqa: F401  (registers its evaluator)
from ganzoo.models.sgan.builder import RECIPES, build_sgan
from ganzoo.models.sgan.evaluation import classifier_error
from ganzoo.models.sgan.model import SGAN

__all__ = ["RECIPES", "SGAN", "build_sgan", "classifier_error"]
