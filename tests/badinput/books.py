"""Hostile workbooks, generated (small on disk, hostile once opened).

* :func:`far_cell` — the tiny dataset with one cell at ``XFD1048576``: about 18 KB,
  its declared dimension is the whole sheet (17 billion cells if padded);
* :func:`shared_strings_bomb` — ``sharedStrings.xml`` expanding about 290 times
  (1.2 MB on disk, 348 MB decompressed by default);
* :func:`entity_sheet` — a sheet whose XML declares entities ("billion laughs");
* :func:`truncated_sheet` — a sheet whose XML stops in the middle;
* :func:`formula_without_value` — a formula cell with no saved value (as written by
  a program that does not calculate, such as openpyxl).
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..conftest import TINY


def tiny_workbook(path: Path, tweak: Callable[[object], None] | None = None) -> Path:
    """The tiny dataset as a workbook (one sheet per table), then ``tweak(wb)``."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for f in sorted(TINY.glob("*.csv")):
        ws = wb.create_sheet(f.stem)
        with f.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                ws.append(row)
    if tweak is not None:
        tweak(wb)
    wb.save(path)
    return path


def _rewrite(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one part of a workbook (a zip) in place."""
    with zipfile.ZipFile(path) as zf:
        parts = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            if info.filename == member:
                data = change(data)
            zf.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return path


def _sheet_of(path: Path, title: str) -> str:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return f"xl/worksheets/sheet{wb.sheetnames.index(title) + 1}.xml"
    finally:
        wb.close()


def far_cell(path: Path) -> Path:
    def tweak(wb: object) -> None:
        wb["towns"]["XFD1048576"] = "far"  # type: ignore[index]

    return tiny_workbook(path, tweak)


def shared_strings_bomb(path: Path, *, megabytes: int = 348) -> Path:
    """A workbook whose shared strings decompress to ``megabytes`` MB (one cell uses one)."""
    tiny_workbook(path)
    chunk = "<si><t>" + "牦" * 1000 + "</t></si>"  # 3,015 bytes, repeated: compresses well
    n = megabytes * 1_000_000 // len(chunk.encode())
    rel = (
        '<Relationship Id="rIdSST" Target="sharedStrings.xml" Type="http://schemas.openxml'
        'formats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
    )
    ctype = (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxml'
        'formats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    parts["xl/_rels/workbook.xml.rels"] = (
        parts["xl/_rels/workbook.xml.rels"].decode().replace("</Relationships>", rel).encode()
    )
    parts["[Content_Types].xml"] = (
        parts["[Content_Types].xml"].decode().replace("</Types>", ctype).encode()
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        with zf.open("xl/sharedStrings.xml", "w") as fh:  # streamed: never whole in memory
            fh.write(f'<sst xmlns="{_MAIN}" count="{n}" uniqueCount="{n}">'.encode())
            block = (chunk * 1000).encode()
            for _ in range(n // 1000):
                fh.write(block)
            fh.write((chunk * (n % 1000) + "</sst>").encode())
    return path


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>\n"
)


def entity_sheet(path: Path) -> Path:
    tiny_workbook(path)

    def change(data: bytes) -> bytes:
        text = data.decode().split("?>", 1)[-1]
        text = text.replace("<v>", "<v>&lol9;", 1) if "<v>" in text else text
        return (LAUGHS + text).encode()

    return _rewrite(path, _sheet_of(path, "towns"), change)


def truncated_sheet(path: Path) -> Path:
    tiny_workbook(path)
    return _rewrite(path, _sheet_of(path, "towns"), lambda d: d[: len(d) // 2])


def formula_without_value(path: Path) -> Path:
    def tweak(wb: object) -> None:
        wb["counties"]["E2"] = "=1000*100"  # type: ignore[index]  # population of C1

    return tiny_workbook(path, tweak)
