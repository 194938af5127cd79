"""Running extraction over many documents: one process, --jobs workers, shards or a Dask cluster."""
