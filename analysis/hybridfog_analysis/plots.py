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
    """Label a log-scale axis with plain numbers (0.2, 1, 50) instead of powers of ten: ticks at 1, 2, 5 per
    decade over up to three decades, at 1 per decade beyond (so that labels do not run into each other).
    Call after the data is drawn."""
    formatter = FuncFormatter(lambda value, _: f"{value:g}")
    target = ax.xaxis if axis == "x" else ax.yaxis
    low, high = ax.get_xlim() if axis == "x" else ax.get_ylim()
    decades = np.log10(high / low) if low > 0 and high > 0 else 0
    target.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0) if decades <= 3 else (1.0,)))
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


class SidecarError(ValueError):
    """A figure's numbers (its sidecar) are missing or not in the documented form."""


def table_entry(*args, **kwargs) -> dict:
    """plots.table under another name (for functions with a local `table`)."""
    return table(*args, **kwargs)


def table(name: str, quantity: str, unit: str, frame, dimensions, value: str = "value", **about) -> dict:
    """One table of a figure's sidecar: what a set of marks draws. `frame` holds one row per mark with the
    `dimensions` columns (everything the value depends on: series, axis values, panel) and `value`;
    `quantity` and `unit` (SI: s, J, B, B/s, bit/s, 1 for fractions and counts) name the value. Keyword
    arguments are stored with the table (e.g. `stacked_total="mean latency"`: the parts of this table add up
    to that table's value at the same other dimensions; `view="MAC only"`). NaN values are written as null."""
    import pandas as pd
    frame = pd.DataFrame(frame)
    dimensions = list(dimensions)
    missing = [c for c in dimensions + [value] if c not in frame.columns]
    if missing:
        raise SidecarError(f"table {name}: no column(s) {', '.join(missing)}")
    rows = []
    for record in frame[dimensions + [value]].to_dict("records"):
        row = {}
        for key, item in record.items():
            if isinstance(item, (np.floating, float)):
                item = None if not np.isfinite(item) else float(item)
            elif isinstance(item, np.integer):
                item = int(item)
            elif isinstance(item, np.bool_):
                item = bool(item)
            row["value" if key == value else key] = item
        rows.append(row)
    return {"name": name, "quantity": quantity, "unit": unit, "dimensions": dimensions, **about, "rows": rows}


def save(fig, folder, name: str, data) -> Path:
    """Check the figure (check_figure), write it as `<folder>/<name>.png` and, beside it, the numbers it
    draws as `<folder>/<name>.json` (its sidecar: {"figure", "png", "tables": [plots.table(...), ...]},
    docs/analysis.md "Sidecars"); return the PNG's path. Every figure has a sidecar: `data` is one table or a
    list of them, never empty."""
    import json
    tables = [data] if isinstance(data, dict) else list(data or [])
    if not tables:
        raise SidecarError(f"figure {name}: no sidecar table (every figure writes the numbers it draws)")
    for entry in tables:
        if not {"name", "quantity", "unit", "dimensions", "rows"} <= set(entry):
            raise SidecarError(f"figure {name}: a sidecar table lacks name, quantity, unit, dimensions or rows")
    check_figure(fig)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    fig.savefig(path, bbox_inches="tight")
    sidecar = folder / f"{name}.json"
    with sidecar.open("w", encoding="utf-8") as handle:
        json.dump({"figure": name, "png": path.name, "tables": tables}, handle, indent=1, allow_nan=False)
        handle.write("\n")
    print(f"wrote {path} and {sidecar.name}")
    return path


def read_sidecar(path) -> dict:
    """A sidecar written by save(), as {table name: DataFrame of its rows with `quantity`, `unit` and the
    table's other keys in `.attrs`}."""
    import json
    import pandas as pd
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    out = {}
    for entry in data["tables"]:
        frame = pd.DataFrame(entry["rows"], columns=entry["dimensions"] + ["value"])
        frame.attrs.update({k: v for k, v in entry.items() if k != "rows"})
        out[entry["name"]] = frame
    return out


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


def natural_key(value):
    """A sort key that orders numbers inside text as numbers: 'appealnet 0.9' before 'appealnet 0.95',
    '2Mbps' before '10Mbps', 'x 10' after 'x 9'."""
    import re
    parts = re.split(r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)", str(value))
    key = []
    for index, part in enumerate(parts):
        if index % 2:
            key.append((0, float(part), ""))
        elif part:
            key.append((1, 0.0, part))
    return tuple(key)


def study_axes_figure(table, axes, metrics):
    """A figure that follows the study's own axes (derived.varying_axes): one panel per metric
    (`{column: (label, unit or "%")}`). One axis, or axes zipped together (every combination of the others
    meets one value of the last: a 1-D sweep): the metric against it (numbers with units on a numeric axis,
    in numeric order; other values as categories in natural order, numbers inside them sorted as numbers).
    Two or more crossed axes: a heatmap, columns = the last numeric axis (sorted numerically), rows = the
    combinations of the other axes (natural order). Cells hold the replication mean. The figure carries its
    sidecar tables in `fig.sidecar_tables` (one per metric: its value per combination of the axes, with the
    replications averaged). Returns the figure (None when no axis varies)."""
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
    sort_key = [a + " (value)" if a in numeric else a for a in axes]
    label_of = {a: (lambda v: _short_value(v)) for a in axes}
    # Zipped axes: when no combination of the other axes meets two values of the column axis, the sweep is 1-D.
    numeric_axes = [a for a in axes if a in numeric]
    column_axis = numeric_axes[-1] if numeric_axes else axes[-1]
    row_axes = [a for a in axes if a != column_axis]
    one_dimensional = len(axes) == 1 or (
        table.groupby([table[a].astype(str) for a in row_axes])[column_axis].apply(lambda c: c.astype(str).nunique()).max() == 1)
    sidecar = []
    combos = table.groupby([table[a].astype(str) for a in axes], sort=False)
    for column, (label, unit) in metrics.items():
        frame = combos[column].agg(["mean", "size"]).reset_index()
        frame.columns = list(axes) + ["value", "replications"]
        sidecar.append(table_entry(f"{label} by study axes", label, "1" if unit == "%" else unit, frame,
                                   list(axes) + ["replications"], averaged_over=["replication"]))
    rows_count = 1
    if not one_dimensional:
        rows_count = table[row_axes].astype(str).drop_duplicates().shape[0]
    fig, panels = plt.subplots(1, len(metrics), squeeze=False, sharey=not one_dimensional,
                               figsize=(5.2 * len(metrics) + (2.5 if not one_dimensional else 0),
                                        4.4 if one_dimensional else 1.8 + 0.26 * rows_count))
    for ax, (column, (label, unit)) in zip(panels[0], metrics.items()):
        if one_dimensional:
            if len(axes) == 1 and axes[0] in numeric:
                axis = axes[0]
                means = table.groupby(axis + " (value)")[column].mean().sort_index()
                scale, shown = si_scale(means.index, numeric[axis]) if numeric[axis] else (1.0, "")
                ax.plot(means.index * scale, means.values, marker="o")
                ax.set_xlabel(axis_label(_axis_label_text(axis), shown))
            else:
                labels = table[axes].apply(lambda c: c.map(_short_value)).astype(str).agg(" | ".join, axis=1)
                keyed = table.assign(_label=labels)
                order = sorted(keyed["_label"].unique(), key=lambda text: [natural_key(part) for part in text.split(" | ")])
                means = keyed.groupby("_label")[column].mean().reindex(order)
                ax.plot(range(len(means)), means.values, marker="o")
                ax.set_xticks(range(len(means)), means.index, rotation=30, ha="right", fontsize=8)
                ax.set_xlabel(" | ".join(_axis_label_text(a) for a in axes))
            if unit == "%":
                percent_axis(ax)
                ax.set_ylabel(label)
            else:
                ax.set_ylabel(axis_label(label, unit))
        else:
            key = column_axis + " (value)" if column_axis in numeric else column_axis
            rows_label = table[row_axes].apply(lambda c: c.map(_short_value)).astype(str).agg(" | ".join, axis=1)
            grid = table.assign(_row=rows_label).pivot_table(index="_row", columns=key, values=column, aggfunc="mean")
            grid = grid.sort_index(axis=1, key=lambda c: c if c.dtype.kind in "if" else c.map(natural_key))
            order = sorted(grid.index, key=lambda text: [natural_key(part) for part in text.split(" | ")])
            grid = grid.reindex(order)
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
    fig.suptitle("The study's own axes: " + ", ".join(axes) + (" (zipped: one sweep)" if one_dimensional and len(axes) > 1 else ""))
    fig.tight_layout()
    fig.sidecar_tables = sidecar
    return fig
