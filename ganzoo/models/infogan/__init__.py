"""`infogan`: InfoGAN, a GAN with interpretable codes (Chen et al. 2016).

One folder for the entry: `builder` (registration and the paper's
defaults), `model` (the game: GAN losses plus the information term, Q on
D's trunk), `nets` (the paper's MNIST networks) and `evaluation` (the
categorical code's digit-class error). Its losses are pure functions in
`ganzoo.objectives.infogan`. It samples and exports like the conditional
entries: `labels` is the categorical code.
"""

from ganzoo.models.infogan import evaluation
from ganzoo.models.infogan.builder import build_infogan
from ganzoo.models.infogan.model import InfoGAN

__all__ = ["InfoGAN", "build_infogan", "evaluation"]
