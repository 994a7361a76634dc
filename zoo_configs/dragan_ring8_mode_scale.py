"""DRAGAN on the 8-Gaussian ring with the perturbation sized to one mode.

    python -m benchmarks.run --config=zoo_configs/dragan_ring8_mode_scale.py --seeds=0 --workdir=/tmp/dragan_mode_scale

`zoo_configs/dragan_ring8.py` keeps the authors' `c = 0.5 * std` of the
batch: 0.35 on this ring, 35 times a mode's std (0.01), so the penalty asks
for a unit gradient norm over regions wider than the gaps the metric
resolves (high quality = within 3 std of a mode). Here `c` is three mode
stds (0.03 on the ring, 0.15 on the grid), as the authors' README asks
("taking into account your domain range"). Everything else, the 5,000 steps
included, is `dragan_ring8.py`'s; `dragan_grid25_mode_scale.py` changes only
the dataset. Smoke run: `--config=zoo_configs/dragan_ring8_mode_scale.py:smoke`.
"""  # noqa: E501

from ganzoo.objectives.penalties import penalty
from ganzoo.training.config import load_module

# Three of a component's stds (ganzoo.data.mixtures: 0.01 on the PacGAN ring,
# 0.05 on its grid): the radius within which a sample counts as high quality.
MODE_SCALE = {"ring8": 0.03, "grid25": 0.15}


def get_config(arg=None, dataset="ring8"):
    dragan = load_module(__file__, sibling="dragan_ring8.py")
    config = dragan.get_config(arg, dataset=dataset)
    config.model.kwargs.penalty = penalty("dragan", scale=MODE_SCALE[dataset])
    return config
