"""Small pieces every screen uses: formatting, translated text, tables."""
