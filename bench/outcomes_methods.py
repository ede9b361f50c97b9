"""`bench/outcomes_methods.py`: the outcomes methods on 10 million synthetic observations.

Each case times our function and a baseline on the same arrays, best of several repeats with
``time.perf_counter``, and reports ours / baseline. The baselines are the same formula written
inline with plain NumPy expressions and no validation, so the ratio is the price of our input
handling and NaN rules (target: within 1.5×); statsmodels' Wilson interval is the outside
reference (target: ours at least as fast, and equal to within 1e-12). Prints a table and writes
var/bench/outcomes_methods.json.

    .venv/bin/python bench/outcomes_methods.py [--rows 10000000] [--repeats 5]
"""

import argparse
import json
import os
import platform
import re
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from scipy.special import gammainccinv, gammaincinv
from statsmodels.stats.proportion import proportion_confint

from joinedup.outcomes.methods import (
    Comparison,
    Polarity,
    byars,
    compare_to_benchmark,
    crude_rate,
    wilson,
    z_value,
)

ROOT = Path(__file__).resolve().parent.parent
FUSED_TARGET = 1.5
STATSMODELS_TARGET = 1.0
AGREEMENT = 1e-12
Z = z_value(0.95)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=5, help="best of this many runs")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "var" / "bench" / "outcomes_methods.json"
    )
    return parser.parse_args()


def observations(rows: int) -> dict[str, np.ndarray]:
    """Denominators of 1–5,000, numerators uniform on 0..n, and their Wilson limits."""
    rng = np.random.default_rng(2017)
    n = rng.integers(1, 5_001, size=rows).astype(np.float64)
    x = np.floor(rng.random(rows) * (n + 1))
    lower, upper = wilson(x, n)
    return {"x": x, "n": n, "value": x / n, "lower": lower, "upper": upper}


# The baselines: each method's formula inline, as one would write it without our module.


def fused_wilson(x: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    z2 = Z * Z
    spread = Z * np.sqrt(z2 + 4 * x * (1 - x / n))
    centre = 2 * x + z2
    denominator = 2 * (n + z2)
    return (centre - spread) / denominator, (centre + spread) / denominator


def fused_byars(o: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lower = o * (1 - 1 / (9 * o) - Z / (3 * np.sqrt(o))) ** 3
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + Z / (3 * np.sqrt(o + 1))) ** 3
    return lower, upper


def fused_crude_rate(x: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, ...]:
    lower, upper = fused_byars(x)
    small = x < 10
    lower[small] = np.where(x[small] == 0, 0.0, gammaincinv(x[small], 0.025))
    upper[small] = gammainccinv(x[small] + 1, 0.025)
    return x / n * 100_000, lower / n * 100_000, upper / n * 100_000


def fused_comparison(lower: np.ndarray, upper: np.ndarray, benchmark: float) -> np.ndarray:
    return np.where(
        np.isnan(lower) | np.isnan(upper),
        Comparison.NOT_COMPARED.code,
        np.where(
            benchmark < lower,
            Comparison.BETTER.code,
            np.where(benchmark > upper, Comparison.WORSE.code, Comparison.SIMILAR.code),
        ),
    ).astype(np.int8)


def statsmodels_wilson(x: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return proportion_confint(x, n, alpha=0.05, method="wilson")


def best_seconds(ours: Callable, baseline: Callable, repeats: int) -> tuple[float, float]:
    """The best times of ours and the baseline, run alternately so both see the same load."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for function, spent in zip((ours, baseline), times, strict=True):
            started = time.perf_counter()
            function()
            spent.append(time.perf_counter() - started)
    return min(times[0]), min(times[1])


def cases(data: dict[str, np.ndarray]) -> list[tuple[str, Callable, Callable, float]]:
    """(name, ours, baseline, target ratio) for each measurement."""
    x, n, value, lower, upper = (data[k] for k in ("x", "n", "value", "lower", "upper"))
    return [
        ("wilson vs fused NumPy", lambda: wilson(x, n), lambda: fused_wilson(x, n), FUSED_TARGET),
        ("byars vs fused NumPy", lambda: byars(x), lambda: fused_byars(x), FUSED_TARGET),
        (
            "crude_rate vs fused NumPy",
            lambda: crude_rate(x, n),
            lambda: fused_crude_rate(x, n),
            FUSED_TARGET,
        ),
        (
            "compare_to_benchmark vs fused NumPy",
            lambda: compare_to_benchmark(
                value, lower, upper, 0.5, polarity=Polarity.HIGHER_IS_BETTER
            ),
            lambda: fused_comparison(lower, upper, 0.5),
            FUSED_TARGET,
        ),
        (
            "wilson vs statsmodels proportion_confint",
            lambda: wilson(x, n),
            lambda: statsmodels_wilson(x, n),
            STATSMODELS_TARGET,
        ),
    ]


def check_agreement(data: dict[str, np.ndarray]) -> float:
    """The largest absolute difference between our Wilson limits and statsmodels'."""
    ours = wilson(data["x"], data["n"])
    theirs = statsmodels_wilson(data["x"], data["n"])
    difference = max(float(np.max(np.abs(a - b))) for a, b in zip(ours, theirs, strict=True))
    assert difference <= AGREEMENT, f"Wilson differs from statsmodels by {difference:.3g}"
    fused = fused_wilson(data["x"], data["n"])
    assert all(np.allclose(a, b, rtol=0, atol=1e-15) for a, b in zip(ours, fused, strict=True))
    return difference


def machine() -> dict:
    cpu = re.search(r"^model name\s*:\s*(.*)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu.group(1) if cpu else platform.processor(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "load_average_at_end": [round(load, 2) for load in os.getloadavg()],
    }


def main() -> None:
    args = parse_args()
    print(f"{args.rows:,} rows, best of {args.repeats}; load average {os.getloadavg()[0]:.2f}")
    np.seterr(all="ignore")  # the baselines divide by zero for x = 0, as ours does, silently
    data = observations(args.rows)
    difference = check_agreement(data)
    print(f"max |wilson − statsmodels| = {difference:.3g} (allowed {AGREEMENT:g})")
    print(f"\n{'case':<42} {'ours s':>8} {'baseline s':>10} {'ratio':>6} {'target':>7}")
    results = []
    for name, ours, baseline, target in cases(data):
        ours_s, baseline_s = best_seconds(ours, baseline, args.repeats)
        ratio = ours_s / baseline_s
        met = ratio <= target
        results.append(
            {"case": name, "ours_s": ours_s, "baseline_s": baseline_s, "ratio": ratio}
            | {"target_ratio_at_most": target, "met": met}
        )
        verdict = "MET" if met else "NOT MET"
        print(f"{name:<42} {ours_s:>8.3f} {baseline_s:>10.3f} {ratio:>6.2f} ≤{target:<5} {verdict}")
    source = subprocess.run(
        ["git", "describe", "--always", "--dirty"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": source,
        "machine": machine(),
        "rows": args.rows,
        "repeats": args.repeats,
        "max_abs_difference_from_statsmodels": difference,
        "results": results,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Wrote {args.output}")


if __name__ == "__main__":
    main()
