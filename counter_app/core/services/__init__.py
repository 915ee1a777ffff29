"""Use cases of the counter (reception, status changes, returns), Qt-free.

Each public function is one clerk action and runs in one write transaction.
"""
