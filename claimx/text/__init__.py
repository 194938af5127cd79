"""The document before any claim: the text as read, its page chrome, its quotations, readings of
its parse and the closed-class words they use."""
