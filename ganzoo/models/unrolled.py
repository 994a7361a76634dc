"""`unrolled`: Unrolled GAN, Metz, Poole, Pfau & Sohl-Dickstein (ICLR 2017).

The generator's loss is taken against the discriminator as it would be
after `unroll_steps` more updates, `f_K(theta_G, theta_D) =
f(theta_G, theta_D^K(theta_G, theta_D))` (the paper's eq. 3-5), and the
generator's gradient goes through those updates: the unrolled weights are
plain tensors computed inside nested `tf.GradientTape`s and fed to the
discriminator with `keras.Model.stateless_call`, so the outer tape sees how
they depend on the generator. The real discriminator keeps its weights; it
trains with the usual step of the engine's k-step loop.
"""

import keras
import tensorflow as tf
from keras import ops

from ganzoo import nets
from ganzoo.gan import GAN
from ganzoo.registry import optimizer, register

UNROLL_RULES = ("adam", "sgd")
# The authors' mixture notebook (Poole's unrolled_gan): Adam with beta_1 0.5,
# 1e-4 for D, 1e-3 for G, 5 unrolling steps.
PAPER_D_ADAM = optimizer("Adam", learning_rate=1e-4, beta_1=0.5)
PAPER_G_ADAM = optimizer("Adam", learning_rate=1e-3, beta_1=0.5)


def _safe_sqrt(x):
    # sqrt's derivative at 0 is inf; an Adam velocity that is exactly 0 (a
    # weight that never had a gradient) would turn the second-order gradient
    # into inf * 0 = NaN. Same value, zero gradient there.
    positive = x > 0
    return ops.where(positive, ops.sqrt(ops.where(positive, x, 1.0)), 0.0)


@keras.saving.register_keras_serializable(package="ganzoo")
class UnrolledGAN(GAN):
    """A GAN whose generator looks `unroll_steps` discriminator updates ahead.

    Each generator update evaluates its loss against unrolled discriminator
    weights `theta_D^K`, built from the current weights by `unroll_steps`
    updates on the step's real batch and generated batch, and differentiates
    through them (second order: the generator's gradient includes how
    `theta_D^K` depends on the generator). The discriminator's own update is
    the engine's, unchanged, and the unrolled weights are thrown away.

    Two unrolling rules (`unroll_rule`):
    - `"adam"` (default): the discriminator's own Adam update, continuing
      from its current moment estimates and step count, as the authors'
      reference notebook unrolls its optimizer; the unrolled steps then
      match the real ones in size.
    - `"sgd"`: plain gradient steps, the paper's eq. 2, `theta_{k+1} =
      theta_k - eta * dL_D/dtheta_k`, with `eta` = `unroll_learning_rate`.

    Args:
        generator: `keras.Model` from `(batch, latent_dim)` noise to samples.
        discriminator: `keras.Model` from samples to `(batch, 1)` logits.
        latent_dim: size of the noise vector z.
        unroll_steps: K, the unrolled discriminator updates (0: a plain GAN
            step; the paper's mixture experiment: 5).
        unroll_rule: `"adam"` or `"sgd"`, see above.
        unroll_learning_rate: the step size of the unrolled updates; `None`
            takes the discriminator optimizer's current learning rate.
        **kwargs: other `ganzoo.GAN` arguments (`loss`, `d_steps`,
            `penalty`, `clip_value`, `seed`, ...). A penalty and clipping
            apply to the unrolled updates too.

    Example:

    ```python
    gan = ganzoo.build("unrolled", image_shape=(2,), unroll_steps=5)
    gan.compile()
    ```

    Reference: Metz, Poole, Pfau & Sohl-Dickstein, "Unrolled Generative
    Adversarial Networks", ICLR 2017, section 2.
    """

    def __init__(
        self,
        generator,
        discriminator,
        latent_dim,
        unroll_steps=5,
        unroll_rule="adam",
        unroll_learning_rate=None,
        **kwargs,
    ):
        super().__init__(generator, discriminator, latent_dim, **kwargs)
        if (
            isinstance(unroll_steps, bool)
            or not isinstance(unroll_steps, int)
            or unroll_steps < 0
        ):
            raise ValueError(
                f"Received: `unroll_steps={unroll_steps!r}`; expected an integer "
                ">= 0 (0 is the plain GAN step; the paper's mixtures used 5)."
            )
        if unroll_rule not in UNROLL_RULES:
            raise ValueError(
                f"Received: `unroll_rule={unroll_rule!r}`; expected one of "
                f"{list(UNROLL_RULES)}."
            )
        if unroll_learning_rate is not None and not (
            isinstance(unroll_learning_rate, (int, float)) and unroll_learning_rate > 0
        ):
            raise ValueError(
                f"Received: `unroll_learning_rate={unroll_learning_rate!r}`; "
                "expected None (the discriminator optimizer's rate) or a number > 0."
            )
        self.unroll_steps = unroll_steps
        self.unroll_rule = unroll_rule
        self.unroll_learning_rate = (
            None if unroll_learning_rate is None else float(unroll_learning_rate)
        )

    # -- The unrolled discriminator ----------------------------------------------

    def _critic_at(self, weights, non_trainable):
        def critic(samples, training=True):
            logits, _ = self.discriminator.stateless_call(
                weights, non_trainable, samples, training=training
            )
            return logits

        return critic

    def _unrolled_loss(self, weights, non_trainable, real, fake):
        critic = self._critic_at(weights, non_trainable)
        loss = self.discriminator_loss(critic(real), critic(fake))
        if self.penalty_fn is not None:
            penalty = self.penalty_fn(critic, real, fake, seed=self.seed_generator)
            loss = loss + self.penalty_weight * penalty
        return loss

    def _adam_state(self, opt, variables):
        # The discriminator's Adam slots, read through Keras's private
        # attributes (`_momentums`, `_velocities`): there is no public
        # accessor, and unrolling must continue from them.
        if not isinstance(opt, keras.optimizers.Adam) or opt.amsgrad:
            raise ValueError(
                f"Received: a `{type(opt).__name__}` discriminator optimizer with "
                "`unroll_rule='adam'`; expected keras.optimizers.Adam (without "
                "amsgrad), or `unroll_rule='sgd'`."
            )
        if not opt.built:
            opt.build(variables)
        index = [opt._get_variable_index(v) for v in variables]
        moments = [ops.convert_to_tensor(opt._momentums[i]) for i in index]
        velocities = [ops.convert_to_tensor(opt._velocities[i]) for i in index]
        return moments, velocities

    def _learning_rate(self, opt):
        if self.unroll_learning_rate is not None:
            return self.unroll_learning_rate
        return ops.cast(opt._get_current_learning_rate(), "float32")

    def unrolled_weights(self, real, fake):
        """The discriminator's trainable weights after `unroll_steps` updates.

        Differentiable in `fake` (and so in the generator's weights when
        called under its tape). The discriminator's variables, and its
        optimizer's, are left unchanged.

        Args:
            real: a batch of real samples.
            fake: a batch of generated samples (the same batch every step,
                as the authors' notebook reuses its samples).

        Returns:
            A list of tensors in the order of
            `discriminator.trainable_variables`.
        """
        variables = self.discriminator.trainable_variables
        weights = [tf.identity(ops.convert_to_tensor(v)) for v in variables]
        non_trainable = [
            ops.convert_to_tensor(v) for v in self.discriminator.non_trainable_variables
        ]
        opt = getattr(self.d_optimizer, "inner_optimizer", self.d_optimizer)
        rate = self._learning_rate(opt)
        if self.unroll_rule == "adam":
            moments, velocities = self._adam_state(opt, variables)
            step = ops.cast(opt.iterations, "float32")
            beta_1, beta_2 = float(opt.beta_1), float(opt.beta_2)
        for _ in range(self.unroll_steps):
            with tf.GradientTape() as tape:
                tape.watch(weights)
                loss = self._unrolled_loss(weights, non_trainable, real, fake)
            grads = tape.gradient(loss, weights)
            if self.unroll_rule == "sgd":
                weights = [w - rate * g for w, g in zip(weights, grads, strict=True)]
            else:  # Keras's update, keras.optimizers.Adam.update_step.
                step = step + 1.0
                alpha = rate * ops.sqrt(1 - beta_2**step) / (1 - beta_1**step)
                for i, g in enumerate(grads):
                    moments[i] = moments[i] + (g - moments[i]) * (1 - beta_1)
                    velocities[i] += (g * g - velocities[i]) * (1 - beta_2)
                    weights[i] = weights[i] - alpha * moments[i] / (
                        _safe_sqrt(velocities[i]) + opt.epsilon
                    )
            if self.clip_value is not None:
                weights = [
                    ops.clip(w, -self.clip_value, self.clip_value) for w in weights
                ]
        return weights

    # -- Game hooks --------------------------------------------------------------

    def generator_objective(self, batch):
        """The generator's loss against the unrolled discriminator `theta_D^K`."""
        real = batch["real"]
        latents = self.sample_latent(ops.shape(real)[0])
        fake = self.generator(latents, training=True)
        if self.unroll_steps == 0:
            logits = self.discriminator(fake, training=True)
        else:
            weights = self.unrolled_weights(real, fake)
            non_trainable = [
                ops.convert_to_tensor(v)
                for v in self.discriminator.non_trainable_variables
            ]
            logits = self._critic_at(weights, non_trainable)(fake)
        g_loss = self.generator_loss(logits)
        return g_loss, {"g_loss": g_loss}

    def get_config(self):
        config = super().get_config()
        config.update(
            unroll_steps=self.unroll_steps,
            unroll_rule=self.unroll_rule,
            unroll_learning_rate=self.unroll_learning_rate,
        )
        return config


@register(
    "unrolled",
    smoke_kwargs=dict(
        image_shape=(4, 4, 1),
        latent_dim=2,
        g_hidden_units=(16,),
        d_hidden_units=(8,),
        pieces=2,
        unroll_steps=2,
    ),
    paper=(
        "Metz, Poole, Pfau & Sohl-Dickstein, Unrolled Generative Adversarial "
        "Networks, ICLR 2017"
    ),
    d_optimizer=PAPER_D_ADAM,
    g_optimizer=PAPER_G_ADAM,
    evaluator="mode_coverage",
    dataset="ring8",
    # The paper's value function f (eq. 1), which G minimises unrolled; the
    # notebook's generator loss is minus the discriminator's.
    loss="minimax",
    d_steps=1,
)
def build_unrolled(
    image_shape=(2,),
    latent_dim=2,
    g_hidden_units=(400, 400, 400, 400),
    d_hidden_units=(200, 200, 200),
    pieces=5,
    unroll_steps=5,
    unroll_rule="adam",
    unroll_learning_rate=None,
    **kwargs,
):
    """Builds an Unrolled GAN on MLPs (the paper's 2D mixture experiment).

    The networks are those of ganzoo's other mixture configs, close to
    PacGAN's (a 400x4 ReLU generator, a 200x3 maxout discriminator without
    dropout), so the mode-collapse table compares like with like; the
    paper's own were smaller.

    Args:
        image_shape: shape of one sample (`(2,)` for the mixtures; an image
            shape gives the same MLPs on flattened pixels, tanh output).
        latent_dim: noise size.
        g_hidden_units: the generator's ReLU widths.
        d_hidden_units: the discriminator's maxout widths.
        pieces: linear pieces per maxout unit.
        unroll_steps: K (the paper's mixtures: 5).
        unroll_rule: `"adam"` (the authors' notebook) or `"sgd"` (eq. 2).
        unroll_learning_rate: `None`: the discriminator optimizer's rate.
        **kwargs: other `ganzoo.GAN` arguments; `loss` (`minimax`, the
            paper's f) and `d_steps` (1) are the registration's defaults.

    Returns:
        An `UnrolledGAN`; `compile()` defaults to the notebook's Adam
        (D 1e-4, G 1e-3, beta_1 0.5).

    Reference: Metz et al., ICLR 2017, section 3.1 and appendix A.
    """
    image_shape = tuple(image_shape)
    is_image = len(image_shape) == 3
    generator = nets.mlp_generator(
        image_shape, latent_dim, g_hidden_units, "tanh" if is_image else "linear"
    )
    discriminator = nets.mlp_discriminator(
        image_shape, d_hidden_units, pieces, input_dropout=0.0, hidden_dropout=0.0
    )
    return UnrolledGAN(
        generator,
        discriminator,
        latent_dim,
        unroll_steps=unroll_steps,
        unroll_rule=unroll_rule,
        unroll_learning_rate=unroll_learning_rate,
        name="unrolled",
        **kwargs,
    )
