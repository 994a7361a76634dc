"""DCGAN on MNIST with generator weight averaging (Yazici et al. 2019).

    python -m ganzoo.train --config=zoo_configs/dcgan_mnist_ema.py --workdir=/tmp/dcgan_mnist_ema

Smoke run: `--config=zoo_configs/dcgan_mnist_ema.py:smoke`.

`zoo_configs/dcgan_mnist.py` with an exponential moving average of G's
weights (decay 0.999, the paper's), which `generate`, the benchmark and the
export use: Yazici et al., "The Unusual Effectiveness of Averaging in GAN
Training", ICLR 2019. `benchmarks.run` also scores each run's trained,
unaveraged generator (rows `dcgan_mnist_ema (raw generator)`): the average
never feeds back into the game, so those are the run without averaging,
same seed, evaluator and sample draw, a paired comparison.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    config = load_module(__file__, "dcgan_mnist.py").get_config(arg)
    config.model.kwargs.g_ema_decay = 0.999
    return config
