"""Using trained generators: SavedModel export and load (paths, URLs,
presets), PNG grids and the `ganzoo-sample` binary."""
