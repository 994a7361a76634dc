"""Named sets of benchmark runs for `benchmarks/run.py --suite=...`.

Not a binary. `quick` fits in about 30 minutes on a 2-core CPU (measured
on this project's shared machine): the 2D mode-coverage benchmarks (PacGAN
protocol) and two short MNIST runs, with step budgets far below the
configs' full runs (the table marks them "quick budget"). MNIST rows are
written as skipped, with the reason, when MNIST is not available
(`$GANZOO_DATA_DIR` or a prepared TFDS copy). `paper` runs every benchmark
config at its full length with several seeds: a GPU job. `paper_gpu` runs
the papers' CIFAR-10 rows (DCGAN, WGAN-GP ResNet, SN-GAN standard CNN and
ResNet) at full length, 3 seeds each: a GPU and the network once.

Budgets were chosen from step rates measured here (2 shared cores):
vanilla MLP on the mixtures ~80 steps/s, WGAN-GP and WGAN (5 critic steps,
512-wide, batch 256) ~5 steps/s, DRAGAN ~30 steps/s, DCGAN/ACGAN on MNIST
~8 steps/s: about 25 minutes in all on two idle cores. The committed run
(benchmarks/RESULTS.md) took 41 minutes, sharing the cores with other jobs
(load average 4-8).
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class SuiteEntry:
    """One config of a suite.

    Args:
        config: the config file, relative to the repository root.
        overrides: dotted config fields to set, e.g. `{"train.steps": 500}`.
        seeds: the seeds to run when `--seeds` is not given.
    """

    config: str
    overrides: dict = dataclasses.field(default_factory=dict)
    seeds: tuple = (0,)


def _short(steps, log_every=500, **extra):
    # Quiet Keras output: absl logs each chunk; a suite prints many runs.
    return {
        "train.steps": steps,
        "train.log_every": log_every,
        "train.verbose": 0,
        **extra,
    }


QUICK = (
    SuiteEntry("zoo_configs/vanilla_ring8.py", _short(5_000), seeds=(0, 1, 2)),
    SuiteEntry("zoo_configs/vanilla_grid25.py", _short(5_000), seeds=(0, 1, 2)),
    SuiteEntry("zoo_configs/wgan_gp_ring8.py", _short(1_000)),
    SuiteEntry("zoo_configs/wgan_gp_grid25.py", _short(1_000)),
    SuiteEntry("zoo_configs/dragan_ring8.py", _short(3_000)),
    SuiteEntry("zoo_configs/dragan_grid25.py", _short(3_000)),
    SuiteEntry(
        "zoo_configs/dcgan_mnist.py",
        _short(1_000, log_every=100, **{"train.sample_every": 1_000}),
    ),
    SuiteEntry(
        "zoo_configs/acgan_mnist.py",
        _short(1_000, log_every=100, **{"train.sample_every": 1_000}),
    ),
)

_MIXTURE_SEEDS = (0, 1, 2, 3, 4)  # Issue #3: averaged over 5 seeds.
PAPER = (
    *(
        SuiteEntry(f"zoo_configs/{model}_{dataset}.py", seeds=_MIXTURE_SEEDS)
        for model in ("vanilla", "wgan", "wgan_gp", "dragan", "sngan")
        for dataset in ("ring8", "grid25")
    ),
    SuiteEntry("zoo_configs/vanilla_mnist.py", seeds=(0, 1, 2)),
    SuiteEntry("zoo_configs/dcgan_mnist.py", seeds=(0, 1, 2)),
    SuiteEntry("zoo_configs/lsgan_mnist.py", seeds=(0, 1, 2)),
    SuiteEntry("zoo_configs/cgan_mnist.py", seeds=(0, 1, 2)),
    SuiteEntry("zoo_configs/acgan_mnist.py", seeds=(0, 1, 2)),
    SuiteEntry("zoo_configs/sgan_mnist.py", seeds=(0, 1, 2)),
    SuiteEntry("zoo_configs/cyclegan_mnist_pair.py", seeds=(0, 1, 2)),
    SuiteEntry("zoo_configs/stackgan_shapes.py", seeds=(0, 1, 2)),
)

# The papers' CIFAR-10 rows (issue #39) at full length, 3 seeds each: a GPU
# job that needs the network once (CIFAR-10 through TFDS, the 2015 Inception
# graph); rows are skipped with the reason where the data is missing.
PAPER_GPU = tuple(
    SuiteEntry(f"zoo_configs/{name}.py", seeds=(0, 1, 2))
    for name in (
        "dcgan_cifar10",
        "wgan_gp_cifar10",
        "sngan_cifar10",
        "sngan_cifar10_resnet",
    )
)

# The four families of objectives (issue #35): 8 objectives x ring8, grid25
# on one generator, 3 seeds; `zoo_configs/families_ring8.py` sizes its steps
# to about 2 hours of one core. `families_smoke`: each at `:smoke`, seed 0.
FAMILY_OBJECTIVES = (
    "non_saturating",
    "brier",
    "spherical",
    "fgan_kl",
    "fgan_pearson_chi2",
    "ratio_lsif",
    "ratio_kliep",
    "gmmn",
)
FAMILIES, FAMILIES_SMOKE = (
    tuple(
        SuiteEntry(f"zoo_configs/families_{dataset}.py:{objective}{arg}", seeds=seeds)
        for dataset in ("ring8", "grid25")
        for objective in FAMILY_OBJECTIVES
    )
    for arg, seeds in (("", (0, 1, 2)), (",smoke", (0,)))
)

SUITES = {
    "quick": QUICK,
    "paper": PAPER,
    "paper_gpu": PAPER_GPU,
    "families": FAMILIES,
    "families_smoke": FAMILIES_SMOKE,
}


def get_suite(name):
    """Returns the entries of suite `name` (a key of `SUITES`, e.g. `"quick"`)."""
    if name not in SUITES:
        raise ValueError(
            f"Received: `suite={name!r}`; expected one of {sorted(SUITES)}."
        )
    return SUITES[name]
