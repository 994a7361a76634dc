"""StackGAN Stage-I on the shapes captions (16x16), the first run of the schedule.

    python -m benchmarks.run --config=zoo_configs/stackgan_shapes_stage1.py --seeds=0 --workdir=/tmp/sg

Smoke run (tiny networks, 20 steps): `--config=zoo_configs/stackgan_shapes_stage1.py:smoke`.

The paper's schedule (Zhang et al., ICCV 2017, section 3.4): Stage-I to
convergence, then Stage-II on the frozen Stage-I
(`zoo_configs/stackgan_shapes_stage2.py`, which names this run's workdir).
Training follows the official code (hanzhanggit/StackGAN, stageI/trainer.py
and cfg/birds.yml): Adam(2e-4, beta_1=0.5) for both nets, one D and one G
update per batch, no label smoothing, both rates halved at fixed intervals
(every 50 of 600 epochs on birds; here every 1/6 of the run, as its Stage-II
does), and the KL term weighted 2 on the *mean* over the code's dimensions,
i.e. `kl_weight = 2 / condition_dim` on our sum (1/16 of the weight the
end-to-end config used: that KL pulled every caption's code to the prior, so
D won on the matching term).

Length: the paper's Stage-I is 600 epochs of CUB (~83k steps of 64); ours
is 4,000 steps of 64 (26 passes over the 10,000 rendered images), sized to
leave most of a ~25-minute two-stage schedule on this 2-core CPU to
Stage-II, which costs ~30x more per step: measured 8.5 steps/s default
(graph) and 3.7 with `jit_compile=True`, at a load average of ~12; 11-12
steps/s on one thread of the 2-core Xeon beside another run.

Benchmark: attribute accuracy of the (upscaled) Stage-I samples on 500
held-out captions, the text-shuffled baseline, and the sample spread for one
caption (`stackgan_attributes`). Result (n=3): 0.819 +- 0.010, goal 0.90
missed on shape (seeds 1-2: 0.48-0.60; colour, size, position 0.88-0.98 by
`python -m benchmarks.stackgan_breakdown`); without conditioning
augmentation (`stackgan_shapes_no_ca.py`) the same run reads shape at 0.90.
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
        model_kwargs=dict(SHAPES_KWARGS, stage=1, text_encoder_steps=400),
        smoke_model_kwargs=SHAPES_SMOKE_KWARGS,
        steps=4_000,
        data_kwargs=dict(image_size=IMAGE_SIZE, num_examples=10_000),
        evaluation=dict(
            evaluator="stackgan_attributes",
            classifier="shapes_attributes",
            num_captions=500,
            baselines=["shuffled"],
        ),
    )
    kwargs = config.model.kwargs
    kwargs.kl_weight = 2.0 / kwargs.condition_dim  # The official code's KL.
    kwargs.lr_decay_steps = config.train.get_ref("steps") // 6
    kwargs.seed = config.train.get_ref("seed")
    return config
