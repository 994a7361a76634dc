"""Penalised NS-GAN (Fedus et al. 2018) on the 8-Gaussian ring: the MLP GAN
with the WGAN-GP gradient penalty on its non-saturating loss.

    python -m benchmarks.run --config=zoo_configs/vanilla_gp_ring8.py --seeds=0 --workdir=/tmp/nsgan --plots_dir=/tmp/plots

Fedus et al., "Many Paths to Equilibrium: GANs Do Not Need to Decrease a
Divergence at Every Step" (ICLR 2018): the non-saturating GAN with a
gradient penalty, either WGAN-GP's (`penalty="wgan_gp"`, on real-fake
interpolates, lambda 10; "NS-GAN-GP") or DRAGAN's (`*_dragan_*`, around the
data; "NS-GAN-DRAGAN"). The networks and optimizer are vanilla_ring8.py's
(PacGAN-sized MLPs, Adam(1e-4, 0.5)); `dcgan_*` puts the same penalties on
the WGAN-GP toy networks. Steps: the mixtures' 20,000. Smoke run:
`--config=zoo_configs/vanilla_gp_ring8.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module

PENALTY_WEIGHT = 10.0  # lambda of Fedus et al. (and of WGAN-GP and DRAGAN).


def penalised(config, penalty):
    """`config` with `penalty` (a name or identifier) at weight lambda = 10."""
    config.model.kwargs.penalty = penalty
    config.model.kwargs.penalty_weight = PENALTY_WEIGHT
    return config


def get_config(arg=None, dataset="ring8"):
    vanilla = load_module(__file__, sibling="vanilla_ring8.py")
    return penalised(vanilla.get_config(arg, dataset=dataset), "wgan_gp")
