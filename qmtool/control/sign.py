"""PAdES signatures on released PDFs (optional: needs pyHanko, `pip install qmtool[sign]`)."""
from __future__ import annotations

import io
from pathlib import Path

from ..core.atomic import write_atomic


class SigningUnavailable(Exception):
    """pyHanko is not installed, or the key cannot be read; the message says what to do."""


def signer_from_pkcs12(path: Path, passphrase: bytes | None):
    try:
        from pyhanko.sign import signers
    except ImportError:
        raise SigningUnavailable("signing needs pyHanko: pip install 'qmtool[sign]'") from None
    try:
        signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(path), passphrase=passphrase)
    except Exception as error:  # pyHanko reports a wrong passphrase or a broken file in several ways
        raise SigningUnavailable(f"cannot read the key {path}: {error}") from None
    if signer is None:
        raise SigningUnavailable(f"cannot read the key {path}: wrong passphrase or not a PKCS#12 file")
    return signer


def sign(path: Path, signer, within: Path | None = None) -> None:
    """Sign the PDF in place (an incremental update, so PDF/A stays as it was), atomically; under an output
    folder within, through no link (core/atomic.py)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(path.read_bytes()))
    metadata = signers.PdfSignatureMetadata(field_name="qmtool-release", md_algorithm="sha256",
                                            subfilter=fields.SigSeedSubFilter.PADES)
    write_atomic(path, signers.sign_pdf(writer, metadata, signer=signer).getvalue(), within)


def trust(trusted: list[Path] | None):
    """A validation context that trusts the certificates given and nothing else: never the system's list,
    never the network."""
    try:
        from pyhanko.keys import load_cert_from_pemder
        from pyhanko_certvalidator import ValidationContext
    except ImportError:
        raise SigningUnavailable("checking signatures needs pyHanko: pip install 'qmtool[sign]'") from None
    roots = []
    for certificate in trusted or []:
        try:  # a key file or a truncated certificate may load and only fail when it is used
            roots.append(load_cert_from_pemder(str(certificate)))
            ValidationContext(trust_roots=roots[-1:], allow_fetching=False)
        except Exception as error:  # not a certificate, in whichever way
            raise SigningUnavailable(f"cannot read the certificate {certificate}: {error}") from None
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def signatures(pdf: bytes, context, trusted: bool) -> tuple[list[tuple[str, ...]], list[str]]:
    """What is wrong with a PDF's signatures (none, broken, not covering the whole file, or, when
    certificates are trusted, not signed by one of them), as words of the catalog with their arguments,
    and who made the signatures that hold."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    try:
        embedded = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    except Exception:  # a damaged file; the reader's own words are English, and say no more to a reader
        return [("pdf-unreadable",)], []
    if not embedded:
        return [("signature-none",)], []
    problems, signers = [], []
    for signature in embedded:
        try:
            status = validate_pdf_signature(signature, context)
            if not (status.intact and status.valid):
                problems.append(("signature-broken",))
            elif status.coverage.name != "ENTIRE_FILE":
                problems.append(("signature-changed",))
            elif trusted and not status.trusted:
                problems.append(("signature-untrusted",))
            else:
                signers.append(status.signing_cert.subject.human_friendly)
        except Exception:  # noqa: BLE001 a malformed signature fails anywhere in pyHanko and pypdf, as any type
            # (a signing date of month 13, a damaged algorithm OID): whatever its form, it is not a valid one
            problems.append(("signature-invalid",))
    return problems, signers


def quiet() -> None:
    """Keep pyHanko's and pypdf's own logs (tracebacks of expected failures: a wrong passphrase, an untrusted
    certificate, a PDF that cannot be read) off the terminal, where they would be English among the release's
    language: what went wrong is reported as qmtool's own message."""
    import logging

    for name in ("pyhanko", "pyhanko_certvalidator", "pypdf"):
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False
