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
        if not ax.has_data() or not ax.get_visible() or getattr(ax, "_colorbar", None) is not None:
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


def _axis_label_text(axis: str) -> str:
    return axis.split(".")[-1].replace("_", " ") if axis.count(".") else axis


def _short_value(value) -> str:
    """An axis value as a short label: a file path as its stem, a policy map as `name threshold`."""
    text = str(value)
    if "/" in text and text.rsplit(".", 1)[-1] in ("yaml", "csv"):
        return Path(text).stem
    if text.startswith("{") and text.endswith("}"):
        parts = [p.split(":", 1)[-1].strip() for p in text[1:-1].split(",")]
        return " ".join(parts)
    return text


def study_axes_figure(table, axes, metrics):
    """A figure that follows the study's own axes (derived.varying_axes): one panel per metric
    (`{column: (label, unit or "%")}`). One axis: the metric against it (numbers with units on a numeric
    axis, in numeric order; other values as categories). Two or more: a heatmap, columns = the last
    numeric axis (sorted numerically), rows = the combinations of the other axes. Cells hold the replication
    mean. Returns the figure (None when no axis varies)."""
    import pandas as pd
    from . import derived
    axes = derived.varying_axes(table, axes)
    if not axes:
        return None
    table = table.copy()
    numeric = {}
    for axis in axes:
        values, unit = derived.axis_numeric(table[axis])
        if values is not None:
            table[axis + " (value)"] = values
            numeric[axis] = unit
    rows_count = 1
    if len(axes) > 1:
        numeric_axes = [a for a in axes if a in numeric]
        column_axis = numeric_axes[-1] if numeric_axes else axes[-1]
        rows_count = table[[a for a in axes if a != column_axis]].astype(str).drop_duplicates().shape[0]
    fig, panels = plt.subplots(1, len(metrics), squeeze=False, sharey=len(axes) > 1,
                               figsize=(5.2 * len(metrics) + (2.5 if len(axes) > 1 else 0),
                                        4.4 if len(axes) == 1 else 1.8 + 0.26 * rows_count))
    for ax, (column, (label, unit)) in zip(panels[0], metrics.items()):
        if len(axes) == 1:
            axis = axes[0]
            if axis in numeric:
                means = table.groupby(axis + " (value)")[column].mean().sort_index()
                scale, shown = si_scale(means.index, numeric[axis]) if numeric[axis] else (1.0, "")
                ax.plot(means.index * scale, means.values, marker="o")
                ax.set_xlabel(axis_label(_axis_label_text(axis), shown))
            else:
                means = table.groupby(table[axis].map(_short_value))[column].mean()
                ax.plot(range(len(means)), means.values, marker="o")
                ax.set_xticks(range(len(means)), means.index, rotation=30, ha="right", fontsize=8)
                ax.set_xlabel(_axis_label_text(axis))
            if unit == "%":
                percent_axis(ax)
                ax.set_ylabel(label)
            else:
                ax.set_ylabel(axis_label(label, unit))
        else:
            numeric_axes = [a for a in axes if a in numeric]
            column_axis = numeric_axes[-1] if numeric_axes else axes[-1]
            row_axes = [a for a in axes if a != column_axis]
            key = column_axis + " (value)" if column_axis in numeric else column_axis
            rows_label = table[row_axes].apply(lambda c: c.map(_short_value)).agg(" | ".join, axis=1)
            grid = table.assign(_row=rows_label).pivot_table(index="_row", columns=key, values=column, aggfunc="mean")
            grid = grid.sort_index(axis=1)
            # Rows in the order of their axes' values: numbers numerically, other values as text.
            sort_keys = [a + " (value)" if a in numeric else a for a in row_axes]
            order = (table.assign(_row=rows_label).drop_duplicates("_row")
                     .sort_values(sort_keys, key=lambda c: c if c.dtype.kind in "if" else c.astype(str))["_row"])
            grid = grid.reindex(list(order))
            if column_axis in numeric and numeric[column_axis]:
                scale, shown = si_scale(grid.columns, numeric[column_axis])
                column_names = [f"{c * scale:g}" for c in grid.columns]
            elif column_axis in numeric:
                shown, column_names = "", [f"{c:g}" for c in grid.columns]
            else:
                shown, column_names = "", [_short_value(c) for c in grid.columns]
            value_scale, value_unit = (100.0, "%") if unit == "%" else si_scale(grid.values, unit)
            values = grid.values * value_scale
            image = ax.imshow(values, aspect="auto", cmap="viridis")
            ax.set_xticks(range(len(column_names)), column_names)
            ax.set_yticks(range(len(grid.index)), grid.index, fontsize=7)
            ax.grid(False)
            for (i, j), value in np.ndenumerate(values):
                if np.isfinite(value):
                    ax.text(j, i, f"{value:.3g}", ha="center", va="center", fontsize=7, color="white")
            fig.colorbar(image, ax=ax, label=axis_label(label, value_unit))
            ax.set_xlabel(axis_label(_axis_label_text(column_axis), shown))
            ax.set_ylabel(" | ".join(_axis_label_text(a) for a in row_axes))
        ax.set_title(label)
    fig.suptitle("The study's own axes: " + ", ".join(axes))
    fig.tight_layout()
    return fig
