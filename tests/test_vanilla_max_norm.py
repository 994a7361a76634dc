"""The 2014 GAN's max-norm constraint on D's maxout pieces (pylearn2 max_col_norm)."""

import keras
import numpy as np

import ganzoo


def _piece_norms(gan):
    kernels = [
        w.numpy()
        for w in gan.discriminator.trainable_weights
        if w.name == "kernel" and w.shape[-1] > 1  # The maxout pieces.
    ]
    return [np.linalg.norm(k, axis=0) for k in kernels]


def test_every_update_keeps_the_pieces_within_the_norm():
    keras.utils.set_random_seed(0)
    kwargs = dict(image_shape=(8, 8, 1), latent_dim=4, g_hidden_units=(16,))
    gan = ganzoo.build(
        "vanilla", d_hidden_units=(8,), pieces=2, d_max_norm=0.3, **kwargs
    )
    gan.compile(
        d_optimizer=keras.optimizers.SGD(1.0),  # Large steps push norms up.
        g_optimizer=keras.optimizers.SGD(0.1),
        jit_compile=True,
    )
    images = np.random.default_rng(0).uniform(-1, 1, (64, 8, 8, 1)).astype("float32")
    gan.fit(images, batch_size=32, epochs=2, verbose=0)
    norms = _piece_norms(gan)
    assert norms and all(n.max() <= 0.3 + 1e-5 for n in norms)
    # Without the constraint the same steps leave pieces longer than that.
    keras.utils.set_random_seed(0)
    free = ganzoo.build("vanilla", d_hidden_units=(8,), pieces=2, **kwargs)
    free.compile(
        d_optimizer=keras.optimizers.SGD(1.0),
        g_optimizer=keras.optimizers.SGD(0.1),
        jit_compile=True,
    )
    free.fit(images, batch_size=32, epochs=2, verbose=0)
    assert max(n.max() for n in _piece_norms(free)) > 0.3


def test_the_constraint_survives_saving(tmp_path):
    gan = ganzoo.build(
        "vanilla", image_shape=(8, 8, 1), latent_dim=4, g_hidden_units=(16,),
        d_hidden_units=(8,), pieces=2, d_max_norm=1.9365,
    )  # fmt: skip
    path = str(tmp_path / "d.keras")
    gan.discriminator.save(path)
    loaded = keras.models.load_model(
        path, custom_objects={"Maxout": ganzoo.nets.Maxout}
    )
    maxout = [layer for layer in loaded.layers if isinstance(layer, ganzoo.nets.Maxout)]
    assert maxout[0].kernel_constraint.get_config()["max_value"] == 1.9365
