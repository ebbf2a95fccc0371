"""Vensim's functions on one value at a time, with pysd's semantics (pysd.py_backend.functions).

Plain Python that numba compiles unchanged: ``compiled`` wraps each in ``njit``, ``plain`` uses them
as they are. None calls another (a compiled function can call compiled functions only)."""

import numpy as np

from .fdlibm import SMALL_VENSIM


def minimum(a, b):
    # np.minimum: NaN wins
    return a if a < b else (b if b <= a else np.nan)


def maximum(a, b):
    return a if a > b else (b if b >= a else np.nan)


def xidz(a, b, x):
    return x if abs(b) < SMALL_VENSIM else a / b


def integer(a):
    return np.float64(np.trunc(a))


def quantum(a, b):
    return a if b < SMALL_VENSIM else b * np.float64(np.trunc(a / b))


def modulo(a, b):
    return a - (a if b < SMALL_VENSIM else b * np.float64(np.trunc(a / b)))


def step(t, dt, value, start):
    return value if t + dt / 2 > start else 0.0


def ramp(t, slope, start, finish):
    return slope * (min(finish, t) - start) if t + SMALL_VENSIM > start else 0.0


def ramp_open(t, slope, start):
    """RAMP without a finish time (XMILE's form): it never stops."""
    return slope * (t - start) if t + SMALL_VENSIM > start else 0.0


def pulse(t, start, width):
    return 1.0 if start - SMALL_VENSIM <= t < start + width else 0.0


def pulse_train(t, start, repeat, width, end):
    if repeat == 0.0:
        return 1.0 if start - SMALL_VENSIM <= t < start + width else 0.0
    if start <= t < end:
        return 1.0 if (t - start + SMALL_VENSIM) % repeat < width else 0.0
    return 0.0


def delay_order(order, dt, delay_time):
    """pysd lowers a delay's order until order * TIME STEP fits in the delay time."""
    while order > 1 and order * dt > delay_time:
        order -= 1
    return order


def fixed_length(delay_time, dt):
    """Number of steps a DELAY FIXED holds its input, as pysd counts them."""
    return np.float64(np.round(max(delay_time / dt, 1.0) + SMALL_VENSIM))


def trend(value, average, average_time):
    """TREND's output: ZIDZ(input - average, average time * |average|)."""
    scale = average_time * abs(average)
    return 0.0 if abs(scale) < SMALL_VENSIM else (value - average) / scale


# Functions over the elements of a range: each call gets them as a tuple and returns one result.
def vector_select(selection, expression, missing, action):
    """VECTOR SELECT without its error action (pysd.py_backend.functions.vector_select): the elements
    whose selection is not 0, times it (actions 0-4), to its power (5) or as they are (6-10), then
    their sum, product, least, largest or mean, NaNs skipped; ``missing`` when none is selected."""
    selected, used, total, product, least, most = 0, 0, 0.0, 1.0, np.inf, -np.inf
    for i in range(len(selection)):
        weight = selection[i]
        if weight == 0.0:
            continue
        selected += 1
        value = expression[i] ** weight if action == 5.0 else expression[i] if action >= 6.0 else expression[i] * weight
        if value != value:
            continue
        used += 1
        total += value
        product *= value
        least = min(least, value)
        most = max(most, value)
    if selected == 0:
        return missing
    operation = action - 6.0 if action >= 6.0 else (1.0 if action == 5.0 else action)
    if operation == 0.0:
        return total
    if operation == 1.0:
        return product
    if used == 0 or operation > 4.0 or operation != np.floor(operation):
        return np.nan
    return least if operation == 2.0 else most if operation == 3.0 else total / used


def allocate_by_priority(index, request, priority, width, supply):
    """ALLOCATE BY PRIORITY's share of target ``index``, pysd's algorithm step for step
    (pysd.py_backend.allocation._allocate_by_priority_1d); NaN where pysd refuses the inputs."""
    n = len(request)
    total = 0.0
    for i in range(n):
        if request[i] < 0.0:
            return np.nan
        total += request[i]
    if width <= 0.0 or supply < 0.0:
        return np.nan
    if supply >= total:
        return request[int(index)]
    if supply == 0.0 or request[int(index)] == 0.0:
        return 0.0
    order = [i for i in range(n) if request[i] != 0.0]
    for a in range(1, len(order)):  # stable: numpy's argsort of a short array
        b = a
        while b > 0 and -priority[order[b - 1]] > -priority[order[b]]:
            order[b - 1], order[b] = order[b], order[b - 1]
            b -= 1
    m = len(order)
    wanted = np.array([request[i] for i in order])
    given = np.zeros(m)
    distances = np.full(m, np.nan)
    for i in range(m - 1):
        distances[i] = min((priority[order[i]] - priority[order[i + 1]]) / width, 1.0) * wanted[i]
    active = np.zeros(m, dtype=np.bool_)
    active[0] = True
    started, rounds = 0, 0
    while supply > 0.0 and rounds < 4 * m + 4:
        rounds += 1
        slopes = wanted * active
        scale = 0.0
        for i in range(m):
            scale += slopes[i]
        slopes = slopes / scale
        to_top = np.inf
        for i in range(m):
            if active[i]:
                to_top = min(to_top, (wanted[i] - given[i]) / slopes[i])
        to_start = (distances[started] - given[started]) / slopes[started]
        dx = min(to_top, supply) if to_start != to_start else min(to_top, to_start, supply)
        given += slopes * dx
        if abs(dx - to_start) <= 1e-16 + 1e-10 * abs(to_start):
            started += 1
            active[started] = True
        if dx == to_top:
            for i in range(m):
                if given[i] == wanted[i]:
                    active[i] = False
        supply -= dx
    for position in range(m):
        if order[position] == int(index):
            return given[position]
    return 0.0


def invert_matrix(row, column, values):
    """Element (row, column) of the inverse of the square matrix ``values`` (row-major): Gauss-Jordan
    elimination with partial pivoting."""
    n = int(np.sqrt(len(values)) + 0.5)
    a = np.empty((n, 2 * n))
    for i in range(n):
        for j in range(n):
            a[i, j] = values[i * n + j]
            a[i, n + j] = 1.0 if i == j else 0.0
    for k in range(n):
        pivot = k
        for i in range(k + 1, n):
            if abs(a[i, k]) > abs(a[pivot, k]):
                pivot = i
        if a[pivot, k] == 0.0:
            return np.nan
        for j in range(2 * n):
            a[k, j], a[pivot, j] = a[pivot, j], a[k, j]
        scale = a[k, k]
        for j in range(2 * n):
            a[k, j] = a[k, j] / scale
        for i in range(n):
            if i != k:
                factor = a[i, k]
                for j in range(2 * n):
                    a[i, j] = a[i, j] - factor * a[k, j]
    return a[int(row), n + int(column)]


def vector_sorting(position, values, direction, rank):
    """VECTOR SORT ORDER (``rank`` 0) or VECTOR RANK (1) at ``position``, as pysd computes them:
    the indices in ascending order (NaN last; ties keep their order, where numpy's argsort, which
    pysd calls, orders them as the machine's sort does), reversed when ``direction`` <= 0; the rank
    is one more than the place in that order."""
    n = len(values)
    order = np.arange(n)
    for a in range(1, n):
        b = a
        while b > 0:
            low, high = values[order[b]], values[order[b - 1]]
            if not (low < high or (high != high and low == low)):
                break
            order[b - 1], order[b] = order[b], order[b - 1]
            b -= 1
    if direction <= 0.0:
        order = order[::-1]
    p = int(position)
    if rank == 0.0:
        return np.float64(order[p])
    for place in range(n):
        if order[place] == p:
            return np.float64(place + 1)
    return np.nan


def vector_reorder(position, values, order):
    """VECTOR REORDER at ``position``: the element of ``values`` that ``order`` names there."""
    chosen = order[int(position)]
    if not 0.0 <= chosen < len(values):
        return np.nan
    return values[int(chosen)]
