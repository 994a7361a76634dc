"""StackGAN Stage-II (no CA) whose D also scores images without their text.

    python -m benchmarks.run --config=zoo_configs/stackgan_shapes_stage2_no_ca_uncond.py --seeds=0 --workdir=/tmp/sg --config.model.kwargs.stage1_checkpoint=/tmp/sg/stackgan_shapes_no_ca/seed_{seed}/train

Smoke run: `--config=zoo_configs/stackgan_shapes_stage2_no_ca_uncond.py:smoke`
with `--config.model.kwargs.stage1_checkpoint=` naming a
`stackgan_shapes_no_ca.py:smoke` run.

`zoo_configs/stackgan_shapes_stage2_no_ca.py` with `stage2_unconditional=True`.
Why it exists: in that run Stage-II's D won (its loss fell to ~0.2 while
G's rose) and Stage-II lost accuracy its Stage-I had. The paper's
TensorFlow code does nothing against a dominant Stage-II D; the authors'
PyTorch release gives its Stage-II D a second, text-free score
(`get_uncond_logits`), weighs D's loss `(real + real_free) / 2 + (fake +
wrong + fake_free) / 3` and adds the text-free term to G's, so that the
mismatched-text pairs weigh a third of the fakes' side instead of a half
and G also gets a plain realism signal. That is all this config changes.

Result (1,200 steps, one thread of the 2-core Xeon, 998-1,020 s a seed):
worse, not better. Seed 0: 0.699 (shape 0.49, colour 0.39, size 0.92,
position 1.00) against 0.945 without the head; seed 1: 0.600 (shape 0.39,
colour 0.19) against 0.918; their frozen Stage-I read 0.97 and 0.96. D's
loss still fell (0.61 at step 100 -> 0.24 at 1,100, seed 0), and the Stage-II
samples lost their captions' colours. Seed 2 was not run.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    config = load_module(__file__, "stackgan_shapes_stage2_no_ca.py").get_config(arg)
    config.model.kwargs.stage2_unconditional = True
    return config
