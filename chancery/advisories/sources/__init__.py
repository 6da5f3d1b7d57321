"""One module per issuer; adding an issuer is adding a module here.

Each module defines NAME, ISSUER (ISO code), LABEL, DEFAULT_URL, SITE_URL (the issuer's web
site, against which the relative links in its texts are read), ATTRIBUTION, LEVEL_MAPPING
(our level → the issuer's words) and `parse(data: bytes, now) -> ParsedFeed`; it may define
`read_directory(path) -> bytes` to read a folder of documents.
"""

from types import ModuleType

from . import ca_travel, uk_fcdo, us_state

SOURCES: dict[str, ModuleType] = {module.NAME: module for module in (us_state, uk_fcdo, ca_travel)}
