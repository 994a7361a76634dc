"""Real NVP on MNIST trained by likelihood, by WGAN-GP or by both.

    python -m ganzoo.train --config=zoo_configs/realnvp_mnist.py --workdir=/tmp/realnvp_mnist
    python -m ganzoo.train --config=zoo_configs/realnvp_mnist.py:wgan_gp --workdir=/tmp/realnvp_mnist_wgan_gp
    python -m ganzoo.train --config=zoo_configs/realnvp_mnist.py:hybrid --workdir=/tmp/realnvp_mnist_hybrid

The config argument picks the objective (`mle`, the default; `wgan_gp`;
`hybrid`), and `smoke` a tiny run, joined by a comma: `:hybrid,smoke`. The
three arms share the flow: one scale block of 3 checkerboard couplings, a
squeeze and 3 channel couplings, then 3 checkerboard couplings (9 affine
couplings, conditioners 32 wide, 29,727 parameters; logit transform,
lambda 1e-6). The critic of `wgan_gp` and `hybrid` is WGAN-GP's DCGAN
critic without batch norm at 32 base filters (55,233 parameters), 5 critic
steps, lambda 10; the hybrid's likelihood weight is Flow-GAN's 1. Both
optimizers are Flow-GAN's MNIST Adam(1e-4, beta_1=0.5, beta_2=0.9).

Benchmark (`config.eval`): `bits_per_dim`, exact, on the 10,000 test
images averaged over 2 dequantisation draws (`ganzoo.metrics.likelihood.
PROTOCOL`); `python -m benchmarks.flow_experiment` adds domain FID,
precision/recall, the independent critic and the latent statistics.
References: a full-covariance Gaussian 2.01 bits/dim (MAF Table 2, -1366.9
nats in logit space; refit here: -1365.9 nats, 2.011), MAF's MLP Real NVP
1.93, small convolutional Real NVPs ~1.08 after 200 epochs.

Length, sized for about 2 hours on one core from the step rates measured
on 2026-12-07 (one thread, `nice -n 5`, batch 64, graph mode, the 2-core
Xeon at a load average of 6-9 with other runs; per CPU-second of the
process): MLE 8.1 steps (2.9 steps/s wall), WGAN-GP 1.6, hybrid 1.4 (0.75
wall). XLA was 4x slower than graph for the MLE step (0.73 against 2.96
steps/s wall), so `train.jit_compile=False`. MLE: 50,000 steps (53 passes,
~1.7 h); WGAN-GP and hybrid: 10,000 flow steps (50,000 critic steps,
~1.7-2 h). Not yet run at full length.
"""  # noqa: E501

from ganzoo.training.config import base_config

OBJECTIVES = ("mle", "wgan_gp", "hybrid")
STEPS = {"mle": 50_000, "wgan_gp": 10_000, "hybrid": 10_000}


def get_config(arg=None):
    parts = [p for p in (arg or "").split(",") if p]
    unknown = [p for p in parts if p not in (*OBJECTIVES, "smoke")]
    objectives = [p for p in parts if p in OBJECTIVES]
    if unknown or len(objectives) > 1:
        raise ValueError(
            f"Received: config argument `{arg!r}`; expected at most one of "
            f"{list(OBJECTIVES)} and optionally `smoke`, joined by a comma."
        )
    objective = objectives[0] if objectives else "mle"
    return base_config(
        "realnvp",
        "mnist",
        "smoke" if "smoke" in parts else None,
        model_kwargs=dict(
            objective=objective,
            num_scales=1,
            couplings_per_scale=3,
            final_couplings=3,
            hidden_channels=32,
            base_filters=32,
        ),
        smoke_model_kwargs=dict(
            couplings_per_scale=1, final_couplings=1, hidden_channels=4, base_filters=4
        ),
        steps=STEPS[objective],
        log_every=500,
        checkpoint_every=5_000,
        sample_every=5_000,
        jit_compile=False,
        evaluation=dict(evaluator="bits_per_dim"),
    )
