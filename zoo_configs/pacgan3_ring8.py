"""PacGAN3 (Lin et al. 2018) on the 8-Gaussian ring.

    python -m benchmarks.run --config=zoo_configs/pacgan3_ring8.py --seeds=0 --workdir=/tmp/pacgan --plots_dir=/tmp/plots

PacGAN's networks, optimizer and steps (see pacgan2_ring8.py) with
`pack=3`, a batch of 300 samples (100 packs).
Paper (Table 1, 10 trials): 7.8 +- 0.1 modes, 97.7 +- 0.3% high quality.
Smoke run: `--config=zoo_configs/pacgan3_ring8.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None, dataset="ring8"):
    pacgan2 = load_module(__file__, sibling="pacgan2_ring8.py")
    return pacgan2.get_config(arg, dataset=dataset, pack=3)
