"""PacGAN1 (Lin et al. 2018) on the 8-Gaussian ring: the GAN row, no packing.

    python -m benchmarks.run --config=zoo_configs/pacgan1_ring8.py --seeds=0 --workdir=/tmp/pacgan --plots_dir=/tmp/plots

PacGAN's networks, optimizer and steps (see pacgan2_ring8.py) with
`pack=1`, a batch of 100 samples (100 packs).
Paper (Table 1, 10 trials): 6.3 +- 0.5 modes, 98.2 +- 0.2% high quality.
Smoke run: `--config=zoo_configs/pacgan1_ring8.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None, dataset="ring8"):
    pacgan2 = load_module(__file__, sibling="pacgan2_ring8.py")
    return pacgan2.get_config(arg, dataset=dataset, pack=1)
