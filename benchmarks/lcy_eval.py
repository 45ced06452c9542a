"""LCY topic classification: 5-fold cross-validated macro-F1 and accuracy, shipped recipe vs baseline.

Run from the project root (about 10 minutes on 2 cores once the sentence embeddings are cached; the
first run embeds the 5,928 sentences, 2-8 minutes more)::

    python benchmarks/lcy_eval.py
    python benchmarks/lcy_eval.py --recipes char+e5-svm   # one recipe only

Both are scored by the training script's nested stratified CV (5 outer folds, hyper-parameters chosen by
a 3-fold grid search inside each training part), on ``../shared/corpus/labels/lcy-esg/esgdata.csv``:

    char+e5-svm  the shipped recipe: character 1-3-gram TF-IDF ⊕ w·E5 embedding, LinearSVC
    char-svm     the baseline: character 1-3-gram TF-IDF, LinearSVC
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def training_script() -> ModuleType:
    """``scripts/train_topic_classifier.py`` as a module (``scripts/`` is not a package)."""
    path = ROOT / "scripts" / "train_topic_classifier.py"
    spec = importlib.util.spec_from_file_location("train_topic_classifier", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    train = training_script()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=train.DATA, help="the LCY esgdata.csv")
    parser.add_argument(
        "--recipes", nargs="+", choices=list(train.RECIPES), default=[train.SHIPPED, train.BASELINE]
    )
    parser.add_argument("--jobs", type=int, default=2, help="parallel grid-search fits (threads)")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"no LCY data at {args.data} (the shared corpus is not beside the project)", file=sys.stderr)
        return 1

    data = train.load_dataset(args.data)
    print(f"LCY ESG: {len(data.labels)} sentences, {len(set(data.labels))} classes; nested 5-fold CV")
    print(f"{'recipe':<18} {'macro-F1 (mean ± sd)':<22} {'accuracy (mean ± sd)':<22} {'seconds':>7}  "
          "macro-F1 per fold")
    for name in args.recipes:
        r = train.nested_cv(train.RECIPES[name], data, args.jobs)
        folds = " ".join(f"{v:.4f}" for v in r.f1)
        line = f"{name:<18} {train.mean_sd(r.f1):<22} {train.mean_sd(r.accuracy):<22} {r.seconds:>7.0f}"
        print(f"{line}  {folds}", flush=True)
    print("target (issue 4): macro-F1 ≥ 0.85; per-class F1 of the shipped model: models/topic_classifier.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
