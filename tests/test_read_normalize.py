"""Reading files and normalizing their text: the first steps of the data path."""

from __future__ import annotations

import pytest

from accordgraph.loaders import LoaderError
from accordgraph.loaders.normalize import normalize_markdown, normalize_text
from accordgraph.loaders.read import read_bytes, read_file


def blocks(text: str, found: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(b.kind, text[b.span.start : b.span.end]) for b in found]


def test_page_number_lines_are_dropped_and_the_paragraph_rejoined() -> None:
    text, found = normalize_text(
        "The Participants intend to\ncollaborate on\n\n2\n\nquantum networks.\n"
    )
    assert blocks(text, found) == [
        ("paragraph", "The Participants intend to collaborate on quantum networks.")
    ]


def test_end_of_line_hyphenation_is_undone_but_real_compounds_are_kept() -> None:
    body = "a semi-\nconductor line and high-\npower parts and high-power magnets"
    text, _ = normalize_text(body)
    assert "semiconductor line" in text
    assert "high-power parts" in text  # "high-power" occurs elsewhere: a real compound


def test_em_dash_at_line_end_joins_without_space() -> None:
    text, _ = normalize_text("science and technology—\nincluding AI")
    assert text == "science and technology—including AI"


def test_bullet_split_across_lines_is_one_block() -> None:
    text, found = normalize_text("• Driving innovative research\nsupported by RIKEN;\n• Space\n")
    assert blocks(text, found) == [
        ("bullet", "Driving innovative research supported by RIKEN;"),
        ("bullet", "Space"),
    ]
    assert text.startswith("• Driving")


def test_leading_indentation_and_numbered_headings() -> None:
    text, found = normalize_text("IV. Modification\n This MOC becomes operative.\n")
    assert blocks(text, found) == [
        ("heading", "IV. Modification"),
        ("paragraph", "This MOC becomes operative."),
    ]


def test_blank_line_inside_a_sentence_does_not_split_it() -> None:
    text, _ = normalize_text("is to strengthen\n\ncollaboration towards joint work.")
    assert text == "is to strengthen collaboration towards joint work."


def test_markdown_markup_comments_and_nested_bullets() -> None:
    body = (
        "**I. Purpose**\n\n*Expressing* mutual *interest*.\n\n"
        "-   first item\n    continued;\n    -   nested item;\n\n    <!-- -->\n\n"
        "-   **Research Security**  \n    Recognizing the importance.\n"
    )
    text, found = normalize_markdown(body)
    assert blocks(text, found) == [
        ("heading", "I. Purpose"),
        ("paragraph", "Expressing mutual interest."),
        ("bullet", "first item continued;"),
        ("bullet", "nested item;"),
        ("bullet", "Research Security"),
        ("paragraph", "Recognizing the importance."),
    ]
    assert [b.level for b in found if b.kind == "bullet"] == [0, 1, 0]
    assert "*" not in text and "<!--" not in text


def test_front_matter_becomes_metadata() -> None:
    raw = read_bytes(
        b"---\ntitle: Memorandum of\n  Understanding\ndate: '2025-09-18'\n---\nText", "a.md"
    )
    assert raw.metadata == {"title": "Memorandum of Understanding", "date": "2025-09-18"}
    assert raw.body == "Text"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\xff\xfe\x00bad", "x.txt", "binary file"),
        (b"caf\xe9", "x.txt", "not UTF-8 text (invalid byte 0xe9 at offset 3)"),
        (b"   \n", "x.txt", "file is empty"),
        (b"hello", "x.docx", "unsupported file type '.docx'"),
        (b"hello", "x.pdf", "x.pdf: not a readable PDF"),
        (b"<html><body><script>x()</script></body></html>", "x.html", "the HTML has no text"),
    ],
)
def test_bad_input_is_a_one_line_loader_error(data: bytes, name: str, message: str) -> None:
    with pytest.raises(LoaderError, match="^" + name) as caught:
        read_bytes(data, name)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file_and_directory(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LoaderError, match="no such file"):
        read_file(tmp_path / "absent.txt")
    with pytest.raises(LoaderError, match="is a directory"):
        read_file(tmp_path)


def test_bom_and_crlf_are_normalized() -> None:
    raw = read_bytes("\ufeffline one\r\nline two\r\n".encode(), "x.txt")
    assert raw.body == "line one\nline two\n"
