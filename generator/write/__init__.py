"""Writing: put the rendered files in the output folder without ever leaving it half done."""
