r"""SGAN's train step in ganzoo against the same step in plain PyTorch, interleaved.

    pip install -e ".[compare]"   # torch (a CPU wheel is enough)
    python -m benchmarks.sgan_speed_compare --threads=1 --steps=20 --repeats=5 \
        --out_json=/tmp/sgan_speed.json

Times, alternately in one process (so a change of load hits both alike):

- `ganzoo`: `zoo_configs/sgan_mnist.py`'s model (Salimans et al.'s
  weight-normalised MLP D, softplus/batch-norm G, feature matching) compiled
  as the config trains it (`jit_compile="auto"`, its optimizers), stepping
  through `fit` on one repeated batch of 100 labeled, 100 unlabeled and 100
  more unlabeled images (G's batch);
- `torch`: the same networks, losses and optimizers written in PyTorch eager
  below (`TorchSGAN`): D scores the 300 images of its step in one call, G's
  step takes D's features of its real batch without a graph
  (`torch.no_grad`) and differentiates G only (`torch.autograd.grad`).
  The data-dependent initialisation is left out: it runs once, before the
  first step, and changes no step's cost.

Each measurement gives a rate in wall-clock time and one in the CPU time
of the process (all its threads): on a shared machine the second changes
less with the load. Both draw every noise value the recipe has (N(0, 0.3)
on D's input, N(0, 0.5) after each hidden layer, U(-1, 1) latents) per
step, use the code's Adam (epsilon inside the root) and D's parameter
average. Rates are medians over `--repeats`, with min and max; the report
names the machine, its load average before and after, the thread count and
the commit.

`torch` is optional (the `[compare]` extra); without it only ganzoo's half
runs. The ganzoo half alone is what `tests/test_sgan_speed.py` exercises.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import contextlib  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from absl import app, flags  # noqa: E402

FLAGS = flags.FLAGS


def define_flags():
    """The binary's flags (defined on start, so importing defines none)."""
    flags.DEFINE_integer("steps", 20, "Timed steps per measurement.")
    flags.DEFINE_integer("warmup", 3, "Untimed steps first (tracing).")
    flags.DEFINE_integer("repeats", 5, "Measurements per side.")
    flags.DEFINE_integer(
        "threads", 0, "Threads of each library (TF intra- and inter-op, torch); 0: all."
    )
    flags.DEFINE_enum(
        "torch",
        "auto",
        ["auto", "yes", "no"],
        "Time the PyTorch half (auto: if found).",
    )
    flags.DEFINE_string("out_json", None, "Where to write the report.")


BATCH = 100  # zoo_configs/sgan_mnist.py: 100 labeled, unlabeled and G's images.


def set_threads(threads):
    """Gives TensorFlow (and torch, if imported later) `threads` threads."""
    import tensorflow as tf

    if threads:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)


def recipe_kwargs(**overrides):
    """The builder arguments of `zoo_configs/sgan_mnist.py`, plus `overrides`."""
    from zoo_configs import sgan_mnist

    return {**sgan_mnist.get_config().model.kwargs.to_dict(), **overrides}


def ganzoo_side(batch_size=BATCH, warmup=3, **overrides):
    """`(gan, dataset, time_steps)`: the recipe's SGAN ready to be timed."""
    import keras
    import tensorflow as tf

    import ganzoo
    from benchmarks import speed

    keras.utils.set_random_seed(0)
    gan = ganzoo.build("sgan", seed=0, **recipe_kwargs(**overrides))
    gan.compile()  # The recipe's optimizers and `jit_compile="auto"`.
    (labeled, labels), unlabeled = gan.synthetic_batch(batch_size, seed=1)
    _, generator_unlabeled = gan.synthetic_batch(batch_size, seed=3)
    batch = ((labeled, labels), unlabeled, generator_unlabeled)
    dataset = tf.data.Dataset.from_tensors(batch).repeat()
    speed.time_steps(gan, dataset, warmup)  # Data init, tracing.
    return gan, dataset, _timed(lambda steps: speed.time_steps(gan, dataset, steps))


def _timed(run):
    """`steps -> (wall seconds, CPU seconds of this process)` around `run`."""

    def time_steps(steps):
        cpu = time.process_time()
        wall = run(steps)
        return wall, time.process_time() - cpu

    return time_steps


class TorchSGAN:
    """The recipe's networks, losses and updates in PyTorch eager.

    Args:
        hidden_units: D's hidden widths.
        generator_units: G's hidden widths.
        latent_dim: size of G's U(-1, 1) noise.
        num_classes: K.
        batch_size: images per labeled, unlabeled and G batch.
    """

    def __init__(
        self,
        hidden_units=(1000, 500, 250, 250, 250),
        generator_units=(500, 500),
        latent_dim=100,
        num_classes=10,
        batch_size=BATCH,
    ):
        import torch

        self.torch = torch
        image_size = 28 * 28  # MNIST, as `zoo_configs/sgan_mnist.py`.
        self.latent_dim, self.batch_size = latent_dim, batch_size
        widths = [image_size, *hidden_units]
        # D: weight-normalised layers `(v, g, b)`, g fixed but in the logits.
        self.d_layers = [
            self._wn(i, o) for i, o in zip(widths, widths[1:], strict=False)
        ]
        self.d_layers.append(self._wn(widths[-1], num_classes))
        self.d_params = [p for v, g, b in self.d_layers for p in (v, b)]
        self.d_layers[-1][1].requires_grad_(True)
        self.d_params.append(self.d_layers[-1][1])
        # G: bias-free dense, batch norm (centre only), softplus; WN sigmoid.
        widths = [latent_dim, *generator_units]
        self.g_dense = [
            torch.nn.Linear(i, o, bias=False)
            for i, o in zip(widths, widths[1:], strict=False)
        ]
        self.g_norms = [
            torch.nn.BatchNorm1d(o, eps=1e-6, momentum=0.1, affine=False)
            for o in generator_units
        ]
        self.g_shift = [torch.zeros(o, requires_grad=True) for o in generator_units]
        v, g, b = self._wn(widths[-1], image_size, std=None)
        g.requires_grad_(True)
        self.g_out = (v, g, b)
        self.g_params = [p for d in self.g_dense for p in d.parameters()]
        self.g_params += [*self.g_shift, v, g, b]
        self.d_adam = self._adam_state(self.d_params)
        self.g_adam = self._adam_state(self.g_params)
        self.d_average = [p.detach().clone() for p in self.d_params]

    def _wn(self, fan_in, units, std=0.1):
        torch = self.torch
        if std is None:  # Glorot uniform, as G's output layer in Keras.
            limit = (6.0 / (fan_in + units)) ** 0.5
            v = torch.empty(fan_in, units).uniform_(-limit, limit)
        else:
            v = torch.randn(fan_in, units) * std
        return (
            v.requires_grad_(True),
            torch.ones(units),
            torch.zeros(units, requires_grad=True),
        )

    def _dense(self, x, layer):
        v, g, b = layer  # improved-gan's DenseLayer: scale x @ v per unit.
        return x @ v * (g / (v.square().sum(0) + 1e-6).sqrt()) + b

    def discriminator(self, images):
        torch = self.torch
        x = images.reshape(len(images), -1) * 0.5 + 0.5
        x = x + 0.3 * torch.randn_like(x)
        for layer in self.d_layers[:-1]:
            features = torch.relu(self._dense(x, layer))
            x = features + 0.5 * torch.randn_like(features)
        return self._dense(x, self.d_layers[-1]), features

    def generator(self, n):
        torch = self.torch
        x = torch.rand(n, self.latent_dim) * 2 - 1
        for dense, norm, shift in zip(
            self.g_dense, self.g_norms, self.g_shift, strict=True
        ):
            x = torch.nn.functional.softplus(norm(dense(x)) + shift)
        images = torch.sigmoid(self._dense(x, self.g_out)) * 2 - 1
        return images.reshape(n, 28, 28, 1)

    def _adam_state(self, params):
        zeros = [self.torch.zeros_like(p) for p in params]
        return dict(m=zeros, v=[z.clone() for z in zeros], t=0)

    def _adam(self, state, params, grads, lr=3e-3, beta_1=0.5, beta_2=0.999):
        # improved-gan's nn.adam_updates: p -= lr m_hat / sqrt(v_hat + 1e-8).
        torch = self.torch
        state["t"] += 1
        t = state["t"]
        with torch.no_grad():
            torch._foreach_lerp_(state["m"], grads, 1 - beta_1)
            torch._foreach_mul_(state["v"], beta_2)
            torch._foreach_addcmul_(state["v"], grads, grads, value=1 - beta_2)
            denominator = torch._foreach_div(state["v"], 1 - beta_2**t)
            torch._foreach_add_(denominator, 1e-8)
            torch._foreach_sqrt_(denominator)
            step = -lr / (1 - beta_1**t)
            torch._foreach_addcdiv_(params, state["m"], denominator, value=step)

    def step(self, labeled, labels, unlabeled, generator_unlabeled):
        """One D update then one G update; returns `(d_loss, g_loss)`."""
        torch = self.torch
        functional = torch.nn.functional
        n = self.batch_size
        with torch.no_grad():
            fake = self.generator(n)
        logits, _ = self.discriminator(torch.cat([labeled, unlabeled, fake]))
        labeled_logits, unlabeled_logits, fake_logits = logits.split(
            [len(labeled), len(unlabeled), n]
        )
        real = torch.logsumexp(unlabeled_logits, 1)
        fake_lse = torch.logsumexp(fake_logits, 1)
        unsupervised = 0.5 * (
            functional.softplus(-real).mean() + functional.softplus(fake_lse).mean()
        )
        d_loss = functional.cross_entropy(labeled_logits, labels) + unsupervised
        grads = torch.autograd.grad(d_loss, self.d_params)
        self._adam(self.d_adam, self.d_params, grads)
        with torch.no_grad():
            torch._foreach_lerp_(self.d_average, self.d_params, 1 - 0.9999)
            _, real_features = self.discriminator(generator_unlabeled)
        _, fake_features = self.discriminator(self.generator(n))
        g_loss = (real_features.mean(0) - fake_features.mean(0)).square().mean()
        grads = torch.autograd.grad(g_loss, self.g_params)
        self._adam(self.g_adam, self.g_params, grads)
        return float(d_loss), float(g_loss)


def torch_side(batch_size=BATCH, warmup=3, threads=0):
    """`(model, time_steps)`: `TorchSGAN` on a fixed batch, ready to be timed."""
    import torch

    if threads:
        torch.set_num_threads(threads)
        with contextlib.suppress(RuntimeError):  # Only before any parallel work.
            torch.set_num_interop_threads(threads)
    torch.manual_seed(0)
    model = TorchSGAN(batch_size=batch_size)
    images = [torch.rand(batch_size, 28, 28, 1) * 2 - 1 for _ in range(3)]
    labels = torch.randint(10, (batch_size,))
    batch = (images[0], labels, images[1], images[2])

    def run(steps):
        start = time.perf_counter()
        for _ in range(steps):
            model.step(*batch)
        return time.perf_counter() - start

    run(warmup)
    return model, _timed(run)


def compare(steps, repeats, warmup=3, threads=0, with_torch=True, **overrides):
    """Steps/s of each side, alternately measured; a dict report."""
    set_threads(threads)
    sides = {"ganzoo": ganzoo_side(warmup=warmup, **overrides)[-1]}
    if with_torch:
        sides["torch"] = torch_side(warmup=warmup, threads=threads)[-1]
    rates = {name: [] for name in sides}
    cpu_rates = {name: [] for name in sides}
    for _ in range(repeats):
        for name, time_steps in sides.items():
            wall, cpu = time_steps(steps)
            rates[name].append(steps / wall)
            cpu_rates[name].append(steps / cpu)
    report = {
        name: dict(
            steps_per_s=statistics.median(values),
            min_steps_per_s=min(values),
            max_steps_per_s=max(values),
            steps_per_cpu_s=statistics.median(cpu_rates[name]),
            rates=values,
            cpu_rates=cpu_rates[name],
        )
        for name, values in rates.items()
    }
    if with_torch:
        for key in ("steps_per_s", "steps_per_cpu_s"):
            report[f"ratio_ganzoo_to_torch_{key}"] = (
                report["ganzoo"][key] / report["torch"][key]
            )
    return report


def _torch_available():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv):
    del argv
    from benchmarks import runner

    with_torch = {"yes": True, "no": False}.get(FLAGS.torch)
    if with_torch is None:
        with_torch = _torch_available()
    load_before = os.getloadavg()
    report = compare(
        FLAGS.steps, FLAGS.repeats, FLAGS.warmup, FLAGS.threads, with_torch
    )
    report.update(
        machine=runner.machine(),
        cpus=os.cpu_count(),
        threads=FLAGS.threads or "all",
        commit=runner.git_commit(),
        load_average_before=load_before,
        load_average_after=os.getloadavg(),
        steps=FLAGS.steps,
        repeats=FLAGS.repeats,
        date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    )
    if with_torch:
        import torch

        report["torch_version"] = torch.__version__
    for name in ("ganzoo", "torch"):
        if name in report:
            r = report[name]
            print(
                f"{name:7s} {r['steps_per_s']:6.2f} steps/s "
                f"[{r['min_steps_per_s']:.2f}, {r['max_steps_per_s']:.2f}], "
                f"{r['steps_per_cpu_s']:6.2f} steps per CPU s"
            )
    if with_torch:
        print(
            "ganzoo / torch: "
            f"{report['ratio_ganzoo_to_torch_steps_per_s']:.3f} (wall), "
            f"{report['ratio_ganzoo_to_torch_steps_per_cpu_s']:.3f} (CPU time)"
        )
    else:
        print("torch not found: only ganzoo's half ran (pip install -e '.[compare]').")
    print(
        f"{report['machine']}; threads {report['threads']}; commit "
        f"{report['commit']}; load average before {load_before}, after "
        f"{report['load_average_after']}"
    )
    if FLAGS.out_json:
        with open(FLAGS.out_json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    define_flags()
    app.run(main)
