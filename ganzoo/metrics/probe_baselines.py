"""Baselines of the discriminator probe, on the same splits and draws.

`random_discriminator(gan)` is D's architecture freshly initialised (its
features go through `probe.probe_error` as D's do); `supervised_error`
trains that architecture, with a softmax head in place of D's logit, on
each draw's labels alone. With `probe.pixels` they say what D's training
added: DCGAN's claim is that its features beat a supervised network of the
same architecture given the same few labels (SVHN: 22.48% against 28.87%).
"""

import keras
import numpy as np

from ganzoo.metrics import probe


def random_discriminator(gan, seed=0):
    """D's architecture with fresh weights (seeds Keras's global state)."""
    d = probe._discriminator(gan)
    keras.utils.set_random_seed(seed)
    return keras.models.clone_model(d)


def classifier_like(gan, num_classes=10, seed=0):
    """D's architecture, freshly initialised, ending in `num_classes` logits.

    D's last layer (the real/fake logit) is replaced by a dense layer on
    that layer's input.
    """
    d = random_discriminator(gan, seed)
    logits = keras.layers.Dense(num_classes, name="class_logits")(d.layers[-1].input)
    return keras.Model(d.inputs, logits, name=f"{d.name}_supervised")


def supervised_error(
    gan,
    splits,
    labels_per_class=100,
    draws=5,
    seed=0,
    epochs=60,
    patience=10,
    batch_size=100,
    learning_rate=1e-3,
    valid_size=2_000,
):
    """Test error of D's architecture trained supervised on each draw.

    Adam on the softmax cross-entropy, at most `epochs` passes over the
    draw's labeled images; the weights of the epoch of least validation
    loss (on the first `valid_size` validation images) are kept, as the
    probe keeps the C of least validation error.

    Args:
        gan: a GAN whose `discriminator` gives the architecture.
        splits: `probe.probe_splits(...)`.
        labels_per_class, draws, seed: as `probe.probe_error`, so the draws
            are the same labeled images.
        epochs, patience, batch_size, learning_rate: the training recipe.
        valid_size: validation images used for early stopping.

    Returns:
        `{"error", "stderr", "errors", "epochs"}` as `probe.probe_error`.
    """
    x_valid, y_valid = (a[:valid_size] for a in splits["valid"])
    x_test, y_test = splits["test"]
    k = int(splits["pool"][1].max()) + 1
    errors, stopped = [], []
    draws = probe.label_draws(splits, labels_per_class, draws, seed)
    for i, index in enumerate(draws):
        model = classifier_like(gan, k, seed=seed + i)
        model.compile(
            keras.optimizers.Adam(learning_rate),
            keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        )
        stop = keras.callbacks.EarlyStopping(
            patience=patience, restore_best_weights=True
        )
        history = model.fit(
            splits["pool"][0][index],
            splits["pool"][1][index],
            batch_size=batch_size,
            epochs=epochs,
            validation_data=(x_valid, y_valid),
            callbacks=[stop],
            verbose=0,
        )
        best = int(np.argmin(history.history["val_loss"])) + 1
        logits = model.predict(x_test, batch_size=1000, verbose=0)
        errors.append(np.mean(np.argmax(logits, axis=1) != y_test))
        stopped.append(best)
    return probe._summary(errors, epochs=stopped)
