"""Penalised NS-GAN (Fedus et al. 2018) on the 8-Gaussian ring: the MLP GAN
with DRAGAN's gradient penalty around the data ("NS-GAN-DRAGAN").

    python -m benchmarks.run --config=zoo_configs/vanilla_dragan_ring8.py --seeds=0 --workdir=/tmp/nsgan --plots_dir=/tmp/plots

vanilla_gp_ring8.py's setting with DRAGAN's penalty (the authors'
perturbation, 0.5 x the batch's std; see dragan_ring8.py).
Smoke run: `--config=zoo_configs/vanilla_dragan_ring8.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None, dataset="ring8"):
    vanilla = load_module(__file__, sibling="vanilla_ring8.py")
    gp = load_module(__file__, sibling="vanilla_gp_ring8.py")
    config = vanilla.get_config(arg, dataset=dataset)
    return gp.penalised(config, "dragan")
