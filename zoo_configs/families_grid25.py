"""The four families of objectives on the 25-Gaussian grid, one generator for all.

    python -m benchmarks.run --config=zoo_configs/families_grid25.py:gmmn --seeds=0,1,2 --workdir=/tmp/families

`families_ring8.py`'s objectives, networks, optimizers, steps and bandwidth
rule (the GMMN's kernels from the median pairwise distance of grid25's
points, 4.57); only the dataset differs. `:<objective>,smoke` is a
seconds-long run.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    ring8 = load_module(__file__, sibling="families_ring8.py")
    return ring8.get_config(arg, dataset="grid25")
