"""The parameter registry: every number the model uses, with unit, bounds, distribution and source."""

from leadsim.registry.load import Registry, load_registry

__all__ = ["Registry", "load_registry"]
