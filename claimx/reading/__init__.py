"""Reading inputs: files, folders, globs, URLs, standard input and JSON Lines records."""
