"""Printing forms: printers, preview, the strip of the last print."""
