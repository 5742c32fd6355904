"""My plan: the whole plan in one view, the files to take home, and the FAQ."""
