"""Donations tests. `pdf_text` reads what a PDF says, for receipt and statement tests."""

import io
import shutil
import subprocess


def pdf_text(content: bytes) -> str:
    """The text of a PDF, whitespace collapsed: pdftotext (poppler) where installed, else pypdf."""
    assert content.startswith(b"%PDF"), "not a PDF"
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        completed = subprocess.run(  # noqa: S603 (a fixed command, our own PDF on stdin)
            [pdftotext, "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
        )
        text = completed.stdout.decode()
    else:
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    # pypdf decodes some subset fonts as UTF-16 bytes; the NULs it leaves carry nothing.
    return " ".join(text.replace("\x00", "").split())
