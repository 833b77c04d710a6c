"""Text printed over other text: two pieces of text of one page whose letters lie on one another."""
from __future__ import annotations

CORE = 0.7  # ems above the baseline that every script's letters fill: accents above and descenders below are left out
OVERLAP = 0.15  # ems two cores may share each way: a tight line-height or a kern, not a character printed over another
CELL = 64.0  # CSS px: the side of the squares of the page in which cores are looked up


def overprinted(texts: list) -> list[tuple[object, object]]:
    """Each piece of text (of those given, in painting order) printed over an earlier one, with that one."""
    from weasyprint.anchors import rectangle_aabb

    cores = []
    for order, item in enumerate(texts):
        box, size = item.box, item.box.style["font_size"]
        if box.width > 0 and size > 0:
            top = box.position_y + box.baseline - CORE * size
            cores.append((rectangle_aabb(item.matrix, box.position_x, top, box.width, CORE * size), size, order))
    found: dict[int, int] = {}
    cells: dict[tuple[int, int], list] = {}  # the cores met so far, by the cells of the page they lie on
    for core in cores:
        (left, top, right, bottom), size, order = core
        for cell in _cells(core[0]):
            for (other_left, other_top, other_right, other_bottom), other_size, other in cells.get(cell, ()):
                least = OVERLAP * (size if size < other_size else other_size)
                # they share more than least each way: each one's far edge passes the other's near edge by it
                if (right - other_left > least and other_right - left > least and bottom - other_top > least
                        and other_bottom - top > least and right - left > least and other_right - other_left > least
                        and bottom - top > least and other_bottom - other_top > least):
                    found.setdefault(order, other)  # cores are taken in painting order: other is the earlier
            cells.setdefault(cell, []).append(core)
    return [(texts[later], texts[earlier]) for later, earlier in sorted(found.items())]


def _cells(bounds: tuple[float, float, float, float]):
    left, top, right, bottom = bounds
    for row in range(int(top // CELL), int(bottom // CELL) + 1):
        for column in range(int(left // CELL), int(right // CELL) + 1):
            yield row, column
