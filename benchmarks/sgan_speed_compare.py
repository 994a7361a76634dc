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
  (`benchmarks.sgan_torch_peer.TorchSGAN`): D scores the 300 images of its
  step in one call, G's step takes D's features of its real batch without
  a graph (`torch.no_grad`) and differentiates G only
  (`torch.autograd.grad`).
  The data-dependent initialisation is left out: it runs once, before the
  first step, and changes no step's cost.

Each measurement gives a rate in wall-clock time and one in the CPU time
of the process (all its threads): on a shared machine the second changes
less with the load. Both draw every noise value the recipe has (N(0, 0.3)
on D's input, N(0, 0.5) after each hidden layer, U(-1, 1) latents) per
step, use the code's Adam (epsilon inside the root) and D's parameter
average. Rates are medians over `--repeats`, with min and max; the report
names the machine, its load average before and after, the thread count and
the commit. `--noise` also times D's noise alone (`noise_milliseconds`):
`keras.layers.GaussianNoise` against ganzoo's Box-Muller layer.

`torch` is optional (the `[compare]` extra); without it only ganzoo's half
runs. The ganzoo half alone is what `tests/test_sgan_speed.py` exercises.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

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
    flags.DEFINE_bool("noise", True, "Also time D's noise alone, Keras's and ganzoo's.")
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


def noise_milliseconds(repeats=5, calls=10, batch_size=BATCH):
    """Milliseconds per step of D's noise: Keras's draw against ganzoo's.

    One step of the recipe adds noise to D's input and five hidden layers
    on the D update's 3 x `batch_size` images and on the G update's 2 x
    `batch_size`; each way draws all of it in one `tf.function` (graph
    mode), the two interleaved. Returns `{"keras": ms, "ganzoo": ms}`.
    """
    import keras
    import tensorflow as tf

    from ganzoo.models.sgan import nets

    widths = (784, *nets.PAPER_HIDDEN_UNITS)
    stddevs = (0.3,) + (0.5,) * len(nets.PAPER_HIDDEN_UNITS)
    inputs = [
        tf.zeros((rows * batch_size, width)) for rows in (3, 2) for width in widths
    ]
    timers = {}
    for name, layer_class in (
        ("keras", keras.layers.GaussianNoise),
        ("ganzoo", nets.GaussianNoise),
    ):
        noise = [layer_class(s, seed=i) for i, s in enumerate(stddevs * 2)]
        draw = tf.function(
            lambda xs, noise=noise: [
                n(x, training=True) for n, x in zip(noise, xs, strict=True)
            ]
        )
        draw(inputs)
        timers[name] = draw
    seconds = {name: [] for name in timers}
    for _ in range(repeats):
        for name, draw in timers.items():
            start = time.perf_counter()
            for _ in range(calls):
                draw(inputs)
            seconds[name].append((time.perf_counter() - start) / calls)
    return {name: 1e3 * statistics.median(s) for name, s in seconds.items()}


def compare(steps, repeats, warmup=3, threads=0, with_torch=True, **overrides):
    """Steps/s of each side, alternately measured; a dict report."""
    set_threads(threads)
    sides = {"ganzoo": ganzoo_side(warmup=warmup, **overrides)[-1]}
    if with_torch:
        from benchmarks import sgan_torch_peer

        run = sgan_torch_peer.torch_side(warmup=warmup, threads=threads)[-1]
        sides["torch"] = _timed(run)
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
    if FLAGS.noise:
        report["noise_ms_per_step"] = noise_milliseconds(FLAGS.repeats)
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
    if FLAGS.noise:
        ms = report["noise_ms_per_step"]
        print(
            f"D's noise per step: keras {ms['keras']:.1f} ms, "
            f"ganzoo {ms['ganzoo']:.1f} ms"
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
