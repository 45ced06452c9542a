"""Word extraction: .docx built from real report text, bad .docx files and legacy .doc handling."""

from __future__ import annotations

import os
import shutil
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from lxml import etree

from analyzer.document import Document
from analyzer.errors import (
    AnalyzerError,
    CorruptReport,
    EmptyReport,
    ExtractionTimeout,
    LegacyWordUnavailable,
    UnsafeArchive,
)
from analyzer.extract import extract
from analyzer.extract.builder import sha256_of
from analyzer.extract.docx import extract_docx
from analyzer.extract.legacy_doc import extract_doc
from analyzer.settings import ExtractLimits
from tests import docx_fixtures as fx

Extract = Callable[[Path], Document]
ENTRY_POINTS: dict[str, Extract] = {
    "dispatcher": lambda path: extract(path),
    "extract_docx": lambda path: extract_docx(path, path.name, ExtractLimits()),
}


@pytest.fixture(scope="module")
def sample() -> fx.CorpusSample:
    if not fx.ZH_REPORTS.is_dir():
        pytest.skip(f"../shared/corpus not found: {fx.ZH_REPORTS}")
    found = fx.corpus_sample()
    if found is None:
        pytest.skip(f"no report in {fx.ZH_REPORTS} has enough headings and paragraphs")
    return found


@pytest.fixture(scope="module")
def report(sample: fx.CorpusSample, tmp_path_factory: pytest.TempPathFactory) -> fx.Built:
    return fx.build_report_docx(tmp_path_factory.mktemp("report"), sample)


@pytest.fixture(scope="module")
def features(sample: fx.CorpusSample, tmp_path_factory: pytest.TempPathFactory) -> fx.Built:
    return fx.build_features_docx(tmp_path_factory.mktemp("features"), sample)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fx.zip_bomb_docx(tmp_path_factory.mktemp("bomb"))


def _as_expected(document: Document) -> list[fx.Expected]:
    return [fx.Expected(b.kind, b.text, b.level, b.section, b.page or 0, b.rows) for b in document.blocks]


def _assert_bilingual(exc: AnalyzerError, zh: str, en: str) -> None:
    """The message is "Chinese / English" and holds both parts."""
    message = str(exc)
    assert zh in exc.message_zh and en in exc.message_en
    assert message == f"{exc.message_zh} / {exc.message_en}"


# -- good documents ----------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("built_name", ["report", "features"])
def test_blocks_in_document_order(entry: str, built_name: str, request: pytest.FixtureRequest) -> None:
    built: fx.Built = request.getfixturevalue(built_name)
    document = ENTRY_POINTS[entry](built.path)
    assert _as_expected(document) == list(built.blocks)
    assert document.meta.format == "docx"
    assert document.meta.file == built.path.name


@pytest.mark.corpus
def test_headings_levels_and_sections(report: fx.Built) -> None:
    document = extract(report.path)
    headings = [(b.text, b.level) for b in document.headings]
    assert headings == [(e.text, e.level) for e in report.blocks if e.kind == "heading"]
    assert [lvl for _, lvl in headings] == [1, 1, 2, 3, 1, 2]  # Title, Heading 1/2/3, Heading 1/2
    deepest = next(b for b in document.blocks if b.kind == "table")
    assert deepest.section == tuple(t for t, _ in headings[1:4])


@pytest.mark.corpus
def test_text_boxes_and_content_controls_once(report: fx.Built, features: fx.Built) -> None:
    for built in (report, features):
        text = extract(built.path).text
        for piece in built.text_box + built.content_control:
            assert text.count(piece) == 1, piece


@pytest.mark.corpus
def test_kpi_table_rows(report: fx.Built, sample: fx.CorpusSample) -> None:
    table = next(extract(report.path).tables)
    header, first, second, note = table.rows or ()
    assert header[2:] == tuple(str(sample.year - k) for k in (2, 1, 0))
    assert first[0] is not None and second[0] is None  # category merged down: continuation is None
    assert note[0] and note[1:] == (None,) * 4  # note spanning five columns
    assert table.text.splitlines()[0] == " | ".join(header)


@pytest.mark.corpus
def test_revisions_and_field_codes(features: fx.Built, sample: fx.CorpusSample) -> None:
    text = extract(features.path).text
    assert sample.headings[16] not in text  # w:del
    assert "PAGE" not in text and "DOCPROPERTY" not in text  # field instructions
    assert sample.paragraphs[0] in text  # w:ins, w:smartTag, w:fldSimple and field results kept


@pytest.mark.corpus
def test_pages_from_breaks(report: fx.Built, features: fx.Built) -> None:
    for built in (report, features):
        document = extract(built.path)
        assert document.meta.pages == built.pages == len(document.pages)
        assert [p.number for p in document.pages] == list(range(1, built.pages + 1))
        assert all(p.label is None and p.flags == () for p in document.pages)
        assert {b.page for b in document.blocks} == set(range(1, built.pages + 1))


@pytest.mark.corpus
def test_no_breaks_is_one_page(sample: fx.CorpusSample, tmp_path: Path) -> None:
    source = docx.Document()
    for paragraph in sample.paragraphs[:3]:
        source.add_paragraph(paragraph)
    path = tmp_path / "plain.docx"
    source.save(str(path))
    document = extract(path)
    assert len(document.pages) == 1 and {b.page for b in document.blocks} == {1}
    assert [b.id for b in document.blocks] == ["p1-b1", "p1-b2", "p1-b3"]


@pytest.mark.corpus
def test_json_round_trip(report: fx.Built, features: fx.Built) -> None:
    for built in (report, features):
        document = extract(built.path)
        assert Document.from_json(document.to_json()) == document


@pytest.mark.corpus
def test_strict_open_xml(report: fx.Built, tmp_path: Path) -> None:
    strict = fx.strict_docx(tmp_path, report.path)
    assert _as_expected(extract(strict)) == list(report.blocks)


# -- bad inputs --------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_truncated_is_corrupt(entry: str, tmp_path: Path) -> None:
    truncated = fx.truncated_docx(tmp_path, fx.empty_docx(tmp_path))
    with pytest.raises(CorruptReport) as caught:
        ENTRY_POINTS[entry](truncated)
    assert isinstance(caught.value.__cause__, zipfile.BadZipFile)
    _assert_bilingual(caught.value, "文件已损坏", "corrupt or truncated")
    assert "truncated.docx" in str(caught.value)


def test_broken_xml_is_corrupt(tmp_path: Path) -> None:
    broken = fx.broken_xml_docx(tmp_path, fx.empty_docx(tmp_path))
    with pytest.raises(CorruptReport) as caught:
        extract(broken)
    assert isinstance(caught.value.__cause__, etree.XMLSyntaxError)
    _assert_bilingual(caught.value, "文件已损坏", "corrupt or truncated")


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_zip_bomb_refused_before_inflating(entry: str, bomb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_inflating(*args: object, **kwargs: object) -> None:
        raise AssertionError("a zip part was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    started = time.monotonic()
    with pytest.raises(UnsafeArchive) as caught:
        ENTRY_POINTS[entry](bomb)
    assert time.monotonic() - started < 2
    _assert_bilingual(caught.value, "压缩炸弹", "zip bomb")
    assert "word/document.xml" in str(caught.value) and "ratio" in str(caught.value)


def test_total_unzipped_size_limit(bomb: Path) -> None:
    with pytest.raises(UnsafeArchive) as caught:
        extract(bomb, ExtractLimits(max_unzipped_mb=100))
    assert "MB, limit 100 MB" in str(caught.value)
    _assert_bilingual(caught.value, "已拒绝处理", "was refused")


def test_missing_document_part_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "no_body.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(CorruptReport) as caught:
        extract_docx(path, path.name, ExtractLimits())
    assert "word/document.xml missing" in str(caught.value)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_empty_docx(entry: str, tmp_path: Path) -> None:
    with pytest.raises(EmptyReport) as caught:
        ENTRY_POINTS[entry](fx.empty_docx(tmp_path))
    _assert_bilingual(caught.value, "没有可读取的文字", "contains no text")


# -- legacy .doc -------------------------------------------------------------------------------


def test_doc_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    legacy = fx.fake_doc(tmp_path)
    for call in (lambda: extract(legacy), lambda: extract_doc(legacy, "年报.doc", ExtractLimits())):
        with pytest.raises(LegacyWordUnavailable) as caught:
            call()
        _assert_bilingual(caught.value, "需要 LibreOffice", "needs LibreOffice")


_FAKE_SOFFICE = """#!{python}
import os, shutil, sys, time
args = sys.argv[1:]
assert "--headless" in args, args
assert any(a.startswith("-env:UserInstallation=file://") for a in args), args
assert args[args.index("--convert-to") + 1] == "docx", args
outdir, source = args[args.index("--outdir") + 1], args[-1]
mode = os.environ["FAKE_SOFFICE_MODE"]
if mode == "fail":
    sys.exit("Error: source file could not be loaded")
if mode == "hang":
    time.sleep(60)
os.makedirs(outdir, exist_ok=True)
stem = os.path.splitext(os.path.basename(source))[0]
shutil.copyfile(os.environ["FAKE_SOFFICE_DOCX"], os.path.join(outdir, stem + ".docx"))
"""


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """A stand-in ``soffice`` on PATH that checks its command line and 'converts' by copying a .docx."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    script = bindir / "soffice"
    script.write_text(_FAKE_SOFFICE.format(python=sys.executable))
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")

    def configure(mode: str, converted: Path | None = None) -> None:
        monkeypatch.setenv("FAKE_SOFFICE_MODE", mode)
        monkeypatch.setenv("FAKE_SOFFICE_DOCX", str(converted or ""))

    return configure


@pytest.mark.corpus
def test_doc_converted_with_libreoffice(
    report: fx.Built, tmp_path: Path, fake_soffice: Callable[..., None]
) -> None:
    fake_soffice("ok", report.path)
    legacy = fx.fake_doc(tmp_path)
    document = extract(legacy)
    assert document.meta.format == "doc"
    assert document.meta.file == "legacy.doc"
    assert document.meta.sha256 == sha256_of(legacy)
    assert document.blocks == extract(report.path).blocks


def test_doc_conversion_failure(tmp_path: Path, fake_soffice: Callable[..., None]) -> None:
    fake_soffice("fail")
    with pytest.raises(CorruptReport) as caught:
        extract(fx.fake_doc(tmp_path))
    assert "could not be loaded" in str(caught.value)
    _assert_bilingual(caught.value, "文件已损坏", "corrupt or truncated")


def test_doc_conversion_timeout(tmp_path: Path, fake_soffice: Callable[..., None]) -> None:
    fake_soffice("hang")
    started = time.monotonic()
    with pytest.raises(ExtractionTimeout):
        extract_doc(fx.fake_doc(tmp_path), "legacy.doc", ExtractLimits(timeout_s=0.5))
    assert time.monotonic() - started < 10
