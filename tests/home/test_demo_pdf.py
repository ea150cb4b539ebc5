import re

from home.demo_pdf import make_pdf


def test_cross_reference_table_points_at_every_object():
    pdf = make_pdf(
        "Terms (of) Reference",
        [("Aims", ["A long paragraph, with a backslash \\ and “quotes”. " * 60])] * 3,
    )
    assert pdf.startswith(b"%PDF-1.4") and pdf.endswith(b"%%EOF\n")
    xref_at = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))
    assert pdf[xref_at:].startswith(b"xref\n0 ")
    size = int(re.search(rb"/Size (\d+)", pdf).group(1))
    entries = re.findall(rb"(\d{10}) 00000 n ", pdf[xref_at:])
    assert len(entries) == size - 1
    for number, offset in enumerate(entries, start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj\n" % number)
    assert pdf.count(b"/Type /Page ") > 1  # the text ran onto more pages
    assert b"(Terms \\(of\\) Reference)" in pdf
    for stream in re.finditer(rb"<< /Length (\d+) >>\nstream\n", pdf):
        end = stream.end() + int(stream.group(1))
        assert pdf[end:].startswith(b"\nendstream")
