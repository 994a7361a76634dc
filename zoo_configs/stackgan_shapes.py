"""StackGAN on the rendered shapes captions, 16x16 Stage-I -> 64x64 Stage-II.

    python -m ganzoo.train --config=zoo_configs/stackgan_shapes.py --workdir=/tmp/stackgan_shapes

Smoke run (tiny networks, 20 steps): `--config=zoo_configs/stackgan_shapes.py:smoke`.

End to end (both stages in one run, with the end-to-end KL weight 1 on the
sum over code dimensions). The paper's schedule, Stage-I then Stage-II with
Stage-I frozen and the official code's KL weight and learning-rate halving,
is `zoo_configs/stackgan_shapes_stage1.py` then `stackgan_shapes_stage2.py`;
the ablation without conditioning augmentation is `stackgan_shapes_no_ca.py`.

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
from ganzoo.models.stackgan.builder import SHAPES_KWARGS, SHAPES_SMOKE_KWARGS
from ganzoo.training.config import base_config

IMAGE_SIZE = get_dataset("shapes").shape[0]  # Rendered at the catalog's side.


def get_config(arg=None):
    return base_config(
        "stackgan",
        "shapes",
        arg,
        model_kwargs=dict(
            SHAPES_KWARGS,
            kl_weight=1.0,
            # Typed `object` so the command line can give 1, 2 or a string.
            stage=FieldReference("end_to_end", field_type=object),
            stage1_checkpoint="",
            text_encoder_steps=400,
        ),
        smoke_model_kwargs=SHAPES_SMOKE_KWARGS,
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
