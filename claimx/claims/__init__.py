"""Finding claims and saying what they are: speech cues and their contents, events, how a claim
is put, what it commits its party to, whom it is aimed at."""
