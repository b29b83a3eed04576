"""briefing: a static briefing-site generator.

The pipeline, one module (or package) a stage:
load (config, front matter, content) -> model -> render -> write, driven by ``build.build_site``.
"""

__version__ = "0.1.0"
