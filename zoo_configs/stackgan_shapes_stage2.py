"""StackGAN Stage-II (16x16 -> 64x64) on a frozen, finished Stage-I run.

    python -m benchmarks.run --config=zoo_configs/stackgan_shapes_stage2.py --seeds=0 --workdir=/tmp/sg --config.model.kwargs.stage1_checkpoint=/tmp/sg/stackgan_shapes_stage1/seed_{seed}/train

Smoke run: `--config=zoo_configs/stackgan_shapes_stage2.py:smoke` with
`--config.model.kwargs.stage1_checkpoint=` naming a Stage-I smoke run.

The second run of the paper's schedule (Zhang et al., ICCV 2017): Stage-II
G and D train; Stage-I G, its conditioning augmentation and the text encoder
are loaded from the Stage-I run and frozen. `stage1_checkpoint` names that
run's workdir (`{seed}` is this run's seed, so `--seeds=0,1,2` pairs each
seed with its own Stage-I); a missing, unfinished, other-stage or
other-sized run is refused with one line (`ganzoo.models.stackgan.schedule`).
Training as the official code's stageII (Adam 2e-4, beta_1 0.5, rates
halved every 100 of its 600 Stage-II epochs: every 1/6 of the run here; KL
weight 2 on the mean over code dimensions).

Length: the paper's Stage-II is 600 more epochs of CUB (~83k steps); ours is
1,200 steps of 64 (7.7 passes over the 10,000 images). Measured: 0.6-0.7
steps/s default (graph) on two AMD EPYC threads (seed 0, 1,906 s of
training); 1.1-1.3 steps/s on one thread of the 2-core Xeon beside another
run (seeds 1-2, 934-1,059 s); Stage-I's 4,000 steps: 438-700 s. Result
(n=3): 0.827 +- 0.010 against the frozen Stage-I's 0.819 +- 0.010. Stage-II
leaves shape where Stage-I put it (seeds 1-2: 0.51-0.55, chance 0.33;
colour, size and position 0.88-0.98): the noise of conditioning
augmentation, not the 16x16 side, loses the shape (`stackgan_shapes_stage2_no_ca.py`). On a GPU raise
`--config.train.steps` (the rate halving follows it).

Benchmark: attribute accuracy of Stage-II samples on 500 held-out captions
(goal >= 90%), beside the frozen Stage-I's and the text-shuffled baseline,
and the sample spread for one caption.
"""  # noqa: E501

from ganzoo.data import get_dataset
from ganzoo.models.stackgan.builder import SHAPES_KWARGS, SHAPES_SMOKE_KWARGS
from ganzoo.training.config import base_config

IMAGE_SIZE = get_dataset("shapes").shape[0]  # Rendered at the catalog's side.


def get_config(arg=None):
    config = base_config(
        "stackgan",
        "shapes",
        arg,
        # The text encoder comes with Stage-I: no pretraining here.
        model_kwargs=dict(SHAPES_KWARGS, stage=2, text_encoder_steps=0),
        smoke_model_kwargs=dict(SHAPES_SMOKE_KWARGS, text_encoder_steps=0),
        steps=1_200,
        data_kwargs=dict(image_size=IMAGE_SIZE, num_examples=10_000),
        evaluation=dict(
            evaluator="stackgan_attributes",
            classifier="shapes_attributes",
            num_captions=500,
            target=0.90,
            baselines=["stage1", "shuffled"],
        ),
    )
    kwargs = config.model.kwargs
    kwargs.stage1_checkpoint = ""  # Required: the Stage-I run's workdir.
    kwargs.kl_weight = 2.0 / kwargs.condition_dim  # The official code's KL.
    kwargs.lr_decay_steps = config.train.get_ref("steps") // 6
    kwargs.seed = config.train.get_ref("seed")
    return config
