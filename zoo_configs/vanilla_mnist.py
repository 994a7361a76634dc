"""The original MLP GAN on MNIST (Goodfellow et al. 2014).

    python -m ganzoo.train --config=zoo_configs/vanilla_mnist.py --workdir=/tmp/vanilla_mnist

Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/vanilla_mnist.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.

Benchmark (`config.eval`, run by `benchmarks/run.py`): the Parzen window
log-likelihood of 10,000 samples on the MNIST test set, the bandwidth chosen
on the validation digits (Goodfellow et al. 2014, Table 1: 225 +- 2).
"""  # noqa: E501

from ganzoo.training.config import base_config


def get_config(arg=None):
    return base_config(
        "vanilla",
        "mnist",
        arg,
        # The paper's networks: ReLU 1200-1200 generator, maxout 240-240
        # (5 pieces) discriminator, 100-d uniform noise; optimizers default
        # to the entry's SGD with momentum.
        model_kwargs=dict(
            latent_dim=100,
            g_hidden_units=(1200, 1200),
            d_hidden_units=(240, 240),
            pieces=5,
        ),
        smoke_model_kwargs=dict(
            latent_dim=16, g_hidden_units=(32,), d_hidden_units=(16,), pieces=2
        ),
        # About 83 passes over the 60k training digits at batch 100.
        steps=50_000,
        batch_size=100,
        log_every=500,
        checkpoint_every=5_000,
        sample_every=5_000,
        evaluation=dict(evaluator="evaluate", metrics=["parzen"], num_samples=10_000),
    )
