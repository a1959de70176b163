"""Where the project's folders are."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
RAW = CORPUS / "raw"
GOLD = CORPUS / "gold"
LABELS = CORPUS / "labels"
MODELS = ROOT / "models"
OUTPUTS = ROOT / "outputs"
METRICS = ROOT / "metrics"
PARAMS_FILE = ROOT / "params.yaml"
CACHE = ROOT / ".ketluan-cache"
