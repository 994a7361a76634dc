"""DCGAN on MNIST with the TensorFlow tutorial's wider generator (issue 40).

    python -m benchmarks.run --config=zoo_configs/dcgan_mnist_wide.py --seeds=0 --workdir=/tmp/dcgan_wide

Smoke run: `--config=zoo_configs/dcgan_mnist_wide.py:smoke`.

`dcgan_mnist_ema.py` (generator average, decay 0.999) with one change, the
generator: a 7x7x256 projection, a stride-1 transposed convolution to 128,
then 64 and 1 at stride 2 (`g_stride_one_layers=1`), as the TensorFlow
DCGAN tutorial's, which the zoo's 7x7x128 -> 64 -> 1 is narrower and
shallower than. Kept from ganzoo's DCGAN where the tutorial differs: ReLU in
G (the tutorial: LeakyReLU; the DCGAN paper: ReLU), ganzoo's D (batch norm,
64-128 filters; the tutorial's D has dropout and no batch norm), Adam(2e-4,
0.5) at batch 64 (the tutorial: Adam(1e-4) at 256). The question it
answers: is the unconditional generator's precision of ~0.6 (against 0.8
for the label-conditional entries on the same stacks) a matter of G's
capacity? 30,000 steps, as the shipped `dcgan_mnist` preset.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    config = load_module(__file__, "dcgan_mnist_ema.py").get_config(arg)
    config.model.kwargs.g_stride_one_layers = 1
    if arg != "smoke":
        config.train.steps = 30_000
    return config
