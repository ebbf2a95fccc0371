"""The figure pipeline: formats as asked, PNG pixels as matplotlib draws them, a worker pool that ends
with its parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from innovsd.errors import InputError
from innovsd.present.render import FigurePool, parse_formats


def test_formats_are_read_in_order_once_each():
    assert parse_formats("png,pdf") == ("png", "pdf")
    assert parse_formats(" SVG , png,svg ") == ("svg", "png")
    assert parse_formats(["pdf", "png,pdf"]) == ("pdf", "png")
    for bad in ("gif", "png,,jpeg", ""):
        with pytest.raises(InputError) as error:
            parse_formats(bad)
        assert error.value.field == "formats"


def test_png_has_the_pixels_savefig_draws(tmp_path):
    from PIL import Image

    from innovsd.present import figures

    fig, axes = figures.figure(2, 2)
    for ax in axes.flat:
        ax.plot([2013, 2020, 2035], [3, 1, 2], label="Tỷ trọng")
        ax.fill_between([2013, 2020, 2035], [0, 1, 0], [2, 3, 2], alpha=0.2)
        ax.set_title("Đóng góp của TFP")
    fig.tight_layout()
    fig.savefig(tmp_path / "savefig.png", dpi=300)
    figures.save_png(fig, tmp_path / "ours.png", 300)
    with Image.open(tmp_path / "savefig.png") as theirs, Image.open(tmp_path / "ours.png") as ours:
        expected, got = np.asarray(theirs), np.asarray(ours)
        assert ours.mode == "RGB" and round(ours.info["dpi"][0]) == 300
    assert (expected[..., 3] == 255).all()  # opaque: nothing is lost without the alpha channel
    assert np.array_equal(expected[..., :3], got)
    assert fig.dpi == 100  # the figure is left as it was


def test_png_beside_a_pdf_is_that_page_rasterised(tmp_path):
    """Asked for both, matplotlib draws once (the PDF) and the PNG is its page: the same picture as
    matplotlib's own PNG, to antialiasing."""
    from PIL import Image

    from innovsd.present import figures

    fig, axes = figures.figure(1, 1, height_per_row=2.0)
    ax = axes[0, 0]
    ax.plot([2013, 2020, 2035], [3, 1, 2], lw=3)
    ax.fill_between([2013, 2035], [0, 0], [1, 1], alpha=0.3)
    ax.set_title("Đóng góp của TFP")
    figures.save_png(fig, tmp_path / "agg.png", 100)
    written = figures.save(fig, tmp_path, "both", ("pdf", "png"), dpi=100)
    assert [p.name for p in written] == ["both.pdf", "both.png"]
    assert (tmp_path / "both.pdf").read_bytes().startswith(b"%PDF")
    with Image.open(tmp_path / "agg.png") as agg, Image.open(tmp_path / "both.png") as page:
        assert page.mode == "RGB" and round(page.info["dpi"][0]) == 100
        assert abs(page.width - agg.width) <= 1 and abs(page.height - agg.height) <= 1
        width, height = min(page.width, agg.width), min(page.height, agg.height)
        difference = np.abs(np.asarray(page, float)[:height, :width] - np.asarray(agg, float)[:height, :width])
    assert difference.mean() < 5  # of 255 (a blank page: 12): edges antialiased differently, nothing missing


def test_pool_without_processes_runs_jobs_here():
    pool = FigurePool(workers=1)
    assert not pool.parallel
    done = pool.submit(divmod, 7, 2)
    assert done.result() == (3, 1)
    failed = pool.submit(divmod, 1, 0)
    with pytest.raises(ZeroDivisionError):
        failed.result()


def test_a_few_figures_are_drawn_by_one_forked_worker_many_by_one_per_core():
    """Each worker pays matplotlib's import and its first figure's set-up: the default three figures
    cost less CPU in one worker than in two, and still leave this process free for the tables."""
    import multiprocessing

    forks = "fork" in multiprocessing.get_all_start_methods()
    with FigurePool(modules=(), figures=3) as few, FigurePool(modules=(), figures=20) as many:
        assert (few.workers, few.parallel) == (1, forks)
        assert many.workers == min(os.cpu_count() or 1, 4) and many.parallel == forks
        assert few.submit(divmod, 7, 2).result() == (3, 1)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; the parent-death signal is Linux's")
def test_workers_end_when_the_parent_is_killed():
    script = ("import time; from innovsd.present.render import FigurePool\n"
              "pool = FigurePool(2, modules=())\n"
              "pool.submit(time.sleep, 60)\n"
              "print('ready', flush=True)\n"
              "time.sleep(60)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 20
        while len(workers := _children(parent.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(workers) >= 2, workers
        os.kill(parent.pid, signal.SIGKILL)  # no clean-up code runs in the parent
        parent.wait()
        deadline = time.monotonic() + 20
        while any(_running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        alive = [w for w in workers if _running(w)]
        assert alive == []
    finally:
        if parent.poll() is None:
            parent.kill()


def test_png_and_pdf_of_a_laid_out_figure_draw_it_once(tmp_path):
    """savefig draws a figure twice while a layout engine is set, and tight_layout leaves one."""
    from innovsd.present import figures

    fig, axes = figures.figure(1, 2)
    for ax in axes.flat:
        ax.plot([2013, 2035], [1, 2])
    figures.tight_layout(fig, (0, 0, 1, 1))
    draws = []
    drawn = fig.draw
    fig.draw = lambda renderer: draws.append(renderer) or drawn(renderer)
    figures.save(fig, tmp_path, "once", ("png", "pdf"))
    assert len(draws) == 1


def test_bands_are_the_polygons_fill_between_fills():
    """One collection of bands instead of a fill_between each: the same corners in the same order,
    a gap where a bound is unknown."""
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection

    from innovsd.present.compare_figures import _band

    times = np.arange(2013.0, 2036.0)
    low, high = np.sin(times), np.sin(times) + 2
    low[5] = np.nan
    fig, ax = plt.subplots()
    theirs = [path.vertices for path in ax.fill_between(times, low, high).get_paths()]
    ours = [path.vertices for path in PolyCollection(_band(times, low, high)).get_paths()]
    plt.close(fig)
    assert len(ours) == len(theirs) == 2
    for mine, matplotlibs in zip(ours, theirs):
        np.testing.assert_array_equal(mine, matplotlibs)
