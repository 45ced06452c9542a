"""The analysis pipeline on real text: coverage with page-cited evidence, `analyze` and `classify`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analyzer.analysis import Analysis, analyze_document
from analyzer.extract import extract
from analyzer.mapping.coverage import LEVELS
from analyzer.mapping.mapper import TopicMapper
from analyzer.passages import split_passages
from tests import pdf_fixtures
from tests.corpus import corpus_path

pytestmark = pytest.mark.embeddings


@pytest.fixture(scope="module")
def mapper() -> TopicMapper:
    pytest.importorskip("sentence_transformers", reason="sentence-transformers is not installed")
    return TopicMapper()


@pytest.fixture(scope="module")
def sample(mapper: TopicMapper) -> Analysis:
    return analyze_document(extract(pdf_fixtures.SAMPLE_PDF), mapper)


def by_ref(analysis: Analysis) -> dict[str, object]:
    return {f"{c.framework}:{c.topic}": c for c in analysis.coverage}


def test_coverage_follows_the_contract(sample: Analysis, mapper: TopicMapper) -> None:
    data = json.loads(sample.to_json())
    assert data["schema_version"] == 1
    assert set(data) >= {"document", "coverage", "indicators", "signals", "score", "gaps"}
    assert {"file", "sha256", "format", "pages", "language", "title", "company", "report_year"} <= set(data["document"])
    assert [f"{c['framework']}:{c['topic']}" for c in data["coverage"]] == list(mapper.rubrics.refs())
    for frameworks in ("gri", "iso26000", "gbt36000", "cass_esg", "carbon", "digital", "shanghai"):
        assert any(c["framework"] == frameworks for c in data["coverage"])
    assert data["indicators"] and all(
        {"name", "value", "unit", "year", "page", "text"} <= set(i) for i in data["indicators"]
    )
    for item in data["coverage"]:
        assert item["level"] in LEVELS and 0 <= item["score"] <= 1 and item["name"]
        for evidence in item["evidence"]:
            assert 1 <= evidence["page"] <= data["document"]["pages"] and 0 <= evidence["score"] <= 1
            assert evidence["text"] and {"page_label", "section"} <= set(evidence)


def test_evidence_is_quoted_from_the_report_and_never_from_contents_or_index(sample: Analysis) -> None:
    doc = extract(pdf_fixtures.SAMPLE_PDF)
    passages = {p.id: p for p in split_passages(doc)}
    signal_pages = {p.page for p in passages.values() if p.role != "content"}
    assert signal_pages >= {2, 21, 22}  # contents page, GRI index pages
    for item in sample.coverage:
        for evidence in item.evidence:
            assert evidence.text == passages[evidence.passage].text
            assert evidence.page not in signal_pages


def test_training_is_quantified_under_gri_404_and_iso_647(sample: Analysis) -> None:
    coverage = by_ref(sample)
    for ref in ("gri:404-1", "iso26000:6.4.7"):
        assert coverage[ref].level == "quantified", ref
        assert any("培训" in e.text for e in coverage[ref].evidence), ref


def test_a_sample_without_digital_detail_leaves_gaps(sample: Analysis) -> None:
    levels = {c.level for c in sample.coverage}
    assert {"none", "quantified"} <= levels  # the sample does not disclose everything


@pytest.mark.corpus
def test_ping_an_green_credit_maps_to_green_finance_with_pages(mapper: TopicMapper) -> None:
    doc = extract(corpus_path("pdf-zh", "平安银行：2021年社会责任报告.PDF"))
    passages = {p.id: p for p in split_passages(doc)}
    coverage = by_ref(analyze_document(doc, mapper))
    green = coverage["carbon:green_finance"]
    assert green.level == "quantified"
    for evidence in green.evidence:
        assert "绿色金融" in evidence.text or "绿色信贷" in evidence.text
        assert "绿色金融" in (evidence.section or "")  # the report's own green-finance section (9.1)
        assert {doc.block(b).page for b in passages[evidence.passage].block_ids} == {evidence.page}
        assert evidence.page_label == doc.page(evidence.page).label
    assert coverage["shanghai:dual_carbon"].level in {"described", "quantified"}
    for ref in ("gri:404-1", "iso26000:6.4.7"):  # the training table of section 10.2.2, page 62
        assert coverage[ref].evidence[0].page == 62 and "培训" in coverage[ref].evidence[0].text


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analyzer", *args], input=stdin, capture_output=True,
                          text=True, timeout=600)


def test_similarity_is_relative_to_the_passage(mapper: TopicMapper) -> None:
    """A passage's similarity channel is what sets each topic apart for it: it averages zero over the
    topics, so a text close to every topic (a running title, a generic sentence) stands out for none."""
    texts = ["2022 ESG REPORT 2022 ESG REPORT", "公司持续开展员工培训，全年人均培训时长52.3小时。"]
    channels = mapper.channels(texts, [None, "员工培训"])
    assert np.allclose(channels.similarity.mean(axis=1), 0.0, atol=1e-6)
    best = mapper.refs[int(channels.similarity[1].argmax())]
    assert best in {"gri:404-1", "iso26000:6.4.7", "gbt36000:7.4.7"}


def test_classify_gives_topics_best_first_and_none_for_a_slogan() -> None:
    lines = [
        "公司全年组织员工培训1.2万人次，人均培训时长达到40小时。",
        "携手同行，共创美好未来！",
        "",
        "报告期内，公司范围一温室气体排放量为12.6万吨二氧化碳当量。",
    ]
    result = run_cli("classify", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in rows] == lines
    training, slogan, blank, emissions = rows
    assert slogan["topics"] == [] and blank["topics"] == []
    assert [t["score"] for t in training["topics"]] == sorted((t["score"] for t in training["topics"]), reverse=True)
    refs = {f"{t['framework']}:{t['topic']}" for t in training["topics"]}
    assert refs & {"gri:404-1", "iso26000:6.4.7", "gbt36000:7.4.7"}
    gri = run_cli("classify", "--framework", "gri", stdin=lines[3] + "\n")
    topics = json.loads(gri.stdout)["topics"]
    assert topics and {t["framework"] for t in topics} == {"gri"} and topics[0]["topic"].startswith("305-")
    assert run_cli("classify", "--framework", "nope", stdin="x\n").returncode == 2


def test_analyze_writes_the_json_and_prints_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "analysis.json"
    result = run_cli("analyze", str(pdf_fixtures.SAMPLE_PDF), "--json", str(out))
    assert result.returncode == 0, result.stderr
    assert "gri" in result.stdout and "已披露 / disclosed" in result.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["document"]["pages"] == 23


def test_analyze_refuses_a_bad_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    result = run_cli("analyze", str(bad), "--json", str(tmp_path / "out.json"))
    assert result.returncode == 1
    assert "错误 / error" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.json").exists()
