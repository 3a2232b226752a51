"""``parcours link-file INPUT.csv --output CLUSTERS.csv``: see parcours.linkage.linkfile."""

from parcours.linkage.linkfile import LinkFileCommand as Command

__all__ = ["Command"]
