"""What the players minimise: loss pairs on logits, scoring rules, penalties.

Pure functions of logits (and of the discriminator, for gradient penalties);
nothing here knows about a training loop. `replicas` and `precision` hold the
arithmetic that turns a replica's loss into the global step's gradient.
"""
