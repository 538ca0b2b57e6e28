"""growth.png for BENCHMARKS.md: p50 latency of each endpoint against the number of incidents, log-log, one panel
per database. Usage: python3 xtask/plot_growth.py growth.csv growth.png (cargo xtask bench runs it)."""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
databases = sorted({r["database"] for r in rows}, key=lambda d: d != "sqlite")
fig, axes = plt.subplots(1, len(databases), figsize=(6.5 * len(databases), 4.8), squeeze=False, sharey=True)
for ax, db in zip(axes[0], databases):
    series = defaultdict(list)
    for r in rows:
        if r["database"] == db:
            series[r["endpoint"]].append((int(r["incidents"]), float(r["p50_ms"])))
    sizes = sorted({n for pts in series.values() for n, _ in pts})
    for name, pts in sorted(series.items()):
        pts.sort()
        ax.plot([n for n, _ in pts], [v for _, v in pts], marker="o", label=name)
    if len(sizes) > 1:
        # What linear growth from the smallest size would look like, for comparison.
        lo = min(v for pts in series.values() for n, v in pts if n == sizes[0])
        ax.plot(sizes, [lo * n / sizes[0] for n in sizes], "k--", linewidth=0.8, label="linear in data")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_title(f"{db}: p50 latency by data size (release build, loopback)")
    ax.set_xlabel("published incidents (+10% claims)")
    ax.grid(True, which="both", linewidth=0.3)
axes[0][0].set_ylabel("p50 ms (one request at a time)")
axes[0][-1].legend(fontsize=7, loc="upper left")
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=110)
