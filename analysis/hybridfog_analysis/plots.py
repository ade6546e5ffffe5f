"""Plot helpers shared by the notebooks: one style, readable units, and a check that every figure has a
title, labelled axes and a legend where there is more than one series, before it is saved as PNG."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

STYLE = {
    "figure.figsize": (7.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 130,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 9.5,
    "axes.grid": True,
    "grid.alpha": 0.3,
}

_PREFIXES = [(1e9, "G"), (1e6, "M"), (1e3, "k"), (1.0, ""), (1e-3, "m"), (1e-6, "µ"), (1e-9, "n"),
             (1e-12, "p")]


class FigureStyleError(AssertionError):
    """A figure lacks a title, an axis label or a legend it needs."""


def apply_style() -> None:
    """The house style for every figure (call once per notebook)."""
    matplotlib.rcParams.update(STYLE)


def si_scale(values, unit: str):
    """(factor, unit with SI prefix) so that the largest |value| x factor lies in [1, 1000): e.g.
    si_scale([0.0023], "J") -> (1000.0, "mJ"). Time in seconds is scaled the same way (ms, µs)."""
    finite = np.abs(np.asarray(values, dtype=float))
    finite = finite[np.isfinite(finite) & (finite > 0)]
    if finite.size == 0:
        return 1.0, unit
    largest = finite.max()
    for size, prefix in _PREFIXES:
        if largest >= size:
            return 1.0 / size, prefix + unit
    return 1e12, "p" + unit


def axis_label(quantity: str, unit: str, log: bool = False) -> str:
    """'quantity (unit)', or 'quantity (unit, log scale)': the one way axis labels carry their unit."""
    notes = ", ".join(filter(None, [unit, "log scale" if log else ""]))
    return f"{quantity} ({notes})" if notes else quantity


def percent_axis(ax, axis: str = "y") -> None:
    """Show fractions in [0, 1] as percentages on that axis, with no more decimals than the ticks need."""
    formatter = FuncFormatter(lambda value, _: f"{round(value * 100, 6):g}%")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", "-.", ":")


def markers(names) -> dict:
    """A fixed (marker, linestyle) per name, so that lines lying on each other stay apart."""
    return {name: (MARKERS[i % len(MARKERS)], LINESTYLES[i % len(LINESTYLES)])
            for i, name in enumerate(sorted(set(names)))}


def plain_log_ticks(ax, axis: str = "x") -> None:
    """Label a log-scale axis with plain numbers (0.2, 1, 50) instead of powers of ten."""
    formatter = FuncFormatter(lambda value, _: f"{value:g}")
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    target.set_major_formatter(formatter)
    target.set_minor_formatter(NullFormatter())


# What a policy's `threshold` measures (docs/policies.md), for axis labels.
THRESHOLD_LABELS = {
    "entropy": ("entropy threshold", "nats"),
    "max-softmax": ("max softmax probability threshold", ""),
    "ddnn": ("normalised entropy threshold", "fraction of ln classes"),
    "appealnet": ("appeal score threshold", ""),
    "meanet": ("main-head entropy threshold", "nats"),
}


def threshold_label(policy: str) -> str:
    """Axis label of a policy's threshold, with its unit."""
    quantity, unit = THRESHOLD_LABELS.get(policy, (f"{policy} threshold", ""))
    return axis_label(quantity, unit)


def colors(names) -> dict:
    """A fixed colour per name (policies, heads, link classes), the same in every figure of a notebook."""
    palette = plt.get_cmap("tab10").colors
    return {name: palette[i % len(palette)] for i, name in enumerate(sorted(set(names)))}


def ecdf(ax, values, **style):
    """Empirical CDF of `values` as a step line on `ax`; returns the line."""
    ordered = np.sort(np.asarray(values, dtype=float))
    fractions = np.arange(1, ordered.size + 1) / ordered.size
    (line,) = ax.step(ordered, fractions, where="post", **style)
    return line


def _labelled_series(ax) -> int:
    handles, _ = ax.get_legend_handles_labels()
    return len(handles)


def check_figure(fig) -> None:
    """Raise FigureStyleError unless every axes with data has a title (its own or the figure's), both
    axis labels (an axis shared with a labelled panel counts), and a legend (its own or the figure's) when it holds more than one labelled series."""
    figure_title = fig._suptitle.get_text() if fig._suptitle is not None else ""
    problems = []
    for index, ax in enumerate(fig.axes):
        if not ax.has_data() or not ax.get_visible():
            continue  # colour bars and switched-off panels
        where = f"axes {index} ({ax.get_title() or 'untitled'})"
        if not (ax.get_title() or figure_title):
            problems.append(f"{where}: no title")
        if not any(sibling.get_xlabel() for sibling in ax.get_shared_x_axes().get_siblings(ax)):
            problems.append(f"{where}: no x label")
        if not any(sibling.get_ylabel() for sibling in ax.get_shared_y_axes().get_siblings(ax)):
            problems.append(f"{where}: no y label")
        if _labelled_series(ax) > 1 and ax.get_legend() is None and not fig.legends:
            problems.append(f"{where}: {_labelled_series(ax)} series but no legend")
    if problems:
        raise FigureStyleError("; ".join(problems))


def save(fig, folder, name: str) -> Path:
    """Check the figure (check_figure), write it as `<folder>/<name>.png` and return the path."""
    check_figure(fig)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    fig.savefig(path, bbox_inches="tight")
    print(f"wrote {path}")
    return path
