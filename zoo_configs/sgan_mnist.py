"""Semi-supervised GAN on MNIST with 100 labels (Salimans et al. 2016).

    python -m ganzoo.train --config=zoo_configs/sgan_mnist.py --workdir=/tmp/sgan_mnist

Smoke run (tiny networks, 20 steps): `--config=zoo_configs/sgan_mnist.py:smoke`.
The supervised-only baseline (same network, same 100 labels, no GAN term):
`--config=zoo_configs/sgan_mnist.py:supervised` (or `:supervised,smoke`).
Other label budgets: `--config.data.kwargs.labels_per_class=20`; the split
itself is chosen by `--config.data.kwargs.split_seed`.

The data come from `ganzoo.data.load_semi_supervised` (`data.loader`): each
step gets 100 labeled and 100 unlabeled digits. Benchmark (`config.eval`):
test error of `gan.classifier` on the 10,000 MNIST test digits
(evaluator `semi_supervised_error`, `ganzoo.models.sgan.classifier_error`); Salimans et al.'s feature matching
reached 93 +- 6.5 errors (0.93%); the goal is at most 1.0%, mean over seeds.
"""  # noqa: E501

from ganzoo.training.config import base_config

VARIANTS = ("smoke", "supervised")
# Salimans et al.'s MNIST code: Adam(3e-3, beta_1=0.5) for both players.
ADAM = {"class_name": "adam", "config": {"learning_rate": 3e-3, "beta_1": 0.5}}


def get_config(arg=None):
    variants = [v for v in (arg or "").split(",") if v]
    if any(v not in VARIANTS for v in variants):
        raise ValueError(
            f"Received: config argument `{arg!r}`; expected a comma-separated "
            f"subset of {list(VARIANTS)} (e.g. `:supervised,smoke`)."
        )
    return base_config(
        "sgan",
        "mnist",
        "smoke" if "smoke" in variants else None,
        # The paper's MNIST nets (5-layer noisy MLP D, 2-layer batch-norm G,
        # 100-d uniform noise; no weight normalisation, see the builder) and
        # feature matching for G.
        model_kwargs=dict(
            latent_dim=100,
            num_classes=10,
            architecture="mlp",
            generator_objective="feature_matching",
            unsupervised_weight=0.0 if "supervised" in variants else 1.0,
        ),
        smoke_model_kwargs=dict(latent_dim=16, architecture="dcgan", base_filters=8),
        # 300 passes over the 59,900 unlabeled digits at batch 100 (the paper).
        steps=180_000,
        batch_size=100,
        log_every=600,
        checkpoint_every=6_000,
        sample_every=6_000,
        d_optimizer=ADAM,
        g_optimizer=ADAM,
        # Each step: batch_size labeled (the default) and unlabeled digits.
        loader="semi_supervised",
        data_kwargs=dict(labels_per_class=10, split_seed=0),
        evaluation=dict(
            evaluator="semi_supervised_error",
            split="test",
            target=0.01,
            paper=0.0093,
            paper_std=0.00065,
        ),
    )
