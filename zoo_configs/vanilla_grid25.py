"""The MLP GAN on the 25-Gaussian grid (the VEEGAN/PacGAN mode-collapse test).

    python -m ganzoo.train --config=zoo_configs/vanilla_grid25.py --workdir=/tmp/vanilla_grid25

Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/vanilla_grid25.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.
"""  # noqa: E501

from zoo_configs import vanilla_ring8


def get_config(arg=None):
    # The ring's settings: the two mixtures are one benchmark (PacGAN).
    return vanilla_ring8.get_config(arg, dataset="grid25")
