"""DRAGAN on the 8-Gaussian ring with WGAN-GP's toy penalty weight, lambda = 0.1.

    python -m benchmarks.run --config=zoo_configs/dragan_ring8_small_lambda.py --seeds=0 --workdir=/tmp/dragan_small_lambda

`zoo_configs/dragan_ring8.py` keeps the paper's lambda = 10, under which the
discriminator does no better than chance on the mixtures (d_loss 1.55-1.65
against 2 log 2 = 1.39) and the samples stay in a clump: 0-2 modes at 5,000 steps, with
the authors' perturbation or one sized to a mode. WGAN-GP's toy code lowers
its lambda to 0.1 on the same mixtures ("smaller lambda seems to help for
toy tasks"); this config asks whether DRAGAN's penalty needs the same.
Everything else, the 5,000 steps included, is `dragan_ring8.py`'s;
`dragan_grid25_small_lambda.py` changes only the dataset.
Smoke run: `--config=zoo_configs/dragan_ring8_small_lambda.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module

PENALTY_WEIGHT = 0.1  # gan_toy.py's LAMBDA for the toy mixtures.


def get_config(arg=None, dataset="ring8"):
    dragan = load_module(__file__, sibling="dragan_ring8.py")
    config = dragan.get_config(arg, dataset=dataset)
    config.model.kwargs.penalty_weight = PENALTY_WEIGHT
    return config
