"""The base class of every object of the model (``generator.model``, ``generator.corroboration``):
a module of its own so that the model's parts can share it without importing each other."""


class ModelObject:
    """What every class of the model is: frozen, and read by templates through the tracking view
    (``generator.tracking``), which recognises the model's objects by this base class."""

    __slots__ = ()
