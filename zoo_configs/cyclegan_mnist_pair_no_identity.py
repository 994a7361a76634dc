"""CycleGAN on the synthetic MNIST pair without the identity loss (ablation).

    python -m benchmarks.run --config=zoo_configs/cyclegan_mnist_pair_no_identity.py --seeds=0 --workdir=/tmp/cg

Smoke run (tiny networks, 20 steps): `--config=zoo_configs/cyclegan_mnist_pair_no_identity.py:smoke`.

`zoo_configs/cyclegan_mnist_pair.py` with `identity_weight=0`: only the
adversarial and cycle terms (the paper's default for tasks other than
painting -> photo, Zhu et al., ICCV 2017, section 5.2), so the results table
shows what the identity term does to label keeping, MAE and domain FID.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    config = load_module(__file__, "cyclegan_mnist_pair.py").get_config(arg)
    config.model.kwargs.identity_weight = 0.0
    return config
