"""ganzoo: a model zoo of Generative Adversarial Networks for Keras 3.

Example:

```python
import ganzoo

gan = ganzoo.build("dcgan")
gan.compile()
gan.fit(ganzoo.data.load("mnist", split="train", batch_size=64), epochs=1)
images = gan.generate(16, seed=0)
```
"""

# First: in a ganzoo binary, TensorFlow then starts without its notices.
from ganzoo import _startup  # noqa: F401

# isort: split
from ganzoo import data, models, nets
from ganzoo.gan import GAN
from ganzoo.objectives import losses
from ganzoo.registry import build, describe, get_entry, list_models, register
from ganzoo.serving.export import export, load
from ganzoo.serving.presets import list_presets

__version__ = "0.1.0"


# Heavier layers load on first use, so that `import ganzoo` stays light
# (`metrics` pulls in SciPy and the classifiers); `penalties` and
# `scoring_rules` keep their old top-level names.
_LAZY = {
    "metrics": "ganzoo.metrics",
    "objectives": "ganzoo.objectives",
    "penalties": "ganzoo.objectives.penalties",
    "scoring_rules": "ganzoo.objectives.scoring_rules",
    "serving": "ganzoo.serving",
    "training": "ganzoo.training",
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return importlib.import_module(_LAZY[name])
    raise AttributeError(f"module 'ganzoo' has no attribute {name!r}")


__all__ = [
    "GAN",
    "build",
    "data",
    "describe",
    "export",
    "get_entry",
    "list_models",
    "list_presets",
    "load",
    "losses",
    "metrics",
    "models",
    "nets",
    "objectives",
    "register",
    "serving",
    "training",
]
