"""How much one dossier may hold: the counter refuses more, the province stores no more.

One table of limits for the reception checks, the JSON import and the wire
protocol's declared schema, so the three can never disagree. Values come from
real procedures (see README, "Limits"); each is far above what a real dossier
needs and far below what could wedge a sync queue or fill a form page.
"""

from __future__ import annotations

MAX_NAME = 100  # a person's or an organisation's name (characters)
MAX_ADDRESS = 250
MAX_EMAIL = 254  # RFC 5321
MAX_ID_NUMBER = 20  # 12-digit ID, 9-digit card, 14-character branch tax code
MAX_PHONE = 15  # E.164
MAX_CLERK = 100
MAX_REASON = 2000  # supplement, refusal, apology and void reasons
MAX_SUMMARY = 500  # TrichYeuHoSo
MAX_DOCUMENT_NAME = 500
MAX_DOCUMENTS = 100  # components plus extra documents of one dossier
MAX_DOCUMENT_COUNT = 999  # copies of one document
MAX_SETS = 50
MAX_PAGES = 10_000  # pages to certify (per-page fees)
MAX_COPIES = 1000
