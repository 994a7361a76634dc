"""Every dataset ganzoo serves, declared once: `DATASETS`, `get_dataset(name)`.

Plain data (no TensorFlow): the loaders (`images`, `mixtures`, `captions`,
`translation`, `stacked_mnist`), the evaluation code (`ganzoo.metrics`) and
the config schema (`ganzoo.training.config`) read their names, example
shapes and kinds from here instead of keeping lists of their own.

Kinds:

- `"image"`: a TFDS image set prepared offline from raw files
  (`$GANZOO_DATA_DIR/<name>/`); served by `ganzoo.data.load`.
- `"mixture"`: a synthetic 2D Gaussian mixture with exact ground truth;
  served by `ganzoo.data.load`.
- `"stacked"`: Stacked MNIST (three digits as RGB channels), built from
  MNIST; served by `ganzoo.data.load_stacked_mnist`, scored by
  `ganzoo.metrics.evaluate`.
- `"translation"`: an unpaired pair with a known mapping, built from MNIST
  (`ganzoo.data.load_translation`).
- `"captions"`: rendered images with captions (`ganzoo.data.load_captions`).
- `"folder"`: a user's own folder of PNG/JPEG images
  (`ganzoo.data.load_folder`); its shape is the loader's `image_size`.

RGB image sets (CIFAR-10, CelebA, SVHN) keep their TFDS settings in
`params`: `raw_files` (what TFDS's manual_dir must hold, the names of its
registered checksums), `url` (where to get them), `label_key` (None: no
class labels) and `crop` (a centred square cut before resizing to `shape`).
"""

import dataclasses

KINDS = ("image", "mixture", "stacked", "translation", "captions", "folder")
_MNIST_SPLITS = {"train": 60_000, "test": 10_000}
_PACGAN = "Lin et al. 2018, PacGAN (reference code, following VEEGAN)"


@dataclasses.dataclass(frozen=True)
class Dataset:
    """One dataset and what the rest of ganzoo needs to know about it.

    Args:
        name: the name configs and `ganzoo.data.load` use, e.g. `"mnist"`.
        shape: the shape of one example, e.g. `(28, 28, 1)`; a model built
            for the set gets it as `image_shape`.
        kind: one of `KINDS`.
        loader: the `ganzoo.data.get_loader` name that serves it in training
            (`config.data.loader`), or None for evaluation-only sets.
        num_classes: labels per example (a mixture's components), or None.
        splits: split name -> number of examples, where known before loading.
        built_from: the on-disk sets it is made of (Stacked MNIST: MNIST).
        evaluator: the benchmark a run on this set is scored with when
            neither the config nor the zoo entry names one (a name registered
            in `ganzoo.metrics.evaluators`), or None.
        smoke_kwargs: `config.data.kwargs` of a `:smoke` config (few
            examples keep the shuffle buffer and the sampling cheap).
        params: kind-specific settings (a mixture's layout and std).
        source: where the set (or its setting) comes from.
    """

    name: str
    shape: tuple
    kind: str
    loader: str | None = "load"
    num_classes: int | None = None
    splits: dict = dataclasses.field(default_factory=dict)
    built_from: tuple = ()
    evaluator: str | None = None
    smoke_kwargs: dict = dataclasses.field(default_factory=lambda: {"take": 1024})
    params: dict = dataclasses.field(default_factory=dict)
    source: str = ""

    @property
    def files_needed(self):
        """The on-disk sets (raw files) a run on this set reads, sorted."""
        return tuple(sorted({self.name} if self.kind == "image" else self.built_from))


def _declare(*datasets):
    table = {}
    for dataset in datasets:
        if dataset.name in table or dataset.kind not in KINDS:
            raise ValueError(
                f"Received: dataset {dataset.name!r} of kind {dataset.kind!r}; "
                f"expected a new name and a kind in {list(KINDS)}."
            )
        table[dataset.name] = dataset
    return table


DATASETS = _declare(
    Dataset(
        "mnist",
        (28, 28, 1),
        "image",
        num_classes=10,
        splits=_MNIST_SPLITS,
        evaluator="domain_fid",
        source="LeCun et al. 1998",
    ),
    Dataset(
        "fashion_mnist",
        (28, 28, 1),
        "image",
        num_classes=10,
        splits=_MNIST_SPLITS,
        evaluator="domain_fid",
        source="Xiao et al. 2017",
    ),
    Dataset(
        "cifar10",
        (32, 32, 3),
        "image",
        num_classes=10,
        splits={"train": 50_000, "test": 10_000},
        params=dict(
            raw_files=("cifar-10-binary.tar.gz",),
            url="https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
            label_key="label",
        ),
        source="Krizhevsky 2009",
    ),
    Dataset(
        "svhn_cropped",
        (32, 32, 3),
        "image",
        num_classes=10,
        splits={"train": 73_257, "test": 26_032, "extra": 531_131},
        params=dict(
            raw_files=("extra_32x32.mat", "test_32x32.mat", "train_32x32.mat"),
            url="http://ufldl.stanford.edu/housenumbers/",
            label_key="label",
        ),
        source="Netzer et al. 2011 (the cropped 32x32 digits)",
    ),
    Dataset(
        "celeb_a",
        (64, 64, 3),
        "image",
        splits={"train": 162_770, "validation": 19_867, "test": 19_962},
        params=dict(
            raw_files=(
                "identity_CelebA.txt",
                "img_align_celeba.zip",
                "list_attr_celeba.txt",
                "list_eval_partition.txt",
                "list_landmarks_align_celeba.txt",
            ),
            url="https://mmlab.ie.cuhk.edu.hk/projects/CelebA.html (Google Drive)",
            label_key=None,
            # The aligned 178x218 faces, centre 108x108 crop, resized to 64
            # (the crop of the DCGAN-tensorflow and WGAN-GP CelebA code).
            crop=108,
        ),
        source="Liu et al. 2015",
    ),
    Dataset(
        "folder",
        (64, 64, 3),
        "folder",
        loader="folder",
        smoke_kwargs={},
        source="a user's own images (ganzoo.data.load_folder)",
    ),
    Dataset(
        "ring8",
        (2,),
        "mixture",
        num_classes=8,
        evaluator="mode_coverage",
        smoke_kwargs={"num_examples": 1024},
        params=dict(layout="ring", num_modes=8, radius=1.0, std=0.01),
        source=_PACGAN,
    ),
    Dataset(
        "grid25",
        (2,),
        "mixture",
        num_classes=25,
        evaluator="mode_coverage",
        smoke_kwargs={"num_examples": 1024},
        params=dict(layout="grid", size=5, spacing=2.0, std=0.05),
        source=_PACGAN,
    ),
    Dataset(
        "stacked_mnist",
        (28, 28, 3),
        "stacked",
        loader="stacked_mnist",
        num_classes=1000,
        built_from=("mnist",),
        evaluator="mode_coverage",
        smoke_kwargs={"num_examples": 1024},
        source="Metz et al. 2017 (Unrolled GANs); PacGAN's protocol",
    ),
    Dataset(
        "mnist_pair",
        (32, 32, 1),
        "translation",
        loader="translation",
        num_classes=10,
        built_from=("mnist",),
        evaluator="translation",
        source="ganzoo: MNIST digits -> thickened, inverted, coloured digits",
    ),
    Dataset(
        "shapes",
        (64, 64, 3),
        "captions",
        loader="captions",
        evaluator="stackgan_attributes",
        source="ganzoo: rendered shapes with attribute captions",
    ),
)


def list_datasets(kind=None):
    """Sorted dataset names, all or those of one `kind` (see `KINDS`)."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"Received: `kind={kind!r}`; expected one of {list(KINDS)}.")
    return sorted(n for n, d in DATASETS.items() if kind in (None, d.kind))


def get_dataset(name):
    """Returns the `Dataset` declared as `name`; unknown names list the others.

    Example:

    >>> ganzoo.data.get_dataset("ring8").shape
    (2,)
    """
    if name not in DATASETS:
        raise ValueError(
            f"Received: `dataset={name!r}`; expected one of {list_datasets()}."
        )
    return DATASETS[name]
