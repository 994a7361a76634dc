"""The MLP GAN on the 25-Gaussian grid (the VEEGAN/PacGAN mode-collapse test).

    python -m ganzoo.train --config=zoo_configs/vanilla_grid25.py --workdir=/tmp/vanilla_grid25

Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/vanilla_grid25.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    # The ring's settings: the two mixtures are one benchmark (PacGAN).
    ring8 = load_module(__file__, sibling="vanilla_ring8.py")
    return ring8.get_config(arg, dataset="grid25")
