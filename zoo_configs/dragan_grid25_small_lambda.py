"""DRAGAN on the 25-Gaussian grid with WGAN-GP's toy penalty weight, lambda = 0.1.

    python -m benchmarks.run --config=zoo_configs/dragan_grid25_small_lambda.py --seeds=0 --workdir=/tmp/dragan_small_lambda

The ring's settings (`dragan_ring8_small_lambda.py`) on the grid. Smoke run:
`--config=zoo_configs/dragan_grid25_small_lambda.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    ring8 = load_module(__file__, sibling="dragan_ring8_small_lambda.py")
    return ring8.get_config(arg, dataset="grid25")
