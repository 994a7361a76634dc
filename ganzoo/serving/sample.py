"""Samples a PNG grid from a pretrained preset or a `ganzoo.export` folder.

    ganzoo-sample --model=dcgan_mnist --num=64 --out=grid.png

Without `--model`, it samples the shipped `dcgan_mnist` preset.

`--model` is a preset name (`ganzoo.list_presets()`: shipped with the
package, sha256-checked, no data and no network needed), an export folder,
or the http(s):// or file:// URL of its .tar.gz / .zip archive (downloaded
once into `$GANZOO_CACHE_DIR` or the Keras cache; pass `--sha256` to check
it). `--seed` makes the grid reproducible: the same seed gives the images
`gan.generate(num, seed)` gave before export. Conditional models take
`--labels=3` (one class for all) or one label per sample; without it,
classes are drawn at random. `python -m ganzoo.sample` is the same binary.

`--interpolate=slerp` (or `lerp`) writes an interpolation grid instead:
`--pairs` rows, each `--steps` images from one prior code to another
(`ganzoo.latent.interpolation_paths`); a conditional model keeps each row's
label fixed (`--labels`: one class, or one per row).

    ganzoo-sample --model=dcgan_mnist --interpolate=slerp --pairs=8 --steps=9
"""

import numpy as np
from absl import app, flags

from ganzoo.training import cli_errors

# The most sample values a grid may hold (e.g. 342,392 MNIST digits): about
# 1 GB of float32 while generating; more is refused in one line.
MAX_GRID_VALUES = 2**28

# The default is a shipped preset, so a fresh install samples at once.
_MODEL = flags.DEFINE_string(
    "model",
    "dcgan_mnist",
    "Preset name (`ganzoo.list_presets()`), export folder, or http(s):// / "
    "file:// URL of its archive.",
)
_NUM = flags.DEFINE_integer("num", 64, "Number of samples in the grid.", lower_bound=1)
_OUT = flags.DEFINE_string("out", "grid.png", "PNG file to write.")
_SEED = flags.DEFINE_integer("seed", None, "Noise seed; default random.")
_LABELS = flags.DEFINE_list(
    "labels", None, "Conditional exports: one class id, or --num comma-separated."
)
_SHA256 = flags.DEFINE_string("sha256", None, "Expected SHA-256 of a URL's archive.")
_CACHE_DIR = flags.DEFINE_string(
    "cache_dir", None, "Download cache (default $GANZOO_CACHE_DIR, else ~/.keras)."
)
_SCALE = flags.DEFINE_integer(
    "scale", 1, "Integer upscaling of the grid.", lower_bound=1
)

_INTERPOLATE = flags.DEFINE_enum(
    "interpolate", None, ["slerp", "lerp"], "Write an interpolation grid."
)
_PAIRS = flags.DEFINE_integer("pairs", 8, "Interpolation rows.", lower_bound=1)
_STEPS = flags.DEFINE_integer("steps", 9, "Images per row.", lower_bound=2)


cli_errors.define_debug_flag()


def _check_grid_size(metadata):
    shape = metadata.get("output_shape") or []
    values = _NUM.value * _SCALE.value**2 * max(1, int(np.prod(shape)))
    if values > MAX_GRID_VALUES:
        largest = MAX_GRID_VALUES // (values // _NUM.value)
        raise ValueError(
            f"Received: `--num={_NUM.value}`, a grid of {values:,} values of "
            f"{'x'.join(map(str, shape))} samples; expected at most {largest:,} "
            f"samples (2**28 values, about 1 GB while generating)."
        )


@flags.validator("labels", "expected integers, e.g. --labels=3 or --labels=0,1,2")
def _labels_are_ints(labels):
    return labels is None or all(
        label.strip().lstrip("-").isdigit() for label in labels
    )


def main(argv):
    """Writes `--num` samples of `--model` as a PNG grid at `--out`."""
    if len(argv) > 1:
        raise app.UsageError(f"Too many command-line arguments: {argv[1:]}.")
    # Imported late: TensorFlow loads after the flags are checked.
    from ganzoo.serving import images, loading

    labels = _LABELS.value and [int(label) for label in _LABELS.value]
    if labels is not None and len(labels) == 1:
        labels = labels[0]  # One class for every sample.
    try:
        gan = loading.load(
            _MODEL.value, sha256=_SHA256.value, cache_dir=_CACHE_DIR.value
        )
        _check_grid_size(gan.metadata)
        if _INTERPOLATE.value:
            from ganzoo import latent

            paths, _ = latent.interpolation_paths(
                gan,
                _PAIRS.value,
                _STEPS.value,
                _INTERPOLATE.value,
                seed=_SEED.value,
                labels=labels,
            )
            images.save_image_grid(
                paths.reshape(-1, *paths.shape[2:]),
                _OUT.value,
                _PAIRS.value,
                scale=_SCALE.value,
            )
            print(f"Wrote {_PAIRS.value} {_INTERPOLATE.value} paths to {_OUT.value}")
            return
        samples = gan.generate(_NUM.value, seed=_SEED.value, labels=labels)
    except (FileNotFoundError, ValueError) as error:
        if "Received:" in str(error):  # One line, from `one_line_errors`.
            raise
        raise app.UsageError(str(error)) from error
    # 2D samples (the Gaussian mixtures) become a scatter plot, not a grid.
    kwargs = {"scale": _SCALE.value} if samples.ndim == 4 else {}
    images.save_samples(samples, _OUT.value, **kwargs)
    print(f"Wrote {_NUM.value} samples of {gan.metadata['model']} to {_OUT.value}")


def run():
    """Entry point of the `ganzoo-sample` console script."""
    with cli_errors.one_line_errors("ganzoo-sample"):
        app.run(main, flags_parser=cli_errors.parse_flags)


if __name__ == "__main__":
    run()
