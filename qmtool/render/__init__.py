"""From a checked document to a PDF: template views, the sandboxed Jinja environment, HTML, fonts, PDF."""
