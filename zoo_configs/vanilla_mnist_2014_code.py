"""The 2014 GAN on MNIST as its code trained it: SGD recipe, simultaneous update, [0, 1] pixels.

    python -m benchmarks.run --config=zoo_configs/vanilla_mnist_2014_code.py --seeds=0 --workdir=/tmp/vanilla_2014

`zoo_configs/vanilla_mnist_paper_sgd_simultaneous.py` (the SGD recipe of
the 2014 code, github.com/goodfeli/adversarial, with its simultaneous D/G
update) with D reading the code's pixels: its data were [0, 1], ganzoo's
are [-1, 1], so D maps them back first (`d_input_range=(0, 1)`). With
[-1, 1] inputs every background pixel (81% of MNIST's training pixels are
0) is -1 and enters the gradient of D's first layer, where the code's 0
adds nothing.

Why (seed 0, 2026-12-06, one thread of the 2-core Xeon beside other runs):
`vanilla_mnist_paper_sgd_simultaneous.py` diverged at step 1,050 of its
full-length run. A fresh `ganzoo.train` rerun (a checkpoint every 50
steps) diverged at step 794, and again at 794 each time it was resumed from
its step-750 checkpoint. Printed step by step, D's top layers grew first (second maxout kernel 1.0 -> 4.3 -> 6.4 -> 15 -> 620 ->
38,000 from step 785 to 791; G followed), and the loss went to inf at step
794: a momentum-SGD blow-up, not a NaN from one op. With D on [0, 1] the
same recipe ran 3,000 steps (`ganzoo.train --config.train.steps=3000`):
D strong from step 400 (d_loss 0.12-0.47, g_loss 2.6-5.2), moving back
towards balance by step 3,000 (d_loss 0.42, g_loss 2.84). With [0, 1] and
the alternating update instead, D won outright (d_loss 0.000, g_loss 8.9
by step 3,000).

Full length (seed 0, 50,000 steps, 2026-12-06, one thread, 2,776 s):
165.6 +- 1.4 nats (sigma 0.215), against 151.9 for
`vanilla_mnist_paper_sgd.py` on the same seed and protocol; 154.6 at its
35,000-step checkpoint. Extended to 100,000 steps
(`--config.train.steps=100000`, 2,638 s more): 181.5 +- 2.3 (sigma 0.167);
to 140,000 steps (2,033 s more, 2026-12-07): 184.9 +- 2.3 (sigma 0.167),
past the momentum's saturation at epoch 250 (125,000 steps): +16 nats from
50,000 to 100,000 steps, +3.4 from 100,000 to 140,000. Seed 1, 100,000
steps from scratch (6,155 s, 2026-12-06): 172.5 +- 1.5 (sigma 0.215);
seed 2 likewise (5,216 s, 2026-12-07): 173.5 +- 1.4 (sigma 0.215). Over
seeds 0-2 at 100,000 steps: 175.8 +- 2.8 nats. The paper: 225 +- 2; its
`mnist.yaml` sets no end.

Smoke run: `--config=zoo_configs/vanilla_mnist_2014_code.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    config = load_module(
        __file__, "vanilla_mnist_paper_sgd_simultaneous.py"
    ).get_config(arg)
    config.model.kwargs.d_input_range = (0.0, 1.0)
    return config
