"""`stackgan`: StackGAN, text-to-image in two stages (Zhang et al. 2017).

One folder for the entry: `builder` (registration and paper defaults),
`model` (the game), `nets` and `stages` (networks), `losses`, `text` (text
encoder), `evaluation` (attribute accuracy) and `export` (string-input
SavedModel signatures).
"""

from ganzoo.models.stackgan import evaluation  # noqa: F401  (registers its evaluator)
from ganzoo.models.stackgan.builder import build_stackgan  # noqa: F401  (registers)
from ganzoo.models.stackgan.model import StackGAN

__all__ = ["StackGAN", "build_stackgan"]
