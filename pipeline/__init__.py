"""ketluan."""
__version__ = "0.1.0"


def nlp():
    """The extractors as a spaCy pipeline (spans on ``doc.spans["ketluan"]``); see
    pipeline/language.py. Imported on call: ``import pipeline`` stays light."""
    from pipeline.language import nlp as build

    return build()
