"""Small shared core: paths, params, table specs, text normalisation, logging."""
