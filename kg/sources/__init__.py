"""Readers of source kinds beyond text pages and JSON Lines, and the dates sources state.

``pdf``    e-paper PDF pages (pdfplumber): articles by layout, page and edition date
``html``   saved web pages (trafilatura): the main article, title, date, author
``dates``  edition dates and datelines as ISO dates

``kg.ingest.read_source`` picks the reader by suffix (``kg.ingest._READERS``); each reader
takes the file's bytes and yields ``Article``s and ``InputError``s.
"""
