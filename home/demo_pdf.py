"""A small PDF writer for the demo content's documents, so that they are made here rather
than downloaded: A4 pages of headings and wrapped paragraphs in the PDF's built-in Helvetica."""

import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 64
BODY_SIZE, HEADING_SIZE, TITLE_SIZE = 11, 14, 20
LINE_HEIGHT = 1.45
WRAP_AT = 88  # characters per line of 11 pt Helvetica between the margins


def pdf_text(text: str) -> bytes:
    """A PDF string literal in Windows-1252, which the built-in fonts use."""
    data = text.encode("cp1252", errors="replace")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def layout(title: str, sections: list[tuple[str, list[str]]]) -> list[list[tuple]]:
    """Lines of (font, size, x, y, text), page by page."""
    pages, lines = [], []
    y = PAGE_HEIGHT - MARGIN

    def add(font, size, text, space_before=0.0):
        nonlocal y, lines
        y -= space_before
        if y - size < MARGIN:
            pages.append(lines)
            lines, y = [], PAGE_HEIGHT - MARGIN
        y -= size * LINE_HEIGHT
        lines.append((font, size, MARGIN, round(y, 1), text))

    add("F2", TITLE_SIZE, title)
    for heading, paragraphs in sections:
        if heading:
            add("F2", HEADING_SIZE, heading, space_before=HEADING_SIZE)
        for paragraph in paragraphs:
            for index, line in enumerate(textwrap.wrap(paragraph, WRAP_AT)):
                add("F1", BODY_SIZE, line, space_before=BODY_SIZE * 0.6 if index == 0 else 0)
    pages.append(lines)
    return pages


def make_pdf(title: str, sections: list[tuple[str, list[str]]]) -> bytes:
    pages = layout(title, sections)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
        b"/Encoding /WinAnsiEncoding >>",
        5: b"<< /Title " + pdf_text(title) + b" /Producer (scn-wagtail demo content) >>",
    }
    resources = b"<< /Font << /F1 3 0 R /F2 4 0 R >> >>"
    kids = []
    for number, lines in enumerate(pages):
        page_id, content_id = 6 + 2 * number, 7 + 2 * number
        stream = b"\n".join(
            b"BT /%s %d Tf %.1f %.1f Td %s Tj ET" % (font.encode(), size, x, y, pdf_text(text))
            for font, size, x, y, text in lines
        )
        objects[content_id] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources %s /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, resources, content_id)
        )
        kids.append(b"%d 0 R" % page_id)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))

    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for object_id in sorted(objects):
        offsets[object_id] = len(output)
        output += b"%d 0 obj\n" % object_id + objects[object_id] + b"\nendobj\n"
    xref_offset = len(output)
    size = max(objects) + 1
    output += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for object_id in range(1, size):
        output += b"%010d 00000 n \n" % offsets[object_id]
    output += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        xref_offset,
    )
    return bytes(output)
