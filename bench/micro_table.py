"""Turns Google Benchmark JSON (--benchmark_format=json) into markdown rows with the ratio to the baseline
measured in the same binary and the same run:

  - a benchmark named BM_Baseline_* is the baseline of the benchmarks that follow it, up to the next baseline;
  - BM_X_Table is compared with BM_X_Naive of the same argument (the calendar's table against the day loop).

    python3 bench/micro_table.py calendar_bench.json dossier_code_bench.json ...
"""
import json
import sys


def rate(b):
    if "items_per_second" in b:
        return b["items_per_second"]
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b.get("time_unit", "ns")]
    return 1.0 / (b["real_time"] * scale)


def fmt_rate(r):
    for unit, div in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if r >= div:
            return f"{r / div:.2f} {unit}"
    return f"{r:.1f}"


def rows(path):
    with open(path) as f:
        data = json.load(f)
    benches = [b for b in data["benchmarks"] if b.get("run_type", "iteration") == "iteration" and not b.get("error_occurred")]
    by_name = {b["name"]: b for b in benches}
    baseline = None
    for b in benches:
        name = b["name"]
        if name.startswith("BM_Baseline_"):
            baseline = b
            yield name, rate(b), b, "1.00 (baseline)"
            continue
        if "_Naive" in name:
            yield name, rate(b), b, "1.00 (baseline)"
            continue
        base = by_name.get(name.replace("_Table", "_Naive")) if "_Table" in name else baseline
        ratio = f"{rate(b) / rate(base):.2f}" if base else ""
        yield name, rate(b), b, ratio


def main():
    print("| micro-benchmark | ops/s | time per op | ratio to baseline |")
    print("|---|---:|---:|---:|")
    for path in sys.argv[1:]:
        for name, r, b, ratio in rows(path):
            print(f"| {name} | {fmt_rate(r)} | {b['real_time']:.3g} {b.get('time_unit', 'ns')} | {ratio} |")


if __name__ == "__main__":
    main()
