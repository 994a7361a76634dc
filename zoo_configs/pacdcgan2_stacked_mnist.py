"""PacDCGAN2 (Lin et al. 2018) on Stacked MNIST: DCGAN with D judging 2 images.

    python -m benchmarks.run --config=zoo_configs/pacdcgan2_stacked_mnist.py --seeds=0 --workdir=/tmp/stacked --plots_dir=/tmp/plots

dcgan_stacked_mnist.py's setting with `pack=2`: 64 packs, i.e. 128 images,
a step. Paper (Table 2): 1000.0 +- 0.0 modes, KL 0.06 +- 0.003.
Smoke run: `--config=zoo_configs/pacdcgan2_stacked_mnist.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    dcgan = load_module(__file__, sibling="dcgan_stacked_mnist.py")
    return dcgan.get_config(arg, pack=2)
