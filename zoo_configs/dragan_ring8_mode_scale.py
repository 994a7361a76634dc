"""DRAGAN on the 8-Gaussian ring with the perturbation sized to one mode.

    python -m benchmarks.run --config=zoo_configs/dragan_ring8_mode_scale.py --seeds=0 --workdir=/tmp/dragan_mode_scale

`zoo_configs/dragan_ring8.py` keeps the authors' `c = 0.5 * std` of the
batch: 0.35 on this ring, 35 times a mode's std (0.01), so the penalty asks
for a unit gradient norm over regions wider than the gaps the metric
resolves (high quality = within 0.03 of a mode). Here `c = 0.03`, three mode
stds, as the authors' README asks ("taking into account your domain
range"). Everything else is the same.
Smoke run: `--config=zoo_configs/dragan_ring8_mode_scale.py:smoke`.
"""  # noqa: E501

from ganzoo.objectives.penalties import penalty
from ganzoo.training.config import mixture_config

MODE_STD = 0.01  # ganzoo.data.get_dataset("ring8"): the PacGAN ring.


def get_config(arg=None):
    config = mixture_config("dragan", "ring8", arg)  # As dragan_ring8.py.
    config.model.kwargs.penalty = penalty("dragan", scale=3 * MODE_STD)
    return config
