"""DCGAN on a folder of your own images, 64x64 RGB.

    python -m ganzoo.train --config=zoo_configs/dcgan_folder.py \
        --config.data.kwargs.path=/my/images --workdir=/tmp/dcgan_folder

Every PNG/JPEG under `path` is resized (shorter side to 64, bilinear,
antialiased) and centre-cropped to 64x64 (`ganzoo.data.load_folder`). Other
sizes: set `--config.data.kwargs.image_size=32` and
`--config.model.kwargs.image_shape="(32, 32, 3)"` together; grey images:
`--config.data.kwargs.channels=1` and a 1-channel `image_shape`.

Architecture: the DCGAN paper's 64x64 networks (`base_filters=128`: G from
4x4x1024, D to 1024 filters), Adam(2e-4, beta_1=0.5), batch 64 (the
paper's is 128). Benchmark: `inception` (IS, and FID against the folder's
own first 50,000 images, in the papers' 2015 Inception graph).
"""  # noqa: E501

from ganzoo.training.config import base_config


def get_config(arg=None):
    return base_config(
        "dcgan",
        "folder",
        arg,
        model_kwargs=dict(base_filters=128),
        smoke_model_kwargs=dict(base_filters=4),
        data_kwargs=dict(path="", image_size=64),
        steps=20_000,
        checkpoint_every=2_000,
        sample_every=2_000,
        evaluation=dict(evaluator="inception"),
    )
