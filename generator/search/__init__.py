"""Search for residents: the Pagefind index of the pages they read, made after the pages."""
