"""How much one dossier may hold: the counter refuses more, the province stores no more.

One table of limits for the reception checks, the JSON import and the wire
protocol's declared schema, so the three can never disagree. Values come from
real procedures (see README, "Limits and accepted characters"); each is far above
what a real dossier needs and far below what could wedge a sync queue or fill a
form page.

``MAX_DOCUMENTS`` (components plus extra documents of one dossier): the largest
commune procedures list 15–20 components (first land-use certificate, Decree
101/2024: application form, land papers, papers for the house or trees on it,
survey sketch, tax receipts or exemption papers, family-member list, power of
attorney, …); the demo catalog's largest has 4. Extra documents come on top:
an inheritance adds each heir's papers (ID, birth or marriage certificate,
waiver), a few per heir. 60 covers the largest procedure with some forty extra
papers, and keeps one dossier's event within a couple of hundred kilobytes even
with every name at ``MAX_DOCUMENT_NAME``; a reception with thousands of documents (which
once wedged the sync queue) is refused at the counter.
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
MAX_DOCUMENTS = 60  # components plus extra documents of one dossier (see above)
MAX_DOCUMENT_COUNT = 999  # copies of one document
MAX_SETS = 50
MAX_PAGES = 10_000  # pages to certify (per-page fees)
MAX_COPIES = 1000
MAX_PROCEDURE_CODE = 30  # MaTTHC, e.g. "1.001193"; MaLinhVuc
MAX_CATALOG_NAME = 500  # a procedure's name
MAX_BODY = 200  # a processing body, a field (lĩnh vực), a calendar day's name
MAX_JSON_BYTES = 1024 * 1024  # one reception described in JSON (receive --json)
