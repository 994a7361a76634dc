r"""Per-attribute accuracy of a StackGAN run: which attribute the samples miss.

    python -m benchmarks.stackgan_breakdown --workdir=/tmp/sg/stackgan_shapes_stage2/seed_1/train

The benchmark row (`stackgan_attributes`) keeps the mean over shape, colour,
size and position; this prints each of them, and `all` (every attribute
right), for the Stage-II samples, the frozen Stage-I's (upscaled) and the
shuffled-caption baseline, with the same classifier's score on real renders.
"""  # noqa: E501

from absl import app, flags

_WORKDIR = flags.DEFINE_string("workdir", None, "A stackgan run's train/ folder.")
_NUM_CAPTIONS = flags.DEFINE_integer("num_captions", 500, "Held-out test captions.")
_SEED = flags.DEFINE_integer("seed", 0, "Rendering and generation seed.")
flags.mark_flag_as_required("workdir")


def _rounded(scores):
    return {k: round(v, 3) for k, v in scores.items()}


def main(argv):
    del argv
    from ganzoo.models.stackgan import evaluation

    gan, latest = evaluation.restore_run(_WORKDIR.value)
    classifier, real = evaluation.train_attribute_classifier(gan.image_shape[0])
    print("checkpoint", latest)
    print("real renders", _rounded(real))
    scores = evaluation.attribute_accuracy(
        gan, classifier, _NUM_CAPTIONS.value, seed=_SEED.value
    )
    for key, value in scores.items():
        print(key, _rounded(value))


if __name__ == "__main__":
    app.run(main)
