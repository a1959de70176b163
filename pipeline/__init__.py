"""ketluan."""
__version__ = "0.1.0"


def nlp():
    """The extractors as a spaCy pipeline (spans on ``doc.spans["ketluan"]``); see
    pipeline/language.py. Loaded on call, so ``import pipeline`` stays light."""
    import importlib

    # by name, not an import statement: no stage uses the spaCy pipeline, so the stages'
    # code dependencies (engine.code_files reads import statements) leave it out
    return importlib.import_module("pipeline.language").nlp()
