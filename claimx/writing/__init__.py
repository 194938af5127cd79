"""Writing results: the output formats and where they go (stdout, files, devices, --resume)."""
