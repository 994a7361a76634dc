"""CycleGAN on the synthetic MNIST pair (Zhu et al. 2017).

    python -m ganzoo.train --config=zoo_configs/cyclegan_mnist_pair.py --workdir=/tmp/cyclegan_mnist_pair

Smoke run (tiny networks, 20 steps): `--config=zoo_configs/cyclegan_mnist_pair.py:smoke`.

Domain A: MNIST digits padded to 32x32; domain B: the same kind of digits
thickened, inverted and colourised (`ganzoo.data.translation`), training A
and B from disjoint halves of MNIST's training set. The data come from
`ganzoo.data.load_translation` (the loader of dataset `mnist_pair`).

Benchmark (`config.eval`, evaluator `translation`, on
the 10,000 test digits, whose true B image is known): the mean absolute
error of G(a) against the true B image in [0, 1] pixel units, beside the
"copy the input" baseline; and the share of digits whose label an MNIST
classifier (`ganzoo.metrics.load_domain_classifier("mnist")`) still reads on
F(G(a)) and on F(b). Goal: labels preserved in at least 97% of translations.

Length: the paper trains 200 epochs (100 constant, 100 decaying); this config
had 6,000 steps (~3 passes at batch 16). It now runs 2,500 steps, sized for
~20-25 minutes a seed on this 2-core CPU from these rates: 2.1 steps/s for
600 steps without the identity term (benchmarks/results.jsonl) and, at a load
average of ~12, 0.49 steps/s default (graph) with it, 0.56 without it, 0.24
with `jit_compile=True`. The rate still decays over the second half.
Measured at this length (2026-12-06, one thread of the 2-core Xeon beside
another run): 0.82-0.93 steps/s, 2,746-3,060 s of training a seed, 173 s of
evaluation: ~50-55 minutes a seed on one thread, not 20-25. Result (n=3):
label kept on F(G(a)) 0.990 +- 0.000 (goal 0.97), MAE 0.016 (copy 0.661),
domain FID 0.49 +- 0.12 (real-B floor 0.40).
Identity loss: on, at the paper's 0.5 (`cyclegan_mnist_pair_no_identity.py`
is the ablation).
"""  # noqa: E501

from ganzoo.training.config import base_config


def get_config(arg=None):
    config = base_config(
        "cyclegan",
        "mnist_pair",
        arg,
        model_kwargs=dict(
            b_channels=3,
            base_filters=32,
            # The paper's 6 blocks (its choice below 256x256).
            num_res_blocks=6,
            # 34x34 patches: the 70x70 PatchGAN would leave a 2x2 grid of
            # scores that each see more than the whole 32x32 image.
            discriminator_layers=2,
            cycle_weight=10.0,
            # The paper's 0.5 (times cycle_weight). Domains differ in channels
            # (1 vs 3): G sees b as grey, F sees a repeated over 3 channels.
            # `cyclegan_mnist_pair_no_identity.py` switches it off.
            identity_weight=0.5,
            pool_size=50,
        ),
        smoke_model_kwargs=dict(base_filters=4, num_res_blocks=1),
        # 1.3 passes over each 30,000-digit half at batch 16 (see the docstring).
        steps=2_500,
        batch_size=16,
        evaluation=dict(
            evaluator="translation",
            split="test",
            num_examples=10_000,
            classifier="mnist",
            target_label_accuracy=0.97,
        ),
    )
    # Linear decay to zero over the second half of `train.steps`, also when
    # `--config.train.steps` is overridden.
    config.model.kwargs.total_steps = config.train.get_ref("steps")
    return config
