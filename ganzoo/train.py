"""`python -m ganzoo.train`: the training binary, kept at this path for users.

    python -m ganzoo.train --config=zoo_configs/dcgan_mnist.py --workdir=/tmp/dcgan_mnist

The binary lives in `ganzoo.training.main` (also the `ganzoo-train` script).
"""  # noqa: E501

from ganzoo.training.main import run

if __name__ == "__main__":
    run()
