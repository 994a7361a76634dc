"""`tf.distribute` strategies by name, for `config.train.distribute`.

A model built and compiled under `strategy.scope()` is trained by Keras `fit`
on every replica: `fit` splits each global batch (`config.data.batch_size`)
across the replicas, and the train steps divide each replica's loss by the
number of replicas (`GAN.scale_loss`), so the summed gradients equal the
single-device gradient of the global batch.
"""

import tensorflow as tf

# Re-exported: they moved to the layer below, callers here still use them.
from ganzoo.objectives.replicas import (  # noqa: F401, E402
    in_multi_worker_mode,
    num_replicas,
    replica_seed,
    with_batched_logs,
)

STRATEGIES = ("none", "mirrored", "multi_worker", "tpu")


_STRATEGIES = {}  # (name, tpu) -> the process's strategy.


def check_name(name):
    """Returns `name` if it is one of `STRATEGIES`; raises otherwise."""
    if name not in STRATEGIES:
        raise ValueError(
            f"Received: `distribute={name!r}`; expected one of {list(STRATEGIES)}."
        )
    return name


def get_strategy(name, tpu=""):
    """Returns the `tf.distribute.Strategy` called `name`.

    Create it first thing in the program: `"multi_worker"` configures
    collective ops, which TensorFlow refuses once its devices are in use. The
    strategy is created once per process; later calls return it.

    Args:
        name: `"none"` (the default strategy: one device), `"mirrored"`
            (`MirroredStrategy`: every local GPU, else every logical CPU),
            `"multi_worker"` (`MultiWorkerMirroredStrategy`; the cluster
            comes from the `TF_CONFIG` environment variable) or `"tpu"`
            (`TPUStrategy`).
        tpu: the TPU's name or address for `TPUClusterResolver` (`""` for
            the TPU attached to this VM).

    Example:

    ```python
    strategy = ganzoo.training.distribute.get_strategy("mirrored")
    with strategy.scope():
        gan = ganzoo.build("dcgan")
        gan.compile()
    gan.fit(dataset)  # Each batch is split across the replicas.
    ```
    """
    check_name(name)
    if name == "none":
        return tf.distribute.get_strategy()
    # One strategy per process: two live MirroredStrategy objects over the
    # same devices issue clashing collective keys (seen as shape mismatches
    # in all-reduce), and a second MultiWorkerMirroredStrategy is refused.
    if (name, tpu) not in _STRATEGIES:
        _STRATEGIES[name, tpu] = _make_strategy(name, tpu)
    return _STRATEGIES[name, tpu]


def _make_strategy(name, tpu):
    if name == "mirrored":
        # Every GPU; without one, every logical CPU (one unless configured
        # with `tf.config.set_logical_device_configuration`, as tests do).
        devices = tf.config.list_logical_devices("GPU")
        devices = devices or tf.config.list_logical_devices("CPU")
        return tf.distribute.MirroredStrategy([d.name for d in devices])
    if name == "multi_worker":
        return tf.distribute.MultiWorkerMirroredStrategy()
    resolver = tf.distribute.cluster_resolver.TPUClusterResolver(tpu=tpu)
    tf.config.experimental_connect_to_cluster(resolver)
    tf.tpu.experimental.initialize_tpu_system(resolver)
    return tf.distribute.TPUStrategy(resolver)


def worker_id(strategy):
    """Returns `(is_chief, task_name)` of this process in `strategy`'s cluster.

    The chief writes the run's files (checkpoints, samples, logs); the other
    workers of a multi-worker run take part in each save (it is a collective
    operation) but write to a private folder. Without a cluster the process
    is the chief.

    Args:
        strategy: a `tf.distribute.Strategy`.
    """
    resolver = getattr(strategy, "cluster_resolver", None)
    task_type = getattr(resolver, "task_type", None)
    if task_type is None or isinstance(strategy, tf.distribute.TPUStrategy):
        return True, "chief"
    task_id = resolver.task_id or 0
    cluster = resolver.cluster_spec().as_dict()
    is_chief = task_type == "chief" or (
        task_type == "worker" and task_id == 0 and "chief" not in cluster
    )
    return is_chief, f"{task_type}_{task_id}"
