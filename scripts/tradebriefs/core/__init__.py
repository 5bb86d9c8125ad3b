"""The shared vocabulary: errors with their place, countries, periods, numbers, text, intervals, HS codes,
routes; the project a command works on and the context a build hands down. No stage above is imported here."""
