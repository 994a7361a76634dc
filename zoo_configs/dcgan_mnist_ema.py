"""DCGAN on MNIST with generator weight averaging (Yazici et al. 2019).

    python -m ganzoo.train --config=zoo_configs/dcgan_mnist_ema.py --workdir=/tmp/dcgan_mnist_ema

Smoke run: `--config=zoo_configs/dcgan_mnist_ema.py:smoke`.

`zoo_configs/dcgan_mnist.py` with an exponential moving average of G's
weights (decay 0.999, the paper's), which `generate`, the benchmark and the
export use: Yazici et al., "The Unusual Effectiveness of Averaging in GAN
Training", ICLR 2019. `benchmarks.run` also scores each run's trained,
unaveraged generator (rows `dcgan_mnist_ema (raw generator)`): the average
never feeds back into the game, so those are the run without averaging,
same seed, evaluator and sample draw, a paired comparison.

Measured (seeds 0-2, 10,000 steps, one thread of the 2-core Xeon each,
1,770-2,070 s a run): fid_domain 20.1 +- 0.4 averaged, 20.5 +- 0.6 raw;
the paired difference (averaged - raw) is -0.4 +- 0.9 FID, -0.006 +- 0.010
precision, -0.005 +- 0.011 recall: no difference at this length. Averaging
did not lift precision (0.564 averaged, 0.569 raw), which keeps FID far from the real-data
floor (0.60; precision 0.87). Seed 0 read from its checkpoints (averaged
/ raw): 22.2 / 22.4 at 8,000 steps, 20.4 / 20.8 at 9,000, 19.5 / 20.3 at
10,000, the last equal to its row.

Longer (seed 0 resumed from 10,000 to 30,000 steps with
`--config.train.steps=30000`, 4,295 s for the 20,000 steps beside other
work): fid_domain 10.6 averaged, 10.8 raw; precision 0.608 / 0.597, recall
0.844 / 0.856. Its checkpoints (averaged / raw): 15.1 / 13.8 at 15,000
steps, 12.9 / 13.2 at 20,000. FID halved from 10,000 steps (19.5) and still
falls; the averaged generator's precision rose only from 0.565 to 0.608. The
shipped `dcgan_mnist` preset is this run.

Not the batch norm of G at sampling time: the 30,000-step checkpoint scored
with G's batch norm on batch statistics (batches of 64, as in training)
gives fid_domain 10.6 averaged / 11.1 raw, precision 0.603 / 0.603; with
"standing" statistics (moving averages re-estimated over 400 batches of 64
at the final weights) 10.5 / 11.0, precision 0.601 / 0.605; the moving
averages of training give 10.6 / 10.8 (the row). The low precision is in
the weights, not in how they are sampled.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    config = load_module(__file__, "dcgan_mnist.py").get_config(arg)
    config.model.kwargs.g_ema_decay = 0.999
    return config
