"""ganzoo: a model zoo of GANs for TensorFlow 2 / Keras 3.

Install with tests: pip install -e ".[test]"

The distribution is `ganzoo-keras` (`ganzoo` on PyPI is an unrelated 2018
package); the import name stays `ganzoo`.
"""

from pathlib import Path

from setuptools import find_packages, setup

setup(
    name="ganzoo-keras",
    version="0.1.0",
    description="A model zoo of Generative Adversarial Networks for Keras 3.",
    long_description=Path(__file__).with_name("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    packages=find_packages(include=["ganzoo", "ganzoo.*"]),
    # The pretrained presets (SavedModels, weights, cards, index.json) are
    # data, not a package: listed here so a non-editable install ships them;
    # so is the scoreboard's data that `ganzoo-zoo` shows.
    package_data={"ganzoo": ["presets/*.json", "presets/**/*", "scoreboard.json"]},
    python_requires=">=3.10",
    install_requires=[
        "tensorflow>=2.21",
        # tf.summary and the Keras TensorBoard callback need it; TF does not pull it in.
        "tensorboard",
        "keras>=3.12",
        "tensorflow-datasets>=4.9",
        # tensorflow-datasets 4.9.10 imports it on Python 3.11 without declaring it.
        "importlib_resources",
        "absl-py",
        "ml-collections",
        "numpy",
        "scipy",
        "pillow",
        "matplotlib",
        # One process prepares a TFDS dataset while others wait (ganzoo.data.prepare).
        "filelock",
    ],
    extras_require={
        "test": ["pytest", "ruff"],
        # benchmarks/sgan_speed_compare.py's PyTorch half; not for CI: the
        # default wheel pulls CUDA libraries (a CPU-only torch build suffices).
        "compare": ["torch"],
    },
    entry_points={
        "console_scripts": [
            "ganzoo-train=ganzoo.training.main:run",
            "ganzoo-sample=ganzoo.serving.sample:run",
            "ganzoo-zoo=ganzoo.registry:main",
        ]
    },
)
