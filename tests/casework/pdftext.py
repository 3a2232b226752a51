"""Just enough PDF reading to check what a WeasyPrint PDF says (no PDF
library is installed): inflate the streams, read the fonts' ToUnicode maps
and decode the text-showing operators of the page content."""

from __future__ import annotations

import re
import zlib


def _inflate(raw: bytes) -> bytes:
    return zlib.decompressobj().decompress(raw)


def _split_objects(data: bytes) -> tuple[dict[int, bytes], dict[int, bytes]]:
    dicts: dict[int, bytes] = {}
    streams: dict[int, bytes] = {}
    for match in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.S):
        num, body = int(match.group(1)), match.group(2)
        if b"stream" not in body:
            dicts[num] = body
            continue
        head, rest = body.split(b"stream", 1)
        rest = rest[2:] if rest.startswith(b"\r\n") else rest[1:]
        content = _inflate(rest) if b"FlateDecode" in head else rest
        dicts[num], streams[num] = head, content
        if b"/ObjStm" in head:
            count = int(re.search(rb"/N (\d+)", head).group(1))  # type: ignore[union-attr]
            first = int(re.search(rb"/First (\d+)", head).group(1))  # type: ignore[union-attr]
            numbers = content[:first].split()
            pairs = [(int(numbers[i]), int(numbers[i + 1])) for i in range(0, 2 * count, 2)]
            for index, (inner, offset) in enumerate(pairs):
                end = pairs[index + 1][1] if index + 1 < len(pairs) else len(content) - first
                dicts[inner] = content[first + offset : first + end]
    return dicts, streams


def _cmap(content: bytes) -> dict[str, str]:
    mapping: dict[str, str] = {}

    def text(hexa: bytes) -> str:
        return bytes.fromhex(hexa.decode()).decode("utf-16-be", errors="replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", content, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[src.decode().lower()] = text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", content, re.S):
        for lo, hi, dst in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            start, width = int(dst, 16), len(lo)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[f"{code:0{width}x}"] = chr(start + offset)
    return mapping


def pdf_text(data: bytes) -> str:
    """The text of every page, one line per text-showing operator."""
    dicts, streams = _split_objects(data)
    font_maps: dict[int, dict[str, str]] = {}
    for num, head in dicts.items():
        ref = re.search(rb"/ToUnicode (\d+) 0 R", head)
        if ref and int(ref.group(1)) in streams:
            font_maps[num] = _cmap(streams[int(ref.group(1))])
    names: dict[bytes, int] = {}
    for head in dicts.values():
        for name, ref in re.findall(rb"/([^\s/<>\[\]]+)\s+(\d+) 0 R", head):
            if int(ref) in font_maps:
                names[name] = int(ref)
    lines: list[str] = []
    for content in streams.values():
        if b"BT" not in content or b"Tf" not in content:
            continue
        current: dict[str, str] = {}
        for match in re.finditer(
            rb"/([^\s/\[\]<>]+)\s+[\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj", content, re.S
        ):
            if match.group(1) is not None:
                current = font_maps.get(names.get(match.group(1), -1), {})
                continue
            hexes = (
                re.findall(rb"<([0-9a-fA-F]*)>", match.group(2))
                if match.group(2) is not None
                else [match.group(3)]
            )
            chars = []
            for hexa in hexes:
                code = hexa.decode().lower()
                chars.extend(current.get(code[i : i + 4], "") for i in range(0, len(code), 4))
            lines.append("".join(chars))
    return "\n".join(lines)
