"""Median and tail of a benchmark's samples, named for what they are.

A p95 needs enough samples to mean anything: with 7 samples the "95th percentile"
is just the worst or the second-worst run. Below ``MIN_P95`` samples this module
refuses the name and reports the maximum as "max of N" instead.

The p95 is the nearest-rank percentile: the smallest sample that at least 95 % of
the samples do not exceed (with 20 samples, the 19th smallest; with 40, the 38th).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

MIN_P95 = 20


def p95(values: Sequence[float]) -> float:
    """The nearest-rank 95th percentile; ValueError below ``MIN_P95`` samples.

    >>> p95(range(1, 21)), p95(range(1, 41)), p95(range(1, 101))
    (19, 38, 95)
    >>> p95(range(7))
    Traceback (most recent call last):
    ValueError: a p95 needs at least 20 samples, not 7
    """
    if len(values) < MIN_P95:
        raise ValueError(f"a p95 needs at least {MIN_P95} samples, not {len(values)}")
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


@dataclass(frozen=True)
class Summary:
    n: int
    median: float
    low: float  # the best sample
    high: float  # the worst sample
    p95: float | None  # None below MIN_P95 samples

    @property
    def tail_name(self) -> str:
        """ "p95", or "max of N" when there are too few samples for a p95."""
        return "p95" if self.p95 is not None else f"max of {self.n}"

    @property
    def tail(self) -> float:
        return self.p95 if self.p95 is not None else self.high

    def text(self, fmt: str = ".1f", unit: str = "") -> str:
        """E.g. "median 12.3 ms, p95 15.0 ms (n=40)" or "median 3.1 s, max of 5 3.9 s"."""
        return (
            f"median {self.median:{fmt}}{unit}, {self.tail_name} {self.tail:{fmt}}{unit}"
            f" (n={self.n})"
        )

    def spread(self, fmt: str = ".2f", unit: str = "") -> str:
        """Median and range, for a handful of runs: "median 3.10 s (2.95–3.90 s, 5 runs)"."""
        return (
            f"median {self.median:{fmt}}{unit} "
            f"({self.low:{fmt}}–{self.high:{fmt}}{unit}, {self.n} runs)"
        )


def summarize(values: Sequence[float]) -> Summary:
    """
    >>> summarize([3.0, 1.0, 2.0]).text()
    'median 2.0, max of 3 3.0 (n=3)'
    >>> summarize(range(1, 41)).text(".0f", " ms")
    'median 20 ms, p95 38 ms (n=40)'
    """
    if not values:
        raise ValueError("no samples")
    return Summary(
        n=len(values),
        median=statistics.median(values),
        low=min(values),
        high=max(values),
        p95=p95(values) if len(values) >= MIN_P95 else None,
    )
