"""`python -m ganzoo.sample`: the sampling binary, kept at this path for users.

    python -m ganzoo.sample --model=/tmp/export --num=64 --out=grid.png

The binary lives in `ganzoo.serving.sample` (also the `ganzoo-sample` script).
"""

from ganzoo.serving.sample import run

if __name__ == "__main__":
    run()
