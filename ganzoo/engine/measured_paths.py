"""Steps/s of each entry's train step in graph mode and under XLA, per device.

    python -m benchmarks.throughput --write_paths   # rewrites this file

Read by `ganzoo.engine.execution.choose_jit_compile`: `compile(jit_compile="auto")`
takes the faster path. Keys are `"<entry>/<sample kind>"` (images, points);
each row names where its numbers come from.
"""

# ruff: noqa: E501 (written by benchmarks/throughput.py --write_paths)

MEASURED = {
    "cpu": {
        "acgan/images": {
            "graph": 9.84,
            "source": "benchmarks/throughput.py e72ad33+dirty, "
            "2026-12-01, 2x Intel(R) Xeon(R) Processor",
            "xla": 7.48,
        },
        "alpha_gan/points": {
            "graph": 26.36,
            "source": "benchmarks/throughput.py e72ad33+dirty, 2026-12-01, 2x Intel(R) Xeon(R) Processor",
            "xla": 47.96,
        },
        "dcgan/images": {
            "graph": 11.48,
            "source": "benchmarks/throughput.py e72ad33+dirty, "
            "2026-12-01, 2x Intel(R) Xeon(R) Processor",
            "xla": 8.68,
        },
        "dragan/points": {
            "graph": 14.77,
            "source": "benchmarks/throughput.py e72ad33+dirty, "
            "2026-12-01, 2x Intel(R) Xeon(R) Processor",
            "xla": 23.98,
        },
        "pacgan/points": {
            "graph": 43.03,
            "source": "benchmarks/throughput.py e72ad33+dirty, "
            "2026-12-01, 2x Intel(R) Xeon(R) Processor",
            "xla": 67.03,
        },
        "sngan/points": {
            "graph": 16.57,
            "source": "benchmarks/throughput.py e72ad33+dirty, "
            "2026-12-01, 2x Intel(R) Xeon(R) Processor",
            "xla": 29.16,
        },
        "unrolled/points": {
            "graph": 8.72,
            "source": "benchmarks/throughput.py e72ad33+dirty, 2026-12-01, 2x Intel(R) Xeon(R) Processor",
            "xla": 13.51,
        },
        "vanilla/images": {
            "graph": 42.42,
            "source": "benchmarks/throughput.py e72ad33+dirty, "
            "2026-12-01, 2x Intel(R) Xeon(R) Processor",
            "xla": 49.79,
        },
        "vanilla/points": {
            "graph": 67.83,
            "source": "benchmarks/throughput.py e72ad33+dirty, "
            "2026-12-01, 2x Intel(R) Xeon(R) Processor",
            "xla": 103.43,
        },
        "wgan/points": {
            "graph": 5.92,
            "source": "benchmarks/throughput.py e72ad33+dirty, "
            "2026-12-01, 2x Intel(R) Xeon(R) Processor",
            "xla": 8.7,
        },
        "wgan_gp/images": {
            "graph": 2.11,
            "source": "benchmarks/throughput.py e72ad33+dirty, "
            "2026-12-01, 2x Intel(R) Xeon(R) Processor",
            "xla": 1.66,
        },
        "wgan_gp/points": {
            "graph": 3.93,
            "source": "benchmarks/throughput.py e72ad33+dirty, "
            "2026-12-01, 2x Intel(R) Xeon(R) Processor",
            "xla": 6.84,
        },
    }
}
