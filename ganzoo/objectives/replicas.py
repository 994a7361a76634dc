"""Per-replica arithmetic of a train step under `tf.distribute`.

The engine (`ganzoo.GAN`) needs these inside its step: the replica count
(losses are divided by it so summed gradients equal the single-device
gradient of the global batch), a per-replica noise seed, and logs a
multi-worker `fit` can reduce. Strategies themselves are made in
`ganzoo.training.distribute`.
"""

import tensorflow as tf


def num_replicas():
    """Returns the current strategy's `num_replicas_in_sync` (1 without one)."""
    return tf.distribute.get_strategy().num_replicas_in_sync


def replica_seed(seed_generator):
    """Returns an int32 stateless-RNG seed distinct for each replica.

    Every replica holds the same `keras.random.SeedGenerator` state, so
    `keras.random` would give each the same noise: N copies of one fake batch
    instead of a global batch of independent samples. The replica id is
    folded into the generator's next seed (a stateless draw, so XLA still
    compiles it).

    Args:
        seed_generator: the model's `keras.random.SeedGenerator`.
    """
    context = tf.distribute.get_replica_context()
    replica = 0 if context is None else context.replica_id_in_sync_group
    seed = tf.cast(seed_generator.next(), "int64")
    seed += tf.stack([tf.cast(replica, "int64") * 1_000_003, 0])
    return tf.cast(tf.math.floormod(seed, tf.int32.max - 1), "int32")


def in_multi_worker_mode():
    """Whether the current strategy spans several workers."""
    strategy = tf.distribute.get_strategy()
    return (
        isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy)
        and strategy.extended._in_multi_worker_mode()  # No public way to ask.
    )


def with_batched_logs(train_step):
    """Wraps a train step so that its logs have a batch axis of size 1.

    Keras 3.15's `fit` reduces each worker's logs in a multi-worker run with
    `strategy.reduce("MEAN", logs, axis=0)`, which fails on the scalars a
    train step returns; a `(1,)` axis reduces to the same mean. Wrapping
    twice is a no-op.

    Args:
        train_step: a `keras.Model.train_step` returning a dict of scalars.
    """
    if getattr(train_step, "batched_logs", False):
        return train_step

    def train_step_with_batched_logs(data):
        logs = train_step(data)
        return {name: tf.reshape(value, (1,)) for name, value in logs.items()}

    train_step_with_batched_logs.batched_logs = True
    return train_step_with_batched_logs
