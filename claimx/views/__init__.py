"""Views of claimx results for people: the terminal table, the HTML page of an article, and the
corpus summary. Each works on result dicts as `claimx extract` prints them (schema_version 1)."""
