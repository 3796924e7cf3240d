#!/usr/bin/env python3
"""Regenerates data/catalogue/, the demo slice of the national procedure catalogue bundled with MotCua.

    python3 scripts/make-catalogue-slice.py [--from ../shared/data/real] [--out data/catalogue]

Reads the full files by path (the folder is laid out like shared/data/real):
    FROM/tthc-dvcqg-bo-nganh/procedures.jsonl        (2,642 procedures from dichvucong.gov.vn)
    FROM/tthc-bqp-quoc-phong/procedures_bqp.jsonl    (207 Ministry of Defence procedures)
and writes, gzip-compressed in the same layout (lines copied byte for byte, source order kept):
    OUT/tthc-dvcqg-bo-nganh/procedures.jsonl.gz      the portal procedures done at provincial (Cấp tỉnh) or
                                                     commune (Cấp xã) level in the SECTORS below, plus ALWAYS
    OUT/tthc-bqp-quoc-phong/procedures_bqp.jsonl.gz  all 207 records.
The gzip header carries no name and no time, so running it again gives identical files.
"""
import argparse
import gzip
import json
import os
import sys
import unicodedata

# The sectors (lĩnh vực) a provincial one-stop shop handles most, as the portal spells them.
SECTORS = [
    "Hộ tịch",
    "Đăng ký, quản lý cư trú",
    "Cấp, quản lý căn cước",
    "Chứng thực",
    "Đất đai",
    "Nuôi con nuôi",
    "Công chứng",
    "Trợ giúp pháp lý",
    "Tài nguyên nước",
    "Người có công",
    "Phòng cháy, chữa cháy",
    "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)",
    "Thành lập và hoạt động của tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã",
    "Đăng ký, quản lý phương tiện giao thông cơ giới, xe máy chuyên dùng",
    "Sát hạch, cấp giấy phép lái xe",
]
LEVELS = ("Cấp tỉnh", "Cấp xã")
# Procedures the tests and the demo name, kept whatever the filter says.
ALWAYS = {"1.004194"}  # Đăng ký tạm trú

DVCQG = os.path.join("tthc-dvcqg-bo-nganh", "procedures.jsonl")
BQP = os.path.join("tthc-bqp-quoc-phong", "procedures_bqp.jsonl")


def keep_dvcqg(record):
    if record.get("ma_thu_tuc") in ALWAYS:
        return True
    levels = unicodedata.normalize("NFC", record.get("cap_thuc_hien", ""))
    # NFC: a few records spell "Cấp" with a combining accent ("Câ\u0301p, quản lý căn cước").
    sector = unicodedata.normalize("NFC", record.get("linh_vuc", ""))
    return sector in SECTORS and any(level in levels for level in LEVELS)


def write_gz(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            for line in lines:
                gz.write(line)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="src", default=os.path.join(here, "..", "..", "shared", "data", "real"))
    ap.add_argument("--out", default=os.path.join(here, "..", "data", "catalogue"))
    args = ap.parse_args()

    kept, seen = [], set()
    with open(os.path.join(args.src, DVCQG), "rb") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            if keep_dvcqg(record):
                kept.append(line if line.endswith(b"\n") else line + b"\n")
                seen.add(record["ma_thu_tuc"])
    missing = ALWAYS - seen
    if missing:
        sys.exit(f"error: {', '.join(sorted(missing))} not in {DVCQG}")
    with open(os.path.join(args.src, BQP), "rb") as f:
        bqp = [line if line.endswith(b"\n") else line + b"\n" for line in f if line.strip()]

    write_gz(os.path.join(args.out, DVCQG + ".gz"), kept)
    write_gz(os.path.join(args.out, BQP + ".gz"), bqp)
    print(f"{DVCQG}.gz: {len(kept)} procedures, {os.path.getsize(os.path.join(args.out, DVCQG + '.gz')):,} bytes")
    print(f"{BQP}.gz: {len(bqp)} procedures, {os.path.getsize(os.path.join(args.out, BQP + '.gz')):,} bytes")


if __name__ == "__main__":
    main()
