"""CSV cells that a spreadsheet would run as formulas are written as text."""

import csv
import io

import pytest

from prepsite.spreadsheets import csv_response, spreadsheet_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain = text", "plain = text"),
        ("", ""),
        (None, ""),
        (-5, -5),
        (12, 12),
    ],
)
def test_formula_starts_are_quoted_and_everything_else_kept(value, cell):
    assert spreadsheet_cell(value) == cell


def test_a_csv_download_is_utf8_with_a_header_row_and_quoted_cells():
    response = csv_response("x.csv", ["name", "note"], [["Zoë", "=1+1"], ["Ada", 3]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["name", "note"], ["Zoë", "'=1+1"], ["Ada", "3"]]
