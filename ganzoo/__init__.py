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

from ganzoo import data, losses, models, nets
from ganzoo.export import export, load
from ganzoo.gan import GAN
from ganzoo.registry import build, get_entry, list_models, register

__version__ = "0.1.0"


def __getattr__(name):
    # `ganzoo.metrics` pulls in SciPy and the classifiers; import it on first
    # use so that `import ganzoo` stays light.
    if name == "metrics":
        import importlib

        return importlib.import_module("ganzoo.metrics")
    raise AttributeError(f"module 'ganzoo' has no attribute {name!r}")


__all__ = [
    "GAN",
    "build",
    "data",
    "export",
    "get_entry",
    "list_models",
    "load",
    "losses",
    "metrics",
    "models",
    "nets",
    "register",
]
