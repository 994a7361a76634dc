r"""The real-data floor: each evaluator scored on real training images.

    python -m benchmarks.real_floor --datasets=mnist,fashion_mnist --results=/tmp/floor.jsonl

A perfect generator scores what real images score against the same test set
with the same protocol: 10,000 training images (the first 10,000, disjoint
from the Parzen validation split train[50000:60000]) go through
`domain_fid` (FID, KID, precision, recall), `parzen` and, with their labels,
`conditional_accuracy`. The rows (model `real_data`, steps 0) sit in the
results table beside the entries' rows as their floor.
"""  # noqa: E501

import time

from absl import app, flags

from benchmarks import runner
from ganzoo import models  # noqa: F401  (registers the entries' evaluators)
from ganzoo.metrics import evaluators

_DATASETS = flags.DEFINE_list("datasets", ["mnist"], "Image sets to score.")
_RESULTS = flags.DEFINE_string("results", None, "JSON-lines file to append to.")
FLOOR_EVALUATORS = ("domain_fid", "parzen", "conditional_accuracy")


def floor_rows(dataset):
    """Result rows of every floor evaluator on `dataset`'s training images."""
    real = evaluators.TrainingImages(dataset)
    rows = []
    for name in FLOOR_EVALUATORS:
        options = {"classifier": dataset} if name == "conditional_accuracy" else {}
        start = time.perf_counter()
        scores = evaluators.get_evaluator(name)(real, {"name": dataset}, **options)
        seconds = round(time.perf_counter() - start, 1)
        rows += [
            {
                "model": "real_data",
                "dataset": dataset,
                "config": f"real_data_{dataset}",
                "suite": "floor",
                "seed": 0,
                "steps": 0,
                "batch_size": 0,
                "overrides": {},
                "machine": runner.machine(),
                "commit": runner.git_commit(),
                "time": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
                "metric": metric,
                "value": value,
                "status": "ok",
                "train_seconds": 0.0,
                "eval_seconds": seconds,
                "evaluator": name,
            }
            for metric, value in scores.items()
            # The class-balanced FID of `conditional_accuracy` would collide
            # with `domain_fid`'s row of the same key: the first one stays.
            if metric not in {r["metric"] for r in rows}
        ]
    return rows


def main(argv):
    if len(argv) > 1:
        raise app.UsageError(f"Received: unexpected arguments {argv[1:]}.")
    for dataset in _DATASETS.value:
        rows = floor_rows(dataset)
        for row in rows:
            print(f"{dataset:14s} {row['metric']:24s} {row['value']:.4f}")
        if _RESULTS.value:
            runner.append_rows(_RESULTS.value, rows)


if __name__ == "__main__":
    app.run(main)
