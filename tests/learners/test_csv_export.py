"""The one CSV writer of the site's exports: cells a spreadsheet would run made inert, a BOM first."""
import csv
import io

from learners.csv_export import csv_text, from_cell, inert


def test_it_makes_every_formula_looking_text_inert_and_reads_it_back():
    for text in ("=cmd|' /C calc'!A0", "+1", "-2", "@x", "\t=1", "\r=1"):
        assert inert(text) == f"'{text}" and from_cell(inert(text)) == text
    for text in ("Ada", "1+1", "'quoted", ""):
        assert inert(text) == text and from_cell(text) == text


def test_it_writes_numbers_as_numbers_and_text_inert_after_a_bom():
    text = csv_text(["name", "score", "correct", "note"], [["-2", -0.5, True, None], ["李雷", 1, False, "a,b"]])
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]))) == [["name", "score", "correct", "note"],
                                                       ["'-2", "-0.5", "1", ""], ["李雷", "1", "0", "a,b"]]
