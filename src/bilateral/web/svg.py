"""Geometry for the SVG pictures: a stacked bar chart of events per period and type, a strip
of dated events, and a deterministic force layout of a small graph. The templates draw the
shapes (and escape every label); nothing here writes markup."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# One colour per PLOVER type (the rest grey); the same on every page and in the legend.
TYPE_COLOURS = {
    "CONSULT": "#3b6ea8", "SUPPORT": "#4c9a5b", "AGREE": "#d9a21b", "COOPERATE": "#8a5cb8",
    "AID": "#2aa3a3", "CONCEDE": "#8c8c3a", "RETREAT": "#7f7f7f", "REQUEST": "#c97c2e",
    "ACCUSE": "#c0392b", "REJECT": "#a0522d", "THREATEN": "#b03060", "PROTEST": "#d35400",
    "SANCTION": "#6d2c2c", "MOBILIZE": "#556b2f", "COERCE": "#8b0000", "ASSAULT": "#000000",
}
KIND_COLOURS = {"country": "#3b6ea8", "person": "#c97c2e", "organisation": "#8a5cb8",
                "place": "#4c9a5b", "project": "#2aa3a3"}


def colour(type_: str) -> str:
    return TYPE_COLOURS.get(type_, "#999999")


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    labels: list[tuple[float, str]] = field(default_factory=list)  # (x, text) on the axis
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (y, count) on the left
    legend: list[tuple[str, str]] = field(default_factory=list)  # (type, colour)
    by: str = "month"
    empty: bool = True


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    y2, m2 = int(last[:4]), int(last[5:7])
    out = []
    while (y, m) <= (y2, m2):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def periods(first: str, last: str, by: str) -> list[str]:
    if by == "year":
        return [f"{y:04d}" for y in range(int(first[:4]), int(last[:4]) + 1)]
    return _months(first, last)


def bar_chart(counts: list[tuple[str, str, int]], by: str = "month", width: int = 900,
              height: int = 180) -> Chart:
    """Stacked bars, one per period from the first to the last with events (empty periods
    kept, so the x axis is time)."""
    chart = Chart(width, height, by=by)
    if not counts:
        return chart
    chart.empty = False
    names = periods(counts[0][0], counts[-1][0], by)
    stacks: dict[str, list[tuple[str, int]]] = {p: [] for p in names}
    for period, type_, n in counts:
        stacks.setdefault(period, []).append((type_, n))
    top = max(sum(n for _, n in s) for s in stacks.values()) or 1
    left, bottom, plot_h = 36.0, 20.0, height - 28.0
    step = (width - left - 4) / len(names)
    gap = 1.0 if step > 3 else 0.0
    for i, period in enumerate(names):
        x = left + i * step
        y = height - bottom
        for type_, n in sorted(stacks[period]):
            h = plot_h * n / top
            y -= h
            chart.bars.append(Bar(round(x, 2), round(y, 2), round(max(step - gap, 0.5), 2),
                                  round(h, 2), colour(type_), f"{period} {type_}: {n}"))
    every = max(1, math.ceil(len(names) / 12))
    for i, period in enumerate(names):
        if i % every == 0:
            chart.labels.append((round(left + i * step, 2), period))
    for frac in (0.0, 0.5, 1.0):
        chart.ticks.append((round(height - bottom - plot_h * frac, 2), str(round(top * frac))))
    chart.legend = [(t, colour(t)) for t in sorted({t for _, t, _ in counts})]
    return chart


@dataclass
class Dot:
    x: float
    y: float
    fill: str
    title: str
    href: str


def strip(events: list[dict], width: int = 900, height: int = 46) -> tuple[list[Dot], list]:
    """Dated events as dots on a time axis (events of one day stacked up), with year
    labels."""
    dated = [e for e in events if e.get("date") and e["date"][:4].isdigit()]
    if not dated:
        return [], []

    def pos(date: str) -> float:
        y = int(date[:4])
        m = int(date[5:7]) if len(date) >= 7 else 7
        d = int(date[8:10]) if len(date) >= 10 else 15
        return y + (m - 1) / 12 + (d - 1) / 365

    lo = min(pos(e["date"]) for e in dated)
    hi = max(pos(e["date"]) for e in dated)
    span = max(hi - lo, 1.0)
    left, usable = 10.0, width - 20.0
    dots, stacked = [], {}
    for e in sorted(dated, key=lambda e: e["date"]):
        x = round(left + usable * (pos(e["date"]) - lo) / span, 1)
        level = stacked.get(x, 0)
        stacked[x] = level + 1
        dots.append(Dot(x, max(4.0, 24 - 7 * min(level, 3)), colour(e["type"]),
                        f"{e['date']} {e['type']}: {e['summary']}", f"/events/{e['key']}"))
    years = range(math.floor(lo), math.floor(hi) + 1)
    step = max(1, math.ceil(len(years) / 10))
    labels = [(round(left + usable * (y - lo) / span, 1), str(y)) for y in years
              if (y - years[0]) % step == 0 and y >= lo - 0.01]
    return dots, labels


@dataclass
class Node:
    id: str
    label: str
    kind: str
    weight: int
    x: float = 0.0
    y: float = 0.0
    r: float = 8.0
    fill: str = "#999999"
    href: str = ""
    centre: bool = False


@dataclass
class Edge:
    source: str
    target: str
    weight: int
    x1: float = 0.0
    y1: float = 0.0
    x2: float = 0.0
    y2: float = 0.0
    stroke_width: float = 1.0
    title: str = ""


def force_layout(nodes: list[Node], edges: list[Edge], width: int = 900, height: int = 560,
                 iterations: int = 300) -> None:
    """Fruchterman-Reingold from a circle in id order: the same graph always gets the same
    picture. Centre nodes start (and stay pulled) in the middle."""
    n = len(nodes)
    if not n:
        return
    cx, cy = width / 2, height / 2
    index = {node.id: i for i, node in enumerate(nodes)}
    radius = min(width, height) * 0.38
    pos = []
    for i, node in enumerate(nodes):
        if node.centre:
            angle = 2 * math.pi * i / n
            pos.append([cx + 30 * math.cos(angle), cy + 30 * math.sin(angle)])
        else:
            angle = 2 * math.pi * i / n
            pos.append([cx + radius * math.cos(angle), cy + radius * math.sin(angle)])
    area = width * height
    k = math.sqrt(area / n) * 0.75
    pairs = [(index[e.source], index[e.target], e.weight) for e in edges
             if e.source in index and e.target in index]
    top = max((w for _, _, w in pairs), default=1)
    temperature = width / 8
    for step in range(iterations):
        disp = [[0.0, 0.0] for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
                d = math.hypot(dx, dy) or 0.01
                f = k * k / d
                disp[i][0] += dx / d * f
                disp[i][1] += dy / d * f
                disp[j][0] -= dx / d * f
                disp[j][1] -= dy / d * f
        for i, j, w in pairs:
            dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
            d = math.hypot(dx, dy) or 0.01
            f = d * d / k * (0.5 + w / top)
            disp[i][0] -= dx / d * f
            disp[i][1] -= dy / d * f
            disp[j][0] += dx / d * f
            disp[j][1] += dy / d * f
        for i, node in enumerate(nodes):
            if node.centre:  # gravity keeps the chosen entities in the middle
                disp[i][0] += (cx - pos[i][0]) * 2
                disp[i][1] += (cy - pos[i][1]) * 2
            dx, dy = disp[i]
            d = math.hypot(dx, dy) or 0.01
            move = min(d, temperature)
            pos[i][0] = min(width - 60, max(60, pos[i][0] + dx / d * move))
            pos[i][1] = min(height - 30, max(30, pos[i][1] + dy / d * move))
        temperature = max(1.0, temperature * (1 - step / iterations))
    top_weight = max((node.weight for node in nodes), default=1) or 1
    for i, node in enumerate(nodes):
        node.x, node.y = round(pos[i][0], 1), round(pos[i][1], 1)
        node.r = round(6 + 12 * math.sqrt(node.weight / top_weight), 1)
        node.fill = KIND_COLOURS.get(node.kind, "#999999")
    for edge in edges:
        a, b = nodes[index[edge.source]], nodes[index[edge.target]]
        edge.x1, edge.y1, edge.x2, edge.y2 = a.x, a.y, b.x, b.y
        edge.stroke_width = round(1 + 7 * edge.weight / top, 1)
