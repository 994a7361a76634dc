"""DRAGAN on the 25-Gaussian grid with the perturbation sized to one mode.

    python -m benchmarks.run --config=zoo_configs/dragan_grid25_mode_scale.py --seeds=0 --workdir=/tmp/dragan_mode_scale

The ring's settings (`dragan_ring8_mode_scale.py`) on the grid: `c` = three
of the grid's mode stds (0.15). Smoke run:
`--config=zoo_configs/dragan_grid25_mode_scale.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    ring8 = load_module(__file__, sibling="dragan_ring8_mode_scale.py")
    return ring8.get_config(arg, dataset="grid25")
