"""Who the actors and targets of claims are: names to parties (gazetteer), places to countries,
mentions to parties in context (pronouns, surnames, "the ministry"), claims filed into parties."""
