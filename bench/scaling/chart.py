#!/usr/bin/env python3
"""Draws scaling.tsv (from run.sh) as an SVG: seconds per iteration and peak RSS against training rows."""
import csv
import math
import sys

WIDTH, HEIGHT, MARGIN = 360, 260, 56
SERIES = [("bare", "#1f77b4", "bare loop (als bench)"), ("train", "#d62728", "in-process cluster (als train)")]


def nice_step(top):
    """A tick step of 1, 2 or 5 times a power of ten giving at most six ticks up to top."""
    step = 10 ** math.floor(math.log10(top / 5))
    for factor in (1, 2, 5, 10):
        if top / (step * factor) <= 5:
            return step * factor
    return step * 10


def panel(x0, title, unit, rows, key, scale=1.0):
    xs = [r["train_rows"] / 1e6 for r in rows]
    ys = [r[f"{name}_{key}"] * scale for name, _, _ in SERIES for r in rows]
    xstep, ystep = nice_step(max(xs)), nice_step(max(ys))
    xmax, ymax = math.ceil(max(xs) * 1.05 / xstep) * xstep, math.ceil(max(ys) * 1.05 / ystep) * ystep
    px = lambda x: x0 + MARGIN + x / xmax * (WIDTH - MARGIN - 16)
    py = lambda y: HEIGHT - MARGIN + 16 - y / ymax * (HEIGHT - MARGIN - 16)
    out = [f'<text x="{x0 + WIDTH / 2}" y="16" text-anchor="middle" font-size="13">{title}</text>',
           f'<line x1="{px(0)}" y1="{py(0)}" x2="{px(xmax)}" y2="{py(0)}" stroke="#333"/>',
           f'<line x1="{px(0)}" y1="{py(0)}" x2="{px(0)}" y2="{py(ymax)}" stroke="#333"/>',
           f'<text x="{x0 + WIDTH / 2}" y="{HEIGHT - 8}" text-anchor="middle" font-size="12">training rows (millions)</text>',
           f'<text x="{x0 + 12}" y="{HEIGHT / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 {x0 + 12} {HEIGHT / 2})">{unit}</text>']
    for i in range(round(xmax / xstep) + 1):
        out.append(f'<text x="{px(i * xstep):.1f}" y="{py(0) + 16}" text-anchor="middle" font-size="12">{i * xstep:g}</text>')
    for i in range(round(ymax / ystep) + 1):
        out.append(f'<text x="{px(0) - 6}" y="{py(i * ystep) + 4:.1f}" text-anchor="end" font-size="12">{i * ystep:g}</text>')
    for name, colour, _ in SERIES:
        points = [(px(r["train_rows"] / 1e6), py(r[f"{name}_{key}"] * scale)) for r in rows]
        out.append(f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in points]
    return out


def main():
    with open(sys.argv[1]) as table:
        rows = [{k: float(v) for k, v in row.items()} for row in csv.DictReader(table, delimiter="\t")]
    parts = panel(0, "seconds per iteration", "seconds", rows, "seconds") + \
        panel(WIDTH + 20, "peak resident memory", "GiB", rows, "peak_rss_mb", 1 / 1024)
    for i, (_, colour, label) in enumerate(SERIES):
        parts.append(f'<rect x="{80 + i * 260}" y="{HEIGHT + 8}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{98 + i * 260}" y="{HEIGHT + 19}" font-size="12">{label}</text>')
    width, height = 2 * WIDTH + 20, HEIGHT + 28
    print(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
          f'font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>')
    print("\n".join(parts))
    print("</svg>")


if __name__ == "__main__":
    main()
