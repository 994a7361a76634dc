"""The 2014 GAN on MNIST with its code's optimizer, noise and initialisation.

    python -m benchmarks.run --config=zoo_configs/vanilla_mnist_paper_sgd.py --seeds=0 --workdir=/tmp/vanilla_paper_sgd

`zoo_configs/vanilla_mnist.py` with what the paper's pylearn2 `mnist.yaml`
and its `AdversaryCost2` (github.com/goodfeli/adversarial) do differently:
both nets SGD at 0.1, divided by 1.000004 every step, with momentum 0.5
rising linearly to 0.7 from epoch 1 to epoch 250
(`ganzoo.nets.MomentumScheduleSGD`); D's objective is half the sum of its
real and fake cross-entropies (`d_obj = 0.5 * (...)`) where ganzoo's
`non_saturating` D loss is the sum, so D's rate here is 0.05 (with SGD and
momentum, halving the loss and halving the rate are the same update);
Gaussian noise, where the code draws U(-sqrt(3), sqrt(3)): `mnist.yaml`
sets `noise: 'uniform'` (in its first commit and at HEAD), and the code's
`Generator.get_noise` draws "uniform" with that width (ganzoo's `"uniform"`
is U[-1, 1], so the "uniform" checks below were not the code's noise either;
`vanilla_mnist_2014_code_noise.py` has it); kernels uniform in [-0.05, 0.05] (G) and [-0.005, 0.005] (D); G's
output biases the logits of the pixel means of train[:50000]; no
weight-norm limit on D (that file has none). Left out: the code updates D
and G at once from one batch, ganzoo alternates
(`vanilla_mnist_paper_sgd_simultaneous.py` adds that), and its D reads
[0, 1] pixels where ganzoo's data are [-1, 1] (`vanilla_mnist_2014_code.py`
adds both); its learning-rate floor (1e-6) is never reached here.

Why (1,500-step checks, seed 0, 2026-12-06, one thread of the 2-core Xeon
beside two other runs):
as first transcribed (D at 0.1, uniform noise) it diverged at step 260
(`d_loss=nan`, 2026-12-02); Gaussian noise with D at 0.1 diverged at step
321; uniform noise with D at 0.05 at step 472; both together ran 1,500
steps with D and G in balance (from step 600: d_loss 0.49-1.04, g_loss
2.00-2.66; digits in the grid), where `vanilla_mnist.py` lets D win (d_loss 0.002, g_loss 14 by
step 48,000).

Full length (50,000 steps, 2026-12-06, one thread, 2,683 s): seed 0 scored
151.9 +- 1.3 nats (sigma 0.215; `vanilla_mnist.py`: -276.7), D and G still
in balance at the end (d_loss 1.34, g_loss 0.85); seed 1 diverged at step
517 (`d_loss=nan`; its last log, step 500: d_loss 1.01, g_loss 1.49). A
fresh `ganzoo.train` rerun of seed 1 had D's weights at |w| < 0.16 at step
500 and, resumed from there, passed step 560 without a NaN: not a
deterministic blow-up. Seed 2 scored 149.8 +- 1.3 (2,726 s). The goal is
225.
Smoke run: `--config=zoo_configs/vanilla_mnist_paper_sgd.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module

STEPS_PER_EPOCH = 50_000 // 100


def paper_sgd(initial_learning_rate=0.1):
    """A fresh copy of the paper's optimizer identifier (one per network).

    Args:
        initial_learning_rate: `mnist.yaml`'s 0.1; D's is halved (above).
    """
    return {
        "class_name": "ganzoo>MomentumScheduleSGD",
        "config": {
            "learning_rate": {
                "module": "keras.optimizers.schedules",
                "class_name": "ExponentialDecay",
                "config": {
                    "initial_learning_rate": initial_learning_rate,
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
    kwargs.latent_distribution = "normal"
    # Half of 0.1: the 2014 D objective is half of ganzoo's sum.
    config.optimizer.d = paper_sgd(initial_learning_rate=0.05)
    config.optimizer.g = paper_sgd()
    return config
