"""StackGAN Stage-II without conditioning augmentation, on a no-CA Stage-I run.

    python -m benchmarks.run --config=zoo_configs/stackgan_shapes_stage2_no_ca.py --seeds=0 --workdir=/tmp/sg --config.model.kwargs.stage1_checkpoint=/tmp/sg/stackgan_shapes_no_ca/seed_{seed}/train

Smoke run: `--config=zoo_configs/stackgan_shapes_stage2_no_ca.py:smoke` with
`--config.model.kwargs.stage1_checkpoint=` naming a
`stackgan_shapes_no_ca.py:smoke` run.

`zoo_configs/stackgan_shapes_stage2.py` with `conditioning_augmentation=False`
(both stages draw from the text's mean code, no KL term), the second stage
of the `stackgan_shapes_no_ca.py` ablation, so the two-stage schedule is
measured with and without CA. Why it exists: at 4,000 steps the no-CA
Stage-I read 0.97 mean attribute accuracy against 0.82 with CA, the gap
almost all in shape (`python -m benchmarks.stackgan_breakdown`), at a third
of CA's sample spread. A mismatched Stage-I (e.g. one trained with CA) is
refused by `ganzoo.models.stackgan.schedule`.

Result (n=3, 1,200 steps): 0.902 +- 0.031 (seeds 0.945, 0.918, 0.842)
against its frozen Stage-I's 0.966 +- 0.003: at this length Stage-II takes
accuracy away (seed 2: shape 0.88 -> 0.64, colour 1.00 -> 0.76), its D
loss falling to ~0.2 while G's rises; a longer Stage-II is the next test.
The authors' PyTorch answer, a text-free score beside D's matching one
(`stackgan_shapes_stage2_no_ca_uncond.py`), made it worse: 0.699 and 0.600.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    config = load_module(__file__, "stackgan_shapes_stage2.py").get_config(arg)
    config.model.kwargs.conditioning_augmentation = False
    return config
