"""The engine's parts below `ganzoo.gan`: `adversarial` (the two-optimizer
base of every game), `execution` (the measured choice of graph or XLA) and
`measured_paths` (its data). Like `ganzoo.gan`, nothing here imports
`models`, `training` or `serving`.
"""
