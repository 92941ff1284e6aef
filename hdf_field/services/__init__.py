"""Commands the GUI and the CLI both call; each takes plain values and a database."""
