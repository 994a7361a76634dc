"""Steps/s of each entry's train step in graph mode and under XLA, per device.

    python -m benchmarks.throughput --write_paths   # rewrites this file

Read by `ganzoo.engine.execution.choose_jit_compile`: `compile(jit_compile="auto")`
takes the faster path. Keys are `"<entry>/<sample kind>"` (images, points);
each row names where its numbers come from.
"""

MEASURED = {
    "cpu": {
        "dcgan/images": {
            "graph": 17.0,
            "xla": 6.4,
            "source": "issue 13, quiet 2-core EPYC, batch 64",
        },
        "vanilla/images": {
            "graph": 38.76,
            "xla": 19.29,
            "source": "THROUGHPUT.md 2507ed6, batch 64",
        },
        "acgan/images": {
            "graph": 6.82,
            "xla": 2.47,
            "source": "THROUGHPUT.md 2507ed6, batch 64",
        },
        "wgan_gp/images": {
            "graph": 0.96,
            "xla": 0.65,
            "source": "THROUGHPUT.md 2507ed6, batch 64",
        },
        "wgan_gp/points": {
            "graph": 6.1,
            "xla": 21.0,
            "source": "issue 13, quiet 2-core EPYC, ring8 config nets",
        },
    }
}
