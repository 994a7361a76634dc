"""The 2014 GAN on MNIST with its code's recipe and its simultaneous update.

    python -m benchmarks.run --config=zoo_configs/vanilla_mnist_paper_sgd_simultaneous.py --seeds=0 --workdir=/tmp/vanilla_simultaneous

`zoo_configs/vanilla_mnist_paper_sgd.py` with one of the two differences
from the 2014 code (github.com/goodfeli/adversarial, `AdversaryCost2`) that
it left out (the other, D's [0, 1] pixels: `vanilla_mnist_2014_code.py`):
that code takes D's and G's gradients from the same forward pass, at
the same weights, and applies them together, where Algorithm 1 (and
ganzoo's default) steps G on the D that has just been updated
(`simultaneous_updates=True`; `ganzoo.GAN`). In ganzoo D's and G's
objectives draw their own noise; the code shares one batch of samples.

Result (seed 0, 50,000 steps, 2026-12-06): diverged at step 1,050
(`d_loss=nan`; D and G in balance at step 1,000: d_loss 0.99, g_loss
1.98). Why, and what kept the recipe stable: `vanilla_mnist_2014_code.py`.

Smoke run: `--config=zoo_configs/vanilla_mnist_paper_sgd_simultaneous.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    config = load_module(__file__, "vanilla_mnist_paper_sgd.py").get_config(arg)
    config.model.kwargs.simultaneous_updates = True
    return config
