"""Stage 1 of the pipeline: read files from the site directory into validated specs.

Nothing here knows about other files: cross references are checked by ``generator.model``.
"""
