"""Engine benchmark: the figures of issue 9, side by side with another checkout if given.

    python benchmarks/bench_engine.py                      # this checkout
    python benchmarks/bench_engine.py --compare /path/old  # and an older checkout, same run

Prints, for each checkout: one deterministic 10-year projection (compiled inputs), the
100,000-draw x 10-year ensemble on 1 and 2 threads, 10^6 draws x 10 years through the
ensemble runner (time, peak traced memory and the process's peak RSS, in a fresh process),
the Monte Carlo end to end (10,000 draws), the CLI start-up as a whole process
(`python -m mtfp run scenarios/default.yaml`, median of 7) and the cost of plotly's
template validation that mtfp.charts.plan skips. Targets (issue 9): projection <= 0.3 ms;
100,000 x 10 <= 0.3 s on one thread; 10^6 x 10 <= 4 s with peak memory <= 1.5 GiB;
whole-process run <= 0.3 s. Not a test: nothing asserts; a target not met is printed as such.
The machine is shared: the load average is printed, and CPU seconds beside wall-clock.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parents[1]
DRAWS = 100_000
MILLION = 1_000_000
CHUNK = 10_000  # an older checkout's run_chunked, at its default chunk size
TARGETS = {"single_ms": 0.3, "ensemble_1_thread_s": 0.3, "million_s": 4.0, "million_peak_gib": 1.5, "cli_s": 0.3}
KEPT = ("funding_gap", "cumulative_gap", "budget_requirement", "total_funding", "general_reserve_closing")

# Twelve uncertain assumptions (file units: %), each with a plausible planning range.
RANGES = {
    "funding.spending_review.real_terms_cut": (20.0, 40.0),
    "gdp_deflator": (0.5, 3.0),
    "precept.tax_base_growth": (0.0, 2.0),
    "precept.band_d_rise_pct": (0.0, 3.0),
    "funding.other_income.growth": (-1.0, 3.0),
    "workforce.groups.police_officers.pay_award_pct": (0.0, 3.0),
    "workforce.groups.police_staff.pay_award_pct": (0.0, 3.0),
    "workforce.groups.police_officers.attrition_rate": (3.0, 8.0),
    "workforce.groups.police_staff.attrition_rate": (5.0, 12.0),
    "workforce.groups.police_officers.employer_pension_rate": (21.3, 31.0),
    "non_pay.lines.ict.inflation": (1.0, 5.0),
    "savings.items.support_services_review.confidence": (50.0, 100.0),
}


def ten_year_scenario(root: Path):
    """The built-in default, projected over 10 years instead of 4."""
    import mtfp
    from mtfp.scenario import Scenario

    data = mtfp.load_scenario(root / "scenarios" / "default.yaml").model_dump()
    data["projected_years"] = 10
    return Scenario.model_validate(data)


def latin_hypercube(n: int, seed: int = 2015) -> dict[str, np.ndarray]:
    """n draws of every assumption in RANGES (Latin hypercube, scipy.stats.qmc)."""
    from scipy.stats import qmc

    unit = qmc.LatinHypercube(d=len(RANGES), seed=seed).random(n)
    low, high = np.array(list(RANGES.values())).T
    scaled = qmc.scale(unit, low, high)
    return {path: scaled[:, i] for i, path in enumerate(RANGES)}


def runner():
    """(scenario, samples, workers) -> result: run_ensemble keeping KEPT (or an older checkout's run_chunked)."""
    from mtfp.model import ensemble

    if hasattr(ensemble, "run_ensemble"):  # this checkout: the one runner, at its default chunk size
        return lambda sc, samples, workers: ensemble.run_ensemble(sc, samples, lines=KEPT, workers=workers)
    # an older checkout (before issue 9): run_ensemble kept every line, run_chunked chunked
    return lambda sc, samples, workers: ensemble.run_chunked(sc, samples, lines=KEPT, chunk_size=CHUNK, workers=workers)


def timed(func, repeats: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of `repeats` calls."""
    walls, cpus = [], []
    for _ in range(repeats):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls), statistics.median(cpus)


def measure_engine(root: Path) -> dict:
    """Every in-process figure for the checkout at `root` (already first on sys.path)."""
    import mtfp
    from mtfp.analysis import montecarlo

    scenario = ten_year_scenario(root)
    inputs = mtfp.compile_inputs(scenario)
    mtfp.run(inputs)
    single, single_cpu = timed(lambda: mtfp.run(inputs), 300)
    run = runner()
    samples = latin_hypercube(DRAWS)
    run(scenario, {k: v[:CHUNK] for k, v in samples.items()}, 1)  # warm up
    one, one_cpu = timed(lambda: run(scenario, samples, 1), 3)
    two, two_cpu = timed(lambda: run(scenario, samples, 2), 3)
    default = mtfp.load_scenario(root / "scenarios" / "default.yaml")
    mc, mc_cpu = timed(lambda: montecarlo.simulate(default, draws=10_000, seed=1), 3)
    return {"single_ms": single * 1e3, "single_cpu_ms": single_cpu * 1e3,
            "ensemble_1_thread_s": one, "ensemble_1_thread_cpu_s": one_cpu,
            "ensemble_2_threads_s": two, "ensemble_2_threads_cpu_s": two_cpu,
            "monte_carlo_s": mc, "monte_carlo_cpu_s": mc_cpu}


def measure_million(root: Path) -> dict:
    """10^6 draws x 10 years through the ensemble runner: on 1 thread (time, peak traced memory,
    the process's peak RSS) and on 2 threads (time)."""
    scenario = ten_year_scenario(root)
    samples = latin_hypercube(MILLION)
    run = runner()
    gc.collect()
    tracemalloc.start()
    start, start_cpu = time.perf_counter(), time.process_time()
    result = run(scenario, samples, 1)
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    checks = dict(getattr(result, "checks", {}))  # worst error of each identity over the 10^6 draws
    del result
    gc.collect()
    two, two_cpu = timed(lambda: run(scenario, samples, 2), 1)
    return {"million_s": wall, "million_cpu_s": cpu, "million_2_threads_s": two, "million_2_threads_cpu_s": two_cpu,
            "million_peak_gib": peak / 2**30,
            "million_rss_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 2**30,
            "million_worst_check": max(checks.values()) if checks else float("nan")}


def measure_cli(root: Path, repeats: int = 7) -> dict:
    """Whole-process `python -m mtfp run scenarios/default.yaml`, median of `repeats`, from `root`."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mtfp", "run", "scenarios/default.yaml"], cwd=root, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    imports = subprocess.run([sys.executable, "-X", "importtime", "-m", "mtfp", "run", "scenarios/default.yaml"],
                             cwd=root, env=env, capture_output=True, text=True).stderr
    heavy = [name for name in ("pandas", "plotly", "SALib", "sklearn")
             if any(line.split("|")[-1].strip() == name for line in imports.splitlines())]
    return {"cli_s": statistics.median(times), "cli_heavy_imports": heavy}


def measure_chart_template() -> dict:
    """ms per chart to set plotly_white: plotly's validating setter against the switch mtfp.charts.plan uses."""
    import plotly.graph_objects as go
    import plotly.io as pio

    from mtfp.charts import plan

    def public(fig):
        fig.layout.template = pio.templates["plotly_white"]

    out = {}
    for name, apply in (("public", public), ("skipped", lambda fig: plan._use_template(fig, "plotly_white"))):
        apply(go.Figure())
        start = time.perf_counter()
        for _ in range(20):
            apply(go.Figure([go.Bar(x=["a", "b"], y=[1, 2])]))
        out[f"template_{name}_ms"] = (time.perf_counter() - start) / 20 * 1e3
    return out


def child(root: Path, what: str) -> dict:
    """Run one measurement in a fresh process on the checkout at `root` (its own imports and memory)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--measure", what, "--root", str(root)],
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def figures(root: Path) -> dict:
    out = child(root, "engine")
    out.update(child(root, "million"))
    out.update(measure_cli(root))
    if root == HERE:
        out.update(child(root, "charts"))
    return out


def verdict(key: str, value: float) -> str:
    return "" if key not in TARGETS else (" (target met)" if value <= TARGETS[key] else f" (target <= {TARGETS[key]:g}: NOT met)")


def report(columns: dict[str, dict]) -> None:
    rows = [
        ("one deterministic 10-year projection, ms", "single_ms", "single_cpu_ms"),
        ("100,000 draws x 10 years, 1 thread, s", "ensemble_1_thread_s", "ensemble_1_thread_cpu_s"),
        ("100,000 draws x 10 years, 2 threads, s", "ensemble_2_threads_s", "ensemble_2_threads_cpu_s"),
        ("10^6 draws x 10 years, 1 thread, s", "million_s", "million_cpu_s"),
        ("10^6 draws x 10 years, 2 threads, s", "million_2_threads_s", "million_2_threads_cpu_s"),
        ("  peak traced memory (1 thread), GiB", "million_peak_gib", None),
        ("  process peak RSS, GiB", "million_rss_gib", None),
        ("  worst check error over the 10^6 draws", "million_worst_check", None),
        ("Monte Carlo end to end (10,000 draws), s", "monte_carlo_s", "monte_carlo_cpu_s"),
        ("python -m mtfp run, whole process, s", "cli_s", None),
        ("plotly template, validated, ms a chart", "template_public_ms", None),
        ("plotly template, skipped, ms a chart", "template_skipped_ms", None),
    ]
    for label, key, cpu in rows:
        cells = []
        for name, data in columns.items():
            if key not in data:
                continue
            text = f"{name}: {data[key]:.4g}" + (f" ({data[cpu]:.4g} CPU)" if cpu and cpu in data else "")
            cells.append(text + verdict(key, data[key]))
        if cells:
            print(f"{label:<46} " + " | ".join(cells))
    for name, data in columns.items():
        print(f"{name}: heavy modules imported by `mtfp run`: {', '.join(data['cli_heavy_imports']) or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", metavar="PATH", help="another checkout to measure in the same run")
    parser.add_argument("--measure", choices=["engine", "million", "charts"], help=argparse.SUPPRESS)
    parser.add_argument("--root", default=str(HERE), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        root = Path(args.root)
        sys.path.insert(0, str(root))
        measure = {"engine": measure_engine, "million": measure_million,
                   "charts": lambda _root: measure_chart_template()}[args.measure]
        print(json.dumps(measure(root)))
        return
    print(f"load average at start {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    columns = {"this checkout": figures(HERE)}
    if args.compare:
        columns["compared"] = figures(Path(args.compare).resolve())
    report(columns)
    print(f"load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
