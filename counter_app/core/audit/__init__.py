"""The audit trail: who did what at this counter, append-only and hash-chained.

``append`` is called at the end of each action's transaction (search for
``audit.append(`` to find every call site); ``verify`` walks the chain.
"""

from counter_app.core.audit.trail import Person, Signed, append, append_sql, name_of, verify
from counter_app.core.sync.wire_audit import AuditAction

__all__ = ["AuditAction", "Person", "Signed", "append", "append_sql", "name_of", "verify"]
