"""Calibrate the rubric mapper: fusion weights and coverage thresholds, from labelled data.

    python notebooks/calibrate_coverage.py            # writes models/coverage_calibration.yaml

Two sources of labels (both in ../shared/corpus, never shipped):

1. LCY ESG sentences (labels/lcy-esg): each sentence's LCY topic, mapped to rubric topics through
   models/lcy_topic_map.yaml, is a positive (sentence, topic) pair; every other topic a negative. The
   classifier channel uses out-of-fold probabilities (5 folds, the shipped recipe and hyper-parameters),
   so the fusion never sees a classifier score of a sentence it was trained on.
2. The GRI content indexes of corpus reports: a passage on a page the index names for a disclosure is a
   positive for that GRI topic; passages more than one page away are negatives; the neighbouring pages
   are left out (the index may point at a section's first page).

A logistic regression over the four channel features (sources weighted equally) gives the fusion. The
thresholds are then read off the labelled data: ``evidence`` maximises F1 of (sentence, topic) pairs on
LCY; ``described`` maximises F1 of the topic-level decision "the report discloses this GRI topic"
(indexed with pages vs. absent from the index) with the topic score = its best passage; ``mentioned``
keeps 95% recall of that decision. Every figure is printed and stored in the file's ``metrics``;
leave-one-report-out scores show how well the thresholds carry to an unseen report.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.document import Document  # noqa: E402
from benchmarks.gri_agreement import load_or_extract, report_files  # noqa: E402
from benchmarks.lcy_eval import training_script  # noqa: E402
from analyzer.mapping.coverage import evidence_candidates, section_key  # noqa: E402
from analyzer.mapping.gri_index import IndexEntry, physical_pages, read_gri_index  # noqa: E402
from analyzer.mapping.mapper import (  # noqa: E402
    CALIBRATION_FILE, FEATURES, Calibration, Channels, TopicMapper, embedding_texts,
)
from analyzer.passages import Passage, split_passages  # noqa: E402
from analyzer.rubrics.loader import RubricSet  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "models" / CALIBRATION_FILE
MIN_INDEXED = 20  # a report counts as having a GRI index with this many disclosures pointing at pages
CROSSWALK_DISCOUNT = 0.9
MENTIONED_RECALL = 0.95
SEED = 0
LCY_SHARE = 0.2  # reports are what the mapper serves; LCY keeps the classifier channel honest


# ── LCY sentences ─────────────────────────────────────────────────────────────────────────────────
@dataclass
class LcyPart:
    channels: Channels
    labels: np.ndarray  # sentences × topics, bool
    classes: np.ndarray  # LCY label per sentence


def oof_probabilities(train: ModuleType, data: object, beta: float, params: dict[str, float]) -> np.ndarray:
    """Out-of-fold class probabilities: the shipped recipe refitted on 4/5, applied to the other 1/5."""
    recipe = train.RECIPES[train.SHIPPED]
    labels = data.labels  # type: ignore[attr-defined]
    classes = np.unique(labels)
    proba = np.zeros((len(labels), len(classes)))
    folds = StratifiedKFold(train.OUTER_FOLDS, shuffle=True, random_state=train.SEED)
    for k, (rows_train, rows_test) in enumerate(folds.split(labels, labels), start=1):
        split = train.Split(recipe, data, rows_train, rows_test)
        w = params.get("w", 1.0)
        model = recipe.estimator(params).fit(split.features(rows_train, split.text_train, w), labels[rows_train])
        scores = model.decision_function(split.features(rows_test, split.text_test, w))
        logits = beta * scores
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        proba[rows_test] = exp / exp.sum(axis=1, keepdims=True)
        print(f"  LCY fold {k}: out-of-fold probabilities of {len(rows_test)} sentences", flush=True)
    return proba


def lcy_part(mapper: TopicMapper, train: ModuleType, data: object, cache: Path | None) -> LcyPart:
    clf = mapper.classifier
    # the probabilities depend on the data, the sentence vectors (the encoder) and the classifier's settings
    params = sorted(clf.metadata["params"].items())
    identity = f"{data.source_sha256}|{mapper.encoder.name}|{clf.inverse_temperature!r}|{params}"  # type: ignore[attr-defined]
    saved = cache / f"lcy-oof-{hashlib.sha1(identity.encode()).hexdigest()[:12]}.npy" if cache else None
    if saved and saved.is_file():
        proba = np.load(saved)
    else:
        proba = oof_probabilities(train, data, clf.inverse_temperature, clf.metadata["params"])
        if saved:
            np.save(saved, proba)
    order = [list(np.unique(data.labels)).index(c) for c in clf.classes]
    texts = list(data.texts)
    channels = mapper.channels_for(texts, [None] * len(texts), data.embeddings, proba[:, order])
    column = {ref: j for j, ref in enumerate(mapper.refs)}
    labels = np.zeros((len(texts), len(mapper.refs)), dtype=bool)
    topic_map = mapper._topic_map
    for i, label in enumerate(data.labels):
        for ref in topic_map.get(label, ()):
            if ref in column:
                labels[i, column[ref]] = True
    return LcyPart(channels, labels, data.labels)


# ── reports with a GRI content index ──────────────────────────────────────────────────────────────
@dataclass
class ReportPart:
    name: str
    passages: list[Passage]
    channels: Channels
    indexed: dict[int, set[int]]  # topic column → physical pages the index names
    absent: set[int]  # GRI topic columns the index does not list at all


@dataclass
class IndexedReport:
    name: str
    doc: Document
    entries: list[IndexEntry]
    passages: list[Passage]


def indexed_reports(rubrics: RubricSet, cache: Path | None) -> list[IndexedReport]:
    """The reports whose GRI index points at pages for at least ``MIN_INDEXED`` disclosures."""
    found = []
    for path in report_files():
        doc = load_or_extract(path, cache)
        entries = read_gri_index(doc, rubrics)
        if sum(1 for e in entries if e.topics and e.page_labels and not e.omitted) >= MIN_INDEXED:
            found.append(IndexedReport(path.name, doc, entries, evidence_candidates(split_passages(doc))))
    return found


def report_part(mapper: TopicMapper, report: IndexedReport) -> ReportPart:
    column = {ref: j for j, ref in enumerate(mapper.refs)}
    indexed: dict[int, set[int]] = {}
    for entry in report.entries:
        # a 3-3 row of a topic's block points at that topic's pages, not at the generic management approach
        if entry.page_labels and not entry.omitted and not entry.subject:
            for ref in entry.topics:
                if ref in column:
                    indexed.setdefault(column[ref], set()).update(physical_pages(report.doc, entry.page_labels))
    listed = {column[r] for e in report.entries for r in e.topics if r in column}
    absent = {j for ref, j in column.items() if ref.startswith("gri:") and j not in listed}
    passages = report.passages
    channels = mapper.channels(
        [p.text for p in passages], [p.heading for p in passages], [section_key(p) for p in passages]
    )
    print(f"  {report.name}: {len(passages)} passages, {len(indexed)} GRI topics indexed with pages", flush=True)
    return ReportPart(report.name, passages, channels, {j: p for j, p in indexed.items() if p}, absent)


def report_pairs(part: ReportPart) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of (passage, indexed topic) pairs; neighbouring pages left out."""
    features, labels = [], []
    pages = np.array([p.page for p in part.passages])
    stacked = part.channels.features().reshape(len(pages), -1, len(FEATURES))
    for j, targets in part.indexed.items():
        near = np.array([any(abs(page - t) <= 1 for t in targets) for page in pages])
        on = np.isin(pages, list(targets))
        keep = on | ~near
        features.append(stacked[keep, j])
        labels.append(on[keep])
    return np.vstack(features), np.concatenate(labels)


# ── fitting and thresholds ────────────────────────────────────────────────────────────────────────
def fit_fusion(lcy: LcyPart, reports: list[ReportPart], lcy_share: float) -> LogisticRegression:
    mapped = np.tile(~lcy.channels.unmapped, len(lcy.classes))  # other topics are never an LCY label
    x_lcy, y_lcy = lcy.channels.features()[mapped], lcy.labels.ravel()[mapped]
    pairs = [report_pairs(r) for r in reports]
    x_rep, y_rep = np.vstack([x for x, _ in pairs]), np.concatenate([y for _, y in pairs])
    weights = np.concatenate([np.full(len(y_lcy), lcy_share / len(y_lcy)),
                              np.full(len(y_rep), (1 - lcy_share) / len(y_rep))])
    model = LogisticRegression(C=10.0, max_iter=2000)
    model.fit(np.vstack([x_lcy, x_rep]), np.concatenate([y_lcy, y_rep]), sample_weight=weights * len(weights))
    print(f"  fusion AUC: LCY pairs {roc_auc_score(y_lcy, model.decision_function(x_lcy)):.3f}, "
          f"report pairs {roc_auc_score(y_rep, model.decision_function(x_rep)):.3f}")
    return model


def probabilities(model: LogisticRegression, channels: Channels) -> np.ndarray:
    rows, topics = channels.keyword.shape
    return model.predict_proba(channels.features())[:, 1].reshape(rows, topics)


def best_f1_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The threshold on ``scores`` with the best F1 of ``labels``, and that F1."""
    candidates = np.unique(np.quantile(scores, np.linspace(0.5, 0.9999, 400)))
    f1 = [f1_score(labels, scores >= t) for t in candidates]
    best = int(np.argmax(f1))
    return float(candidates[best]), float(f1[best])


def topic_decisions(model: LogisticRegression, reports: list[ReportPart]) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """Per report: topic scores (best passage) and labels (indexed with pages = 1, absent = 0)."""
    out = []
    for part in reports:
        best = probabilities(model, part.channels).max(axis=0)
        cols = sorted(set(part.indexed) | part.absent)
        out.append((part.name, best[cols], np.array([c in part.indexed for c in cols])))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--documents", type=Path,
                        help="keep the extracted reports and LCY out-of-fold probabilities here (faster re-runs)")
    parser.add_argument("--lcy-share", type=float, default=LCY_SHARE,
                        help="weight of the LCY pairs in the fusion fit (the report pairs get the rest)")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"the labelled data is not there: {CORPUS}", file=sys.stderr)
        return 2

    # The background (the mean passage vector) enters the similarity feature, so it comes first.
    neutral = dict(weights=np.zeros(len(FEATURES)), bias=0.0, evidence=0.5, mentioned=0.5, described=0.5,
                   crosswalk_discount=CROSSWALK_DISCOUNT)
    mapper = TopicMapper(calibration=Calibration(background=np.zeros(384, dtype=np.float32), **neutral))
    print("reports with a GRI content index:", flush=True)
    reports_found = indexed_reports(mapper.rubrics, args.documents)
    train = training_script()
    data = train.load_dataset()
    passages = [p for r in reports_found for p in r.passages]
    vectors = mapper.encoder.encode(embedding_texts([p.text for p in passages], [p.heading for p in passages]),
                                    prompt="passage")
    background = np.vstack([vectors, data.embeddings]).mean(axis=0)
    mapper = TopicMapper(calibration=Calibration(background=background, **neutral))
    reports = [report_part(mapper, r) for r in reports_found]
    print("LCY sentences (out-of-fold classifier probabilities):", flush=True)
    lcy = lcy_part(mapper, train, data, args.documents)

    model = fit_fusion(lcy, reports, args.lcy_share)
    lcy_proba = probabilities(model, lcy.channels)
    mapped_columns = ~lcy.channels.unmapped
    evidence, evidence_f1 = best_f1_threshold(lcy_proba[:, mapped_columns].ravel(),
                                              lcy.labels[:, mapped_columns].ravel())
    irrelevant = lcy.classes == "无关文本"
    empty_share = float((lcy_proba[irrelevant] < evidence).all(axis=1).mean())
    print(f"  evidence threshold {evidence:.3f}: F1 of LCY (sentence, topic) pairs {evidence_f1:.3f}; "
          f"{empty_share:.1%} of 无关文本 sentences get no topic")

    decisions = topic_decisions(model, reports)
    scores = np.concatenate([s for _, s, _ in decisions])
    labels = np.concatenate([y for _, _, y in decisions])
    described, described_f1 = best_f1_threshold(scores, labels)
    positives = np.sort(scores[labels])
    mentioned = min(float(positives[int((1 - MENTIONED_RECALL) * len(positives))]), described)
    per_report = {}
    for k, (name, s, y) in enumerate(decisions):
        rest = [d for i, d in enumerate(decisions) if i != k]
        held_threshold, _ = best_f1_threshold(np.concatenate([d[1] for d in rest]), np.concatenate([d[2] for d in rest]))
        per_report[name] = {
            "indexed_topics": int(y.sum()), "absent_topics": int((~y).sum()),
            "f1_at_described": round(float(f1_score(y, s >= described)), 3),
            "f1_held_out_threshold": round(float(f1_score(y, s >= held_threshold)), 3),
        }
        print(f"  {name}: {per_report[name]}")
    print(f"  described threshold {described:.3f} (topic-level F1 {described_f1:.3f}); mentioned {mentioned:.3f}")

    weights = [float(w) for w in model.coef_[0]]
    document = {
        "features": list(FEATURES),
        "weights": [round(w, 6) for w in weights],
        "bias": round(float(model.intercept_[0]), 6),
        "thresholds": {"evidence": round(evidence, 4), "mentioned": round(mentioned, 4), "described": round(described, 4)},
        "crosswalk_discount": CROSSWALK_DISCOUNT,
        "metrics": {
            "generated": datetime.date.today().isoformat(),
            "lcy_sentences": int(len(lcy.classes)),
            "lcy_pair_f1_at_evidence": round(evidence_f1, 4),
            "lcy_irrelevant_without_topic": round(empty_share, 4),
            "reports": per_report,
            "topic_f1_at_described": round(described_f1, 4),
        },
        "background": [round(float(v), 6) for v in background],
    }
    header = (
        "# Fusion weights and coverage thresholds of the rubric mapper (analyzer/mapping/mapper.py).\n"
        "# Generated by notebooks/calibrate_coverage.py from labelled data: do not edit by hand.\n"
    )
    args.out.write_text(header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=120),
                        encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
