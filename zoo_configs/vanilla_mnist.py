"""The original MLP GAN on MNIST (Goodfellow et al. 2014).

    python -m ganzoo.train --config=zoo_configs/vanilla_mnist.py --workdir=/tmp/vanilla_mnist

Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/vanilla_mnist.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.

The paper's setup (its pylearn2 `mnist.yaml`, github.com/goodfeli/adversarial):
G 100 -> 1200 -> 1200 ReLU -> 784 sigmoid (pixels in [0, 1], rescaled here
to ganzoo's [-1, 1]), kernels uniform in [-0.05, 0.05], output biases the
logits of the training digits' pixel means; D maxout 240 x 5 pieces, two
layers, kernels uniform in [-0.005, 0.005], dropout 0.2 on the input and 0.5
on the hidden layers (no weight-norm limit in that file); minibatches of 100
from train[:50000], so that the Parzen validation split train[50000:60000]
is held out; both nets SGD at 0.1, divided by 1.000004 every step, with
momentum 0.5 rising linearly to 0.7 from epoch 1 to epoch 250
(`ganzoo.nets.MomentumScheduleSGD`). Left out: the paper's noise is uniform
in [-sqrt(3), sqrt(3)], ganzoo's in [-1, 1]; its learning-rate floor (1e-6)
is never reached here (0.1 / 1.000004^50000 = 0.082).

Benchmark (`config.eval`, run by `benchmarks/run.py`): the Parzen window
log-likelihood of the 10,000 test images under 10,000 samples, sigma from
`logspace(-1, 0, 10)` chosen on train[50000:60000], on [0, 1] pixels as in
the paper, with its standard error (Goodfellow et al. 2014, Table 1:
225 +- 2; `ganzoo.metrics.parzen.PROTOCOL`).
"""  # noqa: E501

from ganzoo.training.config import base_config

STEPS_PER_EPOCH = 50_000 // 100


def paper_sgd():
    """A fresh copy of the paper's optimizer identifier (one per network)."""
    return {
        "class_name": "ganzoo>MomentumScheduleSGD",
        "config": {
            "learning_rate": {
                "module": "keras.optimizers.schedules",
                "class_name": "ExponentialDecay",
                "config": {
                    "initial_learning_rate": 0.1,
                    "decay_steps": 1,
                    "decay_rate": 1 / 1.000004,
                },
            },
            "momentum": 0.5,
            "final_momentum": 0.7,
            "start": 1 * STEPS_PER_EPOCH,
            "saturate": 250 * STEPS_PER_EPOCH,
        },
    }


def get_config(arg=None):
    return base_config(
        "vanilla",
        "mnist",
        arg,
        model_kwargs=dict(
            latent_dim=100,
            g_hidden_units=(1200, 1200),
            d_hidden_units=(240, 240),
            pieces=5,
            input_dropout=0.2,
            hidden_dropout=0.5,
            output_activation="sigmoid",
            g_init_range=0.05,
            d_init_range=0.005,
            g_output_bias_from=("mnist", 50_000),
        ),
        smoke_model_kwargs=dict(
            latent_dim=16,
            g_hidden_units=(32,),
            d_hidden_units=(16,),
            pieces=2,
            g_output_bias_from=None,
        ),
        d_optimizer=paper_sgd(),
        g_optimizer=paper_sgd(),
        # The paper's training digits; the rest is the Parzen validation set.
        data_kwargs=dict(take=50_000),
        # 100 passes over the 50,000 digits at batch 100: about 25 minutes a
        # seed here (35 steps/s with XLA and the CPU to itself, 2026-12-02).
        # Runs before the paper's optimizer and initialisation (SGD 0.01,
        # momentum 0.5, Glorot): -279.6 nats (seed 0; -317.4 at 20,000 steps
        # with a 1.9365 weight-norm limit on D): D won, G collapsed.
        steps=50_000,
        batch_size=100,
        log_every=500,
        checkpoint_every=5_000,
        sample_every=5_000,
        evaluation=dict(evaluator="parzen", num_samples=10_000),
    )
