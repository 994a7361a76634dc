"""The structure shared by every zoo config: `base_config(...)`.

A zoo config file `zoo_configs/<model>_<dataset>.py` defines
`get_config(arg=None)` and returns `base_config(...)` with its own sizes; the
`:smoke` argument (`--config=zoo_configs/dcgan_mnist.py:smoke`) swaps in tiny
sizes for a run of seconds. Fields read by `ganzoo.training.train`:

- `model.name`, `model.kwargs`: `ganzoo.build(name, **kwargs)`; `kwargs`
  includes the dataset's `image_shape`.
- `data.name`, `data.split`, `data.batch_size`, `data.seed`, `data.kwargs`
  (extra `ganzoo.data.load` arguments, e.g. `take` or `num_examples`).
- `train.steps`, `train.log_every` (steps per Keras epoch; the others must be
  multiples of it), `train.checkpoint_every`, `train.sample_every`,
  `train.num_samples_in_grid`, `train.seed`, `train.jit_compile` ("auto",
  True or False), `train.verbose` (Keras `fit` verbosity).
- Reliability and scale (`ganzoo.training` documents them):
  `train.deterministic` (`tf.config.experimental.enable_op_determinism()`),
  `train.distribute` ("none", "mirrored", "multi_worker", "tpu"; the batch
  size is the global batch), `train.tpu` (TPU address for "tpu"),
  `train.mixed_precision` ("float32", "mixed_float16", "mixed_bfloat16"),
  `train.on_divergence` ("stop", or "rollback" to the last good checkpoint
  with the learning rates times `train.rollback_lr_factor`, at most
  `train.max_rollbacks` times).
- `optimizer.d`, `optimizer.g`: None for the model's paper default, else a
  Keras optimizer identifier such as
  `{"class_name": "adam", "config": {"learning_rate": 1e-4}}`.

Configs import this module as `zoo_configs.common`, so run the binaries from
the repository root (an editable install also puts the root on `sys.path`).
"""

import ml_collections
from ml_collections.config_dict import FieldReference

# The shape of one example of each dataset `ganzoo.data.load` serves.
DATASET_SHAPES = {
    "mnist": (28, 28, 1),
    "fashion_mnist": (28, 28, 1),
    "ring8": (2,),
    "grid25": (2,),
    "shapes": (64, 64, 3),
}
ARGS = (None, "", "smoke")


def base_config(
    model,
    dataset,
    arg=None,
    *,
    model_kwargs=None,
    smoke_model_kwargs=None,
    steps=10_000,
    batch_size=64,
    log_every=100,
    checkpoint_every=1_000,
    sample_every=1_000,
    num_samples_in_grid=64,
    d_optimizer=None,
    g_optimizer=None,
    data_kwargs=None,
    seed=0,
):
    """Builds a training config; `arg="smoke"` gives a tiny, seconds-long run.

    Args:
        model: the zoo entry, e.g. `"dcgan"`.
        dataset: a `ganzoo.data.load` name, e.g. `"mnist"`.
        arg: the config argument after `:` on the command line (None or
            `"smoke"`).
        model_kwargs: builder arguments for the full run (`image_shape` is
            added from the dataset).
        smoke_model_kwargs: builder arguments that replace `model_kwargs`'
            values in a smoke run (small widths).
        steps: training steps (generator updates) of the full run.
        batch_size: examples per step.
        log_every: steps per logged chunk (one Keras epoch).
        checkpoint_every: steps between checkpoints (a multiple of
            `log_every`).
        sample_every: steps between sample grids (a multiple of `log_every`).
        num_samples_in_grid: samples drawn for each PNG.
        d_optimizer: discriminator optimizer identifier; None keeps the
            model's default.
        g_optimizer: generator optimizer identifier; same rule.
        data_kwargs: extra `ganzoo.data.load` arguments.
        seed: seeds weights, noise and the data order.

    Returns:
        An `ml_collections.ConfigDict`.

    Example:

    ```python
    def get_config(arg=None):
        return common.base_config("dcgan", "mnist", arg, model_kwargs=dict(
            latent_dim=100, base_filters=64))
    ```
    """
    if arg not in ARGS:
        raise ValueError(
            f"Received: config argument `{arg!r}`; expected one of {list(ARGS)} "
            "(e.g. `--config=zoo_configs/dcgan_mnist.py:smoke`)."
        )
    if dataset not in DATASET_SHAPES:
        raise ValueError(
            f"Received: `dataset={dataset!r}`; expected one of "
            f"{sorted(DATASET_SHAPES)}."
        )
    smoke = arg == "smoke"
    model_kwargs = dict(model_kwargs or {})
    data_kwargs = dict(data_kwargs or {})
    if smoke:
        model_kwargs.update(smoke_model_kwargs or {})
        steps, batch_size, num_samples_in_grid = 20, 16, 16
        log_every, checkpoint_every, sample_every = 5, 10, 10
        # Few examples keep the shuffle buffer (and mixture sampling) cheap.
        key = "num_examples" if DATASET_SHAPES[dataset] == (2,) else "take"
        data_kwargs[key] = 1024

    config = ml_collections.ConfigDict()
    config.model = ml_collections.ConfigDict()
    config.model.name = model
    # The model's sample shape must match the data's.
    config.model.kwargs = dict(model_kwargs, image_shape=DATASET_SHAPES[dataset])

    config.data = ml_collections.ConfigDict()
    config.data.name = dataset
    config.data.split = "train"
    config.data.batch_size = batch_size
    config.data.seed = seed
    config.data.kwargs = data_kwargs

    config.train = ml_collections.ConfigDict()
    config.train.steps = steps
    config.train.log_every = log_every
    config.train.checkpoint_every = checkpoint_every
    config.train.sample_every = sample_every
    config.train.num_samples_in_grid = num_samples_in_grid
    config.train.seed = seed
    # Typed `object` so both "auto" and True/False fit (also on the command
    # line: `--config.train.jit_compile=True`).
    config.train.jit_compile = FieldReference("auto", field_type=object)
    config.train.verbose = 1
    config.train.deterministic = False
    config.train.distribute = "none"
    config.train.tpu = ""
    config.train.mixed_precision = "float32"
    config.train.on_divergence = "stop"
    config.train.rollback_lr_factor = 0.5
    config.train.max_rollbacks = 3

    config.optimizer = ml_collections.ConfigDict()
    # A None default stays typed `object`, so the command line can set any
    # identifier: `--config.optimizer.d=sgd` or a dict literal.
    config.optimizer.d = d_optimizer or FieldReference(None, field_type=object)
    config.optimizer.g = g_optimizer or FieldReference(None, field_type=object)
    return config


def mixture_config(model, dataset, arg=None, **kwargs):
    """A `base_config` for the 2D mixtures (`ring8`, `grid25`).

    Defaults to the networks and schedule of the WGAN-GP toy code
    (gan_toy.py): 2-d noise, three hidden layers of 512, batch 256, and
    2,500-point sample plots (the PacGAN protocol's sample count). Any
    `base_config` argument overrides them.

    Args:
        model: registry name.
        dataset: `"ring8"` or `"grid25"`.
        arg: `None` or `"smoke"`.
        **kwargs: `base_config` arguments.
    """
    settings = dict(
        model_kwargs=dict(latent_dim=2, hidden_units=(512, 512, 512)),
        smoke_model_kwargs=dict(latent_dim=2, hidden_units=(16,)),
        steps=20_000,
        batch_size=256,
        log_every=500,
        checkpoint_every=5_000,
        sample_every=2_000,
        num_samples_in_grid=2_500,
    )
    settings.update(kwargs)
    return base_config(model, dataset, arg, **settings)
