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

__all__ = [
    "GAN",
    "build",
    "data",
    "export",
    "get_entry",
    "list_models",
    "load",
    "losses",
    "models",
    "nets",
    "register",
]
