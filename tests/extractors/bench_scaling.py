"""Scaling benchmark (a script, not a test): extraction time of one notice as it grows.

Times ``pipeline.notice.process`` (segment + extract + tasks + shortcomings of one
notice) on inputs of growing size and prints CPU time(2N) / time(N) for each doubling: about
2 means linear, about 4 quadratic.

    .venv/bin/python tests/extractors/bench_scaling.py             # every kind
    .venv/bin/python tests/extractors/bench_scaling.py agencies items --scale 0.5
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pipeline.core.text import doc_hash  # noqa: E402
from pipeline.extractors.header import extract_header  # noqa: E402
from pipeline.notice import process  # noqa: E402
from pipeline.readers import repair  # noqa: E402

HEADER = (
    "ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\n\nSố: 12/TB-VP\n\n"
    "Kiên Giang, ngày 12 tháng 7 năm 2021\n\nTHÔNG BÁO\n"
    "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban\n\n"
    "Ngày 07 tháng 7 năm 2021, Chủ tịch UBND tỉnh chủ trì cuộc họp.\n\n"
    "Chủ tịch UBND tỉnh kết luận như sau:\n\n"
)
# three agency mentions per line, in words of our own
AGENCY_LINE = (
    "Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính và "
    "UBND huyện Tân Hiệp rà soát hồ sơ trước ngày 15/8/2021."
)
LONG_LINE_UNIT = "Sở Y tế phối hợp triển khai kế hoạch tiêm chủng, "


def ingested(text: str, source: str = "bench.txt") -> dict:
    """A documents row for ``text``, as ingest would build it (header read, repaired)."""
    fixed = repair(text)
    head = extract_header(fixed.text, fixed.body_end)
    return {
        "doc_id": doc_hash(fixed.text),
        "source": source,
        "text": fixed.text,
        "body_end": fixed.body_end,
        "footnotes": "[]",
        "warnings": "[]",
        **vars(head),
    }


def agencies(n: int) -> str:
    """About ``n`` agency mentions, three to a line."""
    return HEADER + "\n".join(AGENCY_LINE for _ in range(max(1, n // 3)))


def items(n: int) -> str:
    """``n`` numbered items under one heading."""
    body = "\n".join(
        f"{i}. Sở Y tế báo cáo kết quả đợt {i} trong tháng 8/2021."
        for i in range(1, n + 1)
    )
    return HEADER + "1. Nhiệm vụ trọng tâm\n" + body


def line(n: int) -> str:
    """One line of about ``n`` characters."""
    return HEADER + LONG_LINE_UNIT * max(1, n // len(LONG_LINE_UNIT))


def corpus(n: int) -> str:
    """A corpus notice's body repeated to about ``n`` characters."""
    seed = (ROOT / "tests" / "fixtures" / "seed.txt").read_text(encoding="utf-8")
    return seed * max(1, n // len(seed))


KINDS = {
    # kind: (builder, sizes)
    "agencies": (agencies, [5_000, 10_000, 20_000, 40_000]),
    "items": (items, [2_000, 4_000, 8_000, 16_000]),
    "line": (line, [625_000, 1_250_000, 2_500_000, 5_000_000]),
    "corpus": (corpus, [500_000, 1_000_000, 2_000_000, 4_000_000]),
}


def timed(text: str) -> tuple[float, float, dict]:
    """(wall seconds, CPU seconds, CONTRACT object) of one notice's extraction; the CPU
    time is the steadier figure on a shared machine."""
    doc = ingested(text)
    wall, cpu = time.perf_counter(), time.process_time()
    out = process(doc)
    return time.perf_counter() - wall, time.process_time() - cpu, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kinds", nargs="*", help=f"any of {', '.join(KINDS)} (default all)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    ap.add_argument("--big", action="store_true", help="also one 20 MB corpus notice")
    args = ap.parse_args()
    if unknown := set(args.kinds) - set(KINDS):
        ap.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    process(ingested(agencies(30)))  # load the lexicons and models once, untimed
    for kind in args.kinds or KINDS:
        build, sizes = KINDS[kind]
        previous = None
        for size in (int(s * args.scale) for s in sizes):
            text = build(size)
            wall, cpu, out = timed(text)
            ratio = f"{cpu / previous:5.2f}" if previous else "    -"
            sys.stdout.write(
                f"{kind:<9}{size:>10,}{len(text):>12,} chars{cpu:8.2f} s cpu"
                f"{wall:8.2f} s wall  x{ratio}  agencies={len(out['agencies'])}"
                f" tasks={len(out['tasks'])} warnings={len(out['warnings'])}\n"
            )
            sys.stdout.flush()
            previous = cpu
    if args.big:
        wall, cpu, _ = timed(corpus(20_000_000))
        sys.stdout.write(f"corpus 20 MB: {cpu:.1f} s cpu, {wall:.1f} s wall\n")


if __name__ == "__main__":
    main()
