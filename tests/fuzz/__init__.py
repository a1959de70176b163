"""Fuzzing: seeded malformed and adversarial inputs (generate) and the campaign that
checks one bad input never stops the rest (campaign)."""
