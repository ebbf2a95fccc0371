"""One look for every figure: readable at A4 size, with units, sources and the model named."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # files only: no screen on servers and CI
# Titles, legends and captions carry user text (scenario titles): never read as math ("$x$").
matplotlib.rcParams["text.parse_math"] = False
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.ticker import Locator, NullLocator  # noqa: E402

from .figure_files import save, save_png  # noqa: E402,F401 - every figure's way to its files
from .figure_files import ticks_worked_out_once  # noqa: E402
from .scenario_style import SCENARIO_COLOURS  # noqa: E402,F401 - every figure's palette
from .words import word  # noqa: E402

A4_WIDTH_CM = 16.0  # text width of an A4 page with 2.5 cm margins
A4_WIDTH_IN = A4_WIDTH_CM / 2.54
SMALLEST_PT = 8  # every text at least this size when the figure is placed at 16 cm in Word
# DejaVu Sans ships with matplotlib and has every Vietnamese diacritic.
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 9.5,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": SMALLEST_PT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.dpi": 100,
    "text.parse_math": False,
}
HISTORY_COLOUR = "#7a0019"  # observations, in every figure


def figure(rows: int = 1, cols: int = 1, height_per_row: float = 2.6, width: float = A4_WIDTH_IN):
    plt.rcParams.update(STYLE)
    fig, axes = plt.subplots(rows, cols, figsize=(width, height_per_row * rows + 0.6), squeeze=False)
    return fig, axes


class _InView(Locator):
    """Another locator's ticks inside the axis's view only. matplotlib makes a tick (two lines, two
    texts and a grid line) for every place a locator gives, those beyond the view that it never
    draws too: half of a comparison figure's ticks, the costliest things it makes."""

    def __init__(self, locator: Locator):
        self.locator = locator

    def set_axis(self, axis) -> None:
        super().set_axis(axis)
        self.locator.set_axis(axis)

    def __call__(self):
        scale = self.axis.get_transform().transform
        low, high = sorted(scale(np.asarray(self.axis.get_view_interval(), float)))
        slack = (high - low) * 1e-10  # as matplotlib decides which ticks it draws
        places = np.asarray(self.locator(), float)
        return places[(scale(places) >= low - slack) & (scale(places) <= high + slack)] if places.size else places

    def tick_values(self, vmin, vmax):
        return self.locator.tick_values(vmin, vmax)

    def view_limits(self, vmin, vmax):
        return self.locator.view_limits(vmin, vmax)

    def nonsingular(self, v0, v1):
        return self.locator.nonsingular(v0, v1)


def ticks_in_view(fig) -> None:
    """Every axis of ``fig`` makes ticks only where it draws them (see _InView); its locations are
    final (limits and locators set)."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not isinstance(axis.get_major_locator(), (_InView, NullLocator)):
                axis.set_major_locator(_InView(axis.get_major_locator()))


def tight_layout(fig, rect: tuple[float, float, float, float]) -> None:
    """``fig.tight_layout(rect=rect)``, each panel's extent with its labels measured once: given a
    rect, matplotlib measures every panel twice at the same place (its second pass only moves the
    margins), and that measuring lays out every tick label, title and legend entry again."""
    from matplotlib import artist

    measure = artist._get_tightbbox_for_layout_only  # what matplotlib's tight layout calls per panel
    measured: dict[int, object] = {}

    def once(panel, *args, **kwargs):
        if kwargs:
            return measure(panel, *args, **kwargs)
        if id(panel) not in measured:
            measured[id(panel)] = measure(panel, *args)
        return measured[id(panel)]

    artist._get_tightbbox_for_layout_only = once
    try:
        with ticks_worked_out_once():
            fig.tight_layout(rect=rect)
    finally:
        artist._get_tightbbox_for_layout_only = measure


def footer(fig, lang: str, sources: str = "", note: str = "") -> float:
    """Model name, ``note`` and every source at the foot of the figure, as a caption would carry
    them, wrapped (never cut) to the figure's width; returns the share of the figure's height it
    takes, which the caller keeps free (``tight_layout(rect=(0, share, 1, 1))``)."""
    import textwrap

    text = word("model note", lang) + (f". {note}" if note else "")
    if sources:
        text += f". {word('source', lang)}: {sources}"
    per_line = int(fig.get_figwidth() * 72 / (0.56 * SMALLEST_PT))  # DejaVu Sans' mean advance is ~0.56 em
    lines = textwrap.wrap(text, per_line) or [""]
    fig.text(0.01, 0.005, "\n".join(lines), fontsize=SMALLEST_PT, color="#555555", ha="left", va="bottom",
             linespacing=1.25)
    return (len(lines) * SMALLEST_PT * 1.25 / 72 + 0.08) / fig.get_figheight()


def draw_observed(ax, observation, **style) -> bool:
    """A history row as it was observed: a year's value as a marker, a period mean as a bar
    over its years, a period total as its yearly average over the period. A growth rate has
    no level to draw: False, the caller decides."""
    o = observation
    if o.kind == "sum":
        average = o.value / (o.end - o.start + 1)
        ax.plot([o.start, o.end + 1], [average, average], lw=2.4, solid_capstyle="butt", zorder=4, **style)
        return True
    if o.kind == "point":
        ax.plot([o.start], [o.value], marker="o", ms=4.5, ls="none", zorder=4, **style)
        return True
    if o.kind == "mean":
        ax.plot([o.start, o.end], [o.value, o.value], lw=2.4, solid_capstyle="butt", zorder=4, **style)
        ax.plot([o.start, o.end], [o.value, o.value], marker="|", ms=7, ls="none", zorder=4, **style)
        return True
    return False


LABEL_GAP_PT = 3  # between a target label and the line or edge it is read against
LABEL_BOX = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}
BLOCKED = 1e6  # a placement that covers another label, leaves the panel or is struck through
REFERENCE = "reference"  # gid of a line labels may cover (the policies' start)
FARTHER = 2  # per step down the list of places: a label stays near its band unless that covers data
CROSSED = 50  # per point of another target's line through a label: worse than covering data


def target_label(ax, text: str, low: float, high: float | None, period: tuple[float, float], **style):
    """A target's label on ``ax``, put in place by ``place_labels`` once the figure's layout is
    final: points on screen are only known then."""
    artist = ax.annotate(text, (period[1], low), xytext=(0, LABEL_GAP_PT), textcoords="offset points", ha="right",
                         va="bottom", fontsize=SMALLEST_PT, bbox=LABEL_BOX, zorder=6, annotation_clip=False, **style)
    ax.__dict__.setdefault("_target_labels", []).append((artist, low, high, period))
    return artist


def target_line(ax, period, level: float, **style):
    """A target's dashed bound; ``place_labels`` keeps every label off it."""
    (line,) = ax.plot(period, (level, level), ls="--", lw=1.0, zorder=1, **style)
    line._target_level = level
    return line


def _candidates(ax, low: float, high: float | None, period, lines: int):
    """Where a label may go, in order of preference: above its own line or above the band's top,
    inside the band under its top, or under its own line; then stacked one to three label heights
    further off; each at the band's end, just before its start, at its start, just after its end,
    at the panel's right or left edge, or centred."""
    left, right = ax.get_xlim()
    step = lines * SMALLEST_PT * 1.25 + LABEL_GAP_PT
    levels = [(low, LABEL_GAP_PT, "bottom")]
    if high is not None:
        levels += [(high, LABEL_GAP_PT, "bottom"), (high, -LABEL_GAP_PT, "top")]
    levels.append((low, -LABEL_GAP_PT, "top"))
    for k in (1, 2, 3):
        levels += [(high if high is not None else low, LABEL_GAP_PT + k * step, "bottom"),
                   (low, -LABEL_GAP_PT - k * step, "top")]
    places = [(period[1], 0, "right"), (period[0], -LABEL_GAP_PT, "right"), (period[0], LABEL_GAP_PT, "left"),
              (period[1], LABEL_GAP_PT, "left"), (right, -LABEL_GAP_PT, "right"), (left, LABEL_GAP_PT, "left"),
              ((left + right) / 2, 0, "center")]
    return [(x, y, dx, dy, ha, va) for y, dy, va in levels for x, dx, ha in places]


def _line_points(ax, renderer) -> tuple[list, list]:
    """Screen points along every drawn line, densely (a segment crossing a label counts):
    (data lines, target lines with their levels)."""
    data, targets = [], []
    for line in (line for line in ax.lines if line.get_gid() != REFERENCE):
        xy = line.get_transform().transform(line.get_xydata())
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy) > 1:
            steps = np.maximum(np.ceil(np.hypot(*np.diff(xy, axis=0).T) / 2).astype(int), 1)
            pieces = [np.linspace(a, b, n, endpoint=False) for a, b, n in zip(xy[:-1], xy[1:], steps)]
            xy = np.vstack(pieces + [xy[-1:]])
        level = getattr(line, "_target_level", None)
        (data if level is None else targets).append((level, xy))
    return [xy for _, xy in data], targets


def _inside(corners, xy):
    """How many of the points ``xy`` lie inside each box (``corners``: one row x0, y0, x1, y1 per box)."""
    x, y = xy[:, 0], xy[:, 1]
    c = corners[:, :, None]
    return np.count_nonzero((x > c[:, 0]) & (x < c[:, 2]) & (y > c[:, 1]) & (y < c[:, 3]), axis=1)


def _box(artist, renderer):
    """A label's screen box with its white box around the text, and a little more."""
    return artist.get_window_extent(renderer).padded(0.3 * SMALLEST_PT * artist.figure.dpi / 72)


def label_boxes(ax, renderer=None) -> list:
    """Screen boxes of ``ax``'s target labels (see _box)."""
    renderer = renderer or ax.figure.canvas.get_renderer()
    return [_box(artist, renderer) for artist, *_ in ax.__dict__.get("_target_labels", [])]


def _placed_box(ax, artist, renderer, place, shapes: dict):
    """The label's box at ``place``. A text's box only moves with its anchor: it is measured once
    per alignment (``shapes``) and moved to each place, not laid out again for each."""
    from matplotlib.transforms import Bbox

    x, y, dx, dy, ha, va = place
    scale = artist.figure.dpi / 72  # offset points to pixels
    anchor_x, anchor_y = ax.transData.transform((x, y))
    anchor_x, anchor_y = anchor_x + dx * scale, anchor_y + dy * scale
    if (ha, va) not in shapes:
        _put(artist, place)
        box = _box(artist, renderer)
        shapes[(ha, va)] = (box.x0 - anchor_x, box.y0 - anchor_y, box.width, box.height)
    left, bottom, width, height = shapes[(ha, va)]
    return Bbox.from_bounds(anchor_x + left, anchor_y + bottom, width, height)


def _options(ax, entry, renderer, data, targets, taken, frame) -> list:
    """Every place for one label with its cost alone (see place_labels), cheapest first."""
    artist, low, high, period = entry
    shapes: dict = {}
    places = _candidates(ax, low, high, period, artist.get_text().count("\n") + 1)
    boxes = [_placed_box(ax, artist, renderer, place, shapes) for place in places]
    corners = np.array([[box.x0, box.y0, box.x1, box.y1] for box in boxes])
    # Points of the data and of the targets' lines under each place, every place at once.
    covered = sum((_inside(corners, xy) for xy in data), np.zeros(len(boxes), int))
    crossed = sum(((BLOCKED if level == low else CROSSED) * _inside(corners, xy) for level, xy in targets),
                  np.zeros(len(boxes), int))
    out = []
    for rank, (place, box) in enumerate(zip(places, boxes)):
        cost = BLOCKED * (box.x0 < frame.x0 - 1 or box.x1 > frame.x1 + 1
                          or box.y0 < frame.y0 - 1 or box.y1 > frame.y1 + 1)
        cost += BLOCKED * sum(box.overlaps(other) for other in taken)
        cost += int(crossed[rank]) + int(covered[rank]) + FARTHER * rank
        out.append((cost, rank, place, box))
    return sorted(out, key=lambda option: option[:2])


def _put(artist, place) -> None:
    x, y, dx, dy, ha, va = place
    artist.xy, artist.xyann = (x, y), (dx, dy)
    artist.set_ha(ha)
    artist.set_va(va)


def _cheapest_together(options: list[list], budget: int) -> list:
    """One option per label, no two overlapping, of least total cost: a depth-first search over
    each label's options (cheapest first) that drops any branch already dearer than the best
    found, within ``budget`` steps; without such a set, each label's cheapest option."""
    best: list = [float("inf"), None]
    steps = [budget]

    def extend(chosen: list, cost: float) -> None:
        if len(chosen) == len(options):
            best[:] = [cost, list(chosen)]
            return
        for option in options[len(chosen)]:
            steps[0] -= 1
            if steps[0] < 0 or cost + option[0] >= best[0]:
                return  # options are sorted: every later one is dearer still
            if not any(option[3].overlaps(other[3]) for other in chosen):
                extend(chosen + [option], cost + option[0])

    extend([], 0.0)
    return best[1] or [label_options[0] for label_options in options]


def place_labels(fig, budget: int = 20000) -> None:
    """Put each panel's target labels where, together, they cover no other label or text, stay
    inside the panel, are not struck through by their own dashed line, and cover the fewest
    points of the data, near their band (see _candidates); call after the layout is final. The
    labels of a panel are placed jointly: a label nearest its band may have to give way to
    another's; where they cannot all fit on one line each, each is written on two."""
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        labels = ax.__dict__.get("_target_labels", [])
        if not labels:
            continue
        data, targets = _line_points(ax, renderer)
        frame = ax.get_window_extent(renderer)
        mine = [artist for artist, *_ in labels]
        taken = [t.get_window_extent(renderer) for t in ax.texts if t not in mine and t.get_text()]
        taken.append(ax.title.get_window_extent(renderer))
        chosen = _cheapest_together([_options(ax, e, renderer, data, targets, taken, frame) for e in labels], budget)
        if sum(option[0] for option in chosen) >= BLOCKED and any(": " in artist.get_text() for artist in mine):
            # No room on one line each (a narrow panel, a long language): the bound under the name.
            for artist in mine:
                artist.set_text(artist.get_text().replace(": ", ":\n", 1))
            chosen = _cheapest_together([_options(ax, e, renderer, data, targets, taken, frame) for e in labels],
                                        budget)
        for artist, option in zip(mine, chosen):
            _put(artist, option[2])
