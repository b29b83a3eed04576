"""The incremental engine: what a build may skip because an earlier build did it.

The pipeline (``generator.build``) asks it at two points: before writing, which facts of the
briefing changed since the output in place was built (and so which pages and exports must be
made again); while writing, whether each page or file can be kept as it is.

- ``records``: what a build wrote, stored in the cache for the next one;
- ``keep``: the keep-or-write decisions for pages and files;
- ``resident``: what ``briefing serve``, which builds again and again, keeps in memory so that a
  save costs what it changed: the last build's model objects, reused where they are the same,
  so that what did not change is recognised by identity rather than fingerprinted again.
"""

from generator.incremental.keep import PageWork, RecordablePage, Written, may_keep, page_key, still, write_or_keep
from generator.incremental.records import (
                                           FileRecord,
                                           OutputRecords,
                                           bytes_hash,
                                           facts_of,
                                           forget_replaced,
                                           load_records,
                                           save_records,
)

__all__ = ["FileRecord", "OutputRecords", "PageWork", "RecordablePage", "Written", "bytes_hash", "facts_of",
           "forget_replaced", "load_records", "may_keep", "page_key", "save_records", "still", "write_or_keep"]
