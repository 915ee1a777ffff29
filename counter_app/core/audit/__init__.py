"""The audit trail: who did what at this counter, append-only and hash-chained.

``append`` is called at the end of each action's transaction (search for
``audit.append(`` to find every call site); ``verify`` walks the chain.
"""
