"""Penalised NS-GAN (Fedus et al. 2018) on the 8-Gaussian ring: DCGAN's
point networks (the WGAN-GP toy MLPs) with the WGAN-GP penalty.

    python -m benchmarks.run --config=zoo_configs/dcgan_gp_ring8.py --seeds=0 --workdir=/tmp/nsgan --plots_dir=/tmp/plots

The non-saturating loss and DCGAN's Adam(2e-4, 0.5) (the entry's defaults)
on three hidden layers of 512, batch 256, 20,000 steps (the mixtures'
defaults); lambda 10 on real-fake interpolates ("NS-GAN-GP"); see
vanilla_gp_ring8.py. Smoke run: `--config=zoo_configs/dcgan_gp_ring8.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module, mixture_config


def get_config(arg=None, dataset="ring8"):
    gp = load_module(__file__, sibling="vanilla_gp_ring8.py")
    return gp.penalised(mixture_config("dcgan", dataset, arg), "wgan_gp")
