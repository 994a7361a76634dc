"""The 2014 GAN on MNIST with its code's optimizer and initialisation.

    python -m benchmarks.run --config=zoo_configs/vanilla_mnist_paper_sgd.py --seeds=0 --workdir=/tmp/vanilla_paper_sgd

`zoo_configs/vanilla_mnist.py` with what the paper's pylearn2 `mnist.yaml`
(github.com/goodfeli/adversarial) does differently: both nets SGD at 0.1,
divided by 1.000004 every step, with momentum 0.5 rising linearly to 0.7
from epoch 1 to epoch 250 (`ganzoo.nets.MomentumScheduleSGD`); kernels
uniform in [-0.05, 0.05] (G) and [-0.005, 0.005] (D); G's output biases the
logits of the pixel means of train[:50000]; no weight-norm limit on D (that
file has none). Left out: its noise is uniform in [-sqrt(3), sqrt(3)],
ganzoo's in [-1, 1]; its learning-rate floor (1e-6) is never reached here.

Measured (seed 0, 2026-12-02, 2-core AMD EPYC without AVX-512, XLA, one
thread): diverged at step 260 (`d_loss=nan`), so the recipe as transcribed
is not yet the paper's training; one suspect is the scale of the losses the
0.1 multiplies (pylearn2's `AdversaryCost2` against ganzoo's
`non_saturating` sum of the real and fake terms). Not a default for that
reason. Smoke run: `--config=zoo_configs/vanilla_mnist_paper_sgd.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module

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
    config = load_module(__file__, sibling="vanilla_mnist.py").get_config(arg)
    kwargs = config.model.kwargs
    kwargs.d_max_norm = None
    kwargs.g_init_range = 0.05
    kwargs.d_init_range = 0.005
    # A smoke run does not read MNIST's pixel means.
    kwargs.g_output_bias_from = None if arg == "smoke" else ("mnist", 50_000)
    config.optimizer.d = paper_sgd()
    config.optimizer.g = paper_sgd()
    return config
