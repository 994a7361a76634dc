"""StackGAN on the rendered shapes captions, 16x16 Stage-I -> 64x64 Stage-II.

    python -m ganzoo.train --config=zoo_configs/stackgan_shapes.py --workdir=/tmp/stackgan_shapes

Smoke run (tiny networks, 20 steps): `--config=zoo_configs/stackgan_shapes.py:smoke`.

End to end by default (both stages in one run). The paper's schedule, Stage-I
then Stage-II with Stage-I frozen, is two runs of the same config:

    python -m ganzoo.train --config=zoo_configs/stackgan_shapes.py --workdir=/tmp/sg1 --config.model.kwargs.stage=1
    python -m ganzoo.train --config=zoo_configs/stackgan_shapes.py --workdir=/tmp/sg2 --config.model.kwargs.stage=2 --config.model.kwargs.stage1_checkpoint=/tmp/sg1

The text encoder is pretrained at build time with an image-text matching
objective (`text_encoder_steps`), then frozen. Batches are `(images,
token_ids)` from `ganzoo.data.load_captions("shapes")` (the set's loader).

Benchmark (`config.eval`): a fixed attribute classifier trained on real
rendered images (evaluator `stackgan_attributes`, `ganzoo.models.stackgan.evaluation`)
reads shape, colour, size and position back from images generated for 500
held-out test captions (new images; one phrasing never seen in training);
goal >= 90% mean attribute accuracy for Stage-II, reported beside Stage-I and
a text-shuffled baseline (`attribute_accuracy`).
"""  # noqa: E501

from ml_collections.config_dict import FieldReference

from ganzoo.data import get_dataset
from ganzoo.training.config import base_config

IMAGE_SIZE = get_dataset("shapes").shape[0]  # Rendered at the catalog's side.


def get_config(arg=None):
    return base_config(
        "stackgan",
        "shapes",
        arg,
        model_kwargs=dict(
            noise_dim=32,
            condition_dim=32,
            embedding_dim=64,
            text_width=64,
            g_filters=32,
            d_filters=32,
            compress_dim=32,
            num_residual=2,
            kl_weight=1.0,
            # Typed `object` so the command line can give 1, 2 or a string.
            stage=FieldReference("end_to_end", field_type=object),
            stage1_checkpoint="",
            text_encoder_steps=400,
        ),
        smoke_model_kwargs=dict(
            noise_dim=4,
            condition_dim=4,
            embedding_dim=8,
            text_width=8,
            g_filters=4,
            d_filters=4,
            compress_dim=4,
            num_residual=1,
            text_encoder_steps=5,
        ),
        steps=20_000,
        data_kwargs=dict(image_size=IMAGE_SIZE, num_examples=10_000),
        evaluation=dict(
            evaluator="stackgan_attributes",
            classifier="shapes_attributes",
            num_captions=500,
            target=0.90,
            baselines=["stage1", "shuffled"],
        ),
    )
