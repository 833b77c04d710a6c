"""Plain values and functions that test modules share (no test module imports another; fixtures: conftest.py)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
import urllib.request
import zlib
from pathlib import Path

from click.testing import CliRunner
from hypothesis import strategies as st

from qmtool.build.pipeline import build
from qmtool.cli import main

CASES = Path(__file__).parent / "cases"
BASE = CASES / "_base"
REPO = Path(__file__).parent.parent

GIT = {"GIT_AUTHOR_NAME": "QA", "GIT_AUTHOR_EMAIL": "qa@example.invalid", "GIT_COMMITTER_NAME": "QA",
       "GIT_COMMITTER_EMAIL": "qa@example.invalid"}


def commit(root: Path, message: str) -> None:
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, check=True, env={**os.environ, **GIT})


def fake_pdf(html: str, folders, sources, variant: str, date: str) -> tuple[bytes, int]:
    """A stand-in for write_pdf: different HTML, sources or options give different bytes, as real PDFs would."""
    key = hashlib.sha256("\0".join([html, variant, date, *(s.name for s in sources)]).encode()).hexdigest()
    return b"%PDF-fake " + key.encode() + b"\n%%EOF\n", 1


def run(*args):
    """qmtool's command line in this process."""
    return CliRunner().invoke(main, list(args))


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


# Documents edited in place.


def edit_unique(workspace, name, old, new):
    """In the procedures/ file name, old (which occurs once) replaced by new."""
    path = workspace / "procedures" / name
    text = path.read_text("utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), "utf-8")


def edit_first(root, old, new, name="QP-01-demo.yaml"):
    """In the procedures/ file name, the first old replaced by new."""
    path = root / "procedures" / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# JSON qmtool reads but does not trust, nested far past Python's recursion limit (json.loads: RecursionError).

DEEP_JSON = "[" * 100_000 + "]" * 100_000


# Templates: a workspace's own, and the loop that outlasts any deadline.

NESTED_LOOPS = "{% for i in range(99999) %}{% for j in range(99999) %}{{ '' }}{% endfor %}{% endfor %}"


def override(workspace: Path, name: str, extra: str, where: str | None = None) -> int:
    """The built-in template name in the workspace with extra added (on a line of its own, at the end or after
    where); the line extra is on."""
    (workspace / "templates").mkdir(exist_ok=True)
    text = (REPO / "templates" / name).read_text("utf-8")
    if where is None:
        text = text.rstrip("\n") + "\n" + extra + "\n"
    else:
        assert where in text
        text = text.replace(where, where + "\n" + extra + "\n", 1)
    (workspace / "templates" / name).write_text(text, "utf-8")
    return text.splitlines().index(extra) + 1


def bare_template(workspace: Path, name: str, body: str) -> None:
    """A workspace template that is nothing but body: a page small enough to lay out at once, but for body, in
    a font the glyph check judges (text in any other is font-unchecked)."""
    (workspace / "templates").mkdir(exist_ok=True)
    (workspace / "templates" / name).write_text(
        f"<html><body style=\"font-family: 'Noto Serif CJK SC'\">{body}</body></html>\n", "utf-8")


# The qmtool command as a process of its own.

QMTOOL = Path(sys.executable).with_name("qmtool")


SCORES = ("records/QP-02-canteen-scores.csv", "records/QP-02-canteen-events.csv")


def qmtool(*args: str | bytes | Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([QMTOOL, *args], cwd=cwd, capture_output=True, timeout=300,
                          env={**os.environ, "LC_ALL": "C.UTF-8"})


def stderr(process: subprocess.CompletedProcess) -> str:
    return process.stderr.decode("utf-8", "replace")


def path_commands(path):
    """Each command with path where it takes a path (a folder it reads or writes, or a file it writes)."""
    return {
        "validate": ["validate", path], "build": ["build", path], "build -o": ["build", "-o", path],
        "register": ["register", path], "diff": ["diff", path], "diff -w": ["diff", "HEAD", "-w", path],
        "diff --pdf": ["diff", "HEAD", "--pdf", path], "release": ["release", "--version", "1", path],
        "release -o": ["release", "--version", "1", "-o", path], "verify": ["verify", path],
        "assess": ["assess", "QP-02", path], "assess -w": ["assess", "QP-02", *SCORES, "-w", path],
        "assess --pdf": ["assess", "QP-02", *SCORES, "--pdf", path], "init": ["init", path],
        "new": ["new", "procedure", "QP-09", "--title", "t", "-w", path], "schema export": ["schema", "export", path],
    }


def git_workspace(root: Path, source: Path) -> Path:
    """A copy of source as a clean git repository, with a file where folders are asked for."""
    shutil.copytree(source, root, ignore=shutil.ignore_patterns(".git", ".venv", ".tools", "build", "release",
                                                               ".qmtool-cache", "__pycache__", "*.egg-info"))
    (root / "a-file").write_text("a file, not a folder")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "x"], cwd=root, check=True, env={**os.environ, **GIT})
    return root


# Assessment records, written into a workspace and assessed.

HEADER = "provider,provider_name,period,kpi,score\n"


def assess(*args, lang="en"):
    return CliRunner().invoke(main, ["assess", "QP-01", *args, "--lang", lang])


def write(workspace, name: str, text: str):
    (workspace / name).write_text(textwrap.dedent(text).lstrip("\n"), "utf-8")
    return name


def scores(workspace, rows: list[str], name="scores.csv"):
    return write(workspace, name, HEADER + "".join(f"{row}\n" for row in rows))


def quarters(provider: str, pairs: dict[str, tuple[str, str]]) -> list[str]:
    return [f"{provider},Name,{period},K{n},{score}" for period, both in pairs.items()
            for n, score in enumerate(both, start=1)]


REFERENCE = {
    "QP-02": ("records/QP-02-canteen-scores.csv", "records/QP-02-canteen-events.csv"),
    "QP-05": ("records/QP-05-cleaning-scores.csv", "records/QP-05-cleaning-events.csv"),
}


# Each records problem, at its line and column. Files are written as given; the lines are what
# `qmtool assess QP-01 FILES... --lang en` prints on stderr, without the summary line.
RECORD_CASES = {
    "provider-format-and-period-forms": ({"s.csv": HEADER + """\
CT01,A,2026-Q1,K1,90
CT-001,A,2026Q1,K2,90
CT-001,A,2026-03,K1,90
"""}, """\
s.csv:2:1: error[schema-pattern]: "CT01" is not a valid Provider id
  hint: e.g. CT-001
s.csv:3:10: error[schema-pattern]: "2026Q1" is not a valid Period
  hint: e.g. 2026-Q1
s.csv:4:10: error[records-period-kind]: period "2026-03" is not a quarter, and QP-01 assesses by quarter
  hint: write it like 2026-Q1
"""),
    "score-range-type-and-duplicates": ({"s.csv": HEADER + """\
CT-001,A,2026-Q1,K1,101
CT-001,A,2026-Q1,K2,九十
CT-001,B,2026-Q2,K1,90
CT-001,A,2026-Q2,K1,80
CT-001,A,2026-Q2,K2
"""}, """\
s.csv:2:21: error[schema-range]: Score 101 is out of range: it must be at most 100
  hint: The KPI's score on a 0 to 100 scale, e.g. 92 or 86.5.
s.csv:3:21: error[schema-type]: Score must be a number, found text 九十
  hint: The KPI's score on a 0 to 100 scale, e.g. 92 or 86.5.
s.csv:4:1: error[records-kpi-missing]: CT-001 has no valid score for K2 in 2026-Q2
  hint: every KPI needs a score in every period; add the rows
s.csv:5:8: warning[records-provider-name]: CT-001 is named "A" here but "B" at s.csv:4
  hint: write the same full name on every row of a provider
s.csv:5:18: error[records-duplicate]: CT-001 2026-Q2 K1 is scored twice (first at s.csv:4)
  hint: keep one row: which score counts must not depend on the order of the rows
s.csv:6:1: error[records-row-width]: this row has 4 cells, the header 5
  hint: a value with a comma in it must be in double quotes
"""),
    "unknown-kpi-and-column": ({"s.csv": """\
provider,provider_name,period,kpi,score,remark
CT-001,A,2026-Q1,K1,90,
CT-001,A,2026-Q1,K3,90,x
"""}, """\
s.csv:1:41: warning[records-column-unknown]: column "remark" is not used
  hint: remove it, or check its name against the header the records schema gives
s.csv:2:1: error[records-kpi-missing]: CT-001 has no valid score for K2 in 2026-Q1
  hint: every KPI needs a score in every period; add the rows
s.csv:3:18: error[records-kpi-unknown]: KPI "K3" is not defined in QP-01
  hint: defined KPIs are K1, K2
"""),
    "header-neither-scores-nor-events": ({"s.csv": "provider;period;kpi;score\nCT-001;2026-Q1;K1;90\n"}, """\
s.csv:1:1: error[records-header]: the header row names neither a score file nor an event file: provider;period;kpi;score
  hint: scores: provider,provider_name,period,kpi,score; events: provider,date,event,note
"""),
    "events-date-unknown-twice": ({"s.csv": HEADER + "CT-001,A,2026-Q1,K1,90\nCT-001,A,2026-Q1,K2,90\n", "e.csv": """\
provider,date,event,note
CT-001,2026-02-30,incident,x
CT-001,2026-02-03,fire,x
CT-001,2026-03-03,incident,"late, and rude"
CT-001,2026-03-03,incident,"late, and rude"
"""}, """\
e.csv:2:8: error[schema-format]: "2026-02-30" is not a valid date (YYYY-MM-DD)
  hint: e.g. 2026-01-01
e.csv:3:19: error[records-event-unknown]: event "fire" is not defined in QP-01
  hint: defined events are incident
e.csv:5:19: warning[records-event-twice]: the same event is recorded twice (first at e.csv:4); both are counted
  hint: delete one row if it was entered twice
"""),
    "yaml-records": ({"r.yaml": """\
scores:
  - {provider: CT-001, period: 2026-Q1, kpi: K1, score: 90}
  - {provider: CT-001, period: 2026-Q1, kpi: K2, score: 100.5}
  - provider: CT-001
    period: 2026-Q2
    kpi: K7
    score: 90
"""}, """\
r.yaml:2:16: error[records-kpi-missing]: CT-001 has no valid score for K2 in 2026-Q1
  hint: every KPI needs a score in every period; add the rows
r.yaml:3:57: error[schema-range]: Score 100.5 is out of range: it must be at most 100
  hint: The KPI's score on a 0 to 100 scale, e.g. 92 or 86.5.
r.yaml:6:10: error[records-kpi-unknown]: KPI "K7" is not defined in QP-01
  hint: defined KPIs are K1, K2
"""),
    "events-outside-assessed-periods": ({"r.yaml": """\
scores:
  - {provider: CT-001, period: 2026-Q1, kpi: K1, score: 90}
  - {provider: CT-001, period: 2026-Q1, kpi: K2, score: 100}
events:
  - {provider: CT-002, date: 2026-01-05, event: incident}
  - {provider: CT-001, date: 2026-04-05, event: incident}
"""}, """\
r.yaml:5:30: warning[records-event-unassessed]: the event of CT-002 on 2026-01-05 falls in 2026-Q1, which has no scores for CT-002
  hint: it counts only where a condition's window reaches back to it; add the scores of 2026-Q1 or check the provider and date
r.yaml:6:30: warning[records-event-unassessed]: the event of CT-001 on 2026-04-05 falls in 2026-Q2, which has no scores for CT-001
  hint: it counts only where a condition's window reaches back to it; add the scores of 2026-Q2 or check the provider and date
"""),
    "column-twice": ({"s.csv": HEADER.strip() + ",score\nCT-001,A,2026-Q1,K1,90,10\n"}, """\
s.csv:1:41: error[records-column-twice]: column "score" appears twice in the header
  hint: keep one of them: which would count must not depend on the order of the columns
"""),
    "quoted-line-break": ({"s.csv": HEADER + 'CT-001,"multi\nline",2026-Q1,K1,abc\nCT-001,A,2026-Q1,K2,90\n'}, """\
s.csv:3:18: error[schema-type]: Score must be a number, found text abc
  hint: The KPI's score on a 0 to 100 scale, e.g. 92 or 86.5.
s.csv:4:1: error[records-kpi-missing]: CT-001 has no valid score for K1 in 2026-Q1
  hint: every KPI needs a score in every period; add the rows
"""),
    "unclosed-quote": ({"s.csv": HEADER + 'CT-001,A,2026-Q1,K1,90\nCT-001,"A' + "x" * 140000 + "\n"}, """\
s.csv:3:1: error[records-unreadable]: the rows from here on cannot be read: field larger than field limit (131072)
  hint: a value that starts with a double quote must end with one; write a quote inside a quoted value as two
"""),
    "field-too-long": ({"s.csv": HEADER + "CT-001,A,2026-Q1,K1,90\nCT-001," + "x" * 140000 + ",2026-Q1,K2,90\n"}, """\
s.csv:3:8: error[records-field-too-long]: this value is longer than 131,072 characters, more than any score, name or note needs
  hint: check the cell (a whole text pasted into one cell?); keep a long note in a document of its own and refer to it
"""),
    "quoted-field-too-long": ({"s.csv": HEADER + 'CT-001,A,2026-Q1,K1,90\nCT-001,A,2026-Q1,K2,"9\n' + "0" * 140000
                               + '"\nCT-001,A,2026-Q1,K3,90\n'}, """\
s.csv:3:21: error[records-field-too-long]: this value is longer than 131,072 characters, more than any score, name or note needs
  hint: check the cell (a whole text pasted into one cell?); keep a long note in a document of its own and refer to it
"""),
    "yaml-list": ({"r.yaml": "- {provider: CT-001, period: 2026-Q1, kpi: K1, score: 90}\n"}, """\
r.yaml:1:1: error[records-not-mapping]: a records file must be a mapping of scores: and events:, not a list (- item lines)
  hint: start the file with scores: and write one score per item: - {provider: CT-001, period: 2026-Q1, kpi: K1, score: 92}
"""),
    "events-only": ({"e.csv": "provider,date,event,note\nCT-001,2026-01-05,incident,x\n"}, """\
e.csv: error[records-no-scores]: the records hold no scores
  hint: name a score file (provider,provider_name,period,kpi,score) as well as the event file
"""),
    "gbk-from-excel": ({"g.csv": (HEADER + "CT-001,金穗,2026-Q1,K1,90\n").encode("gbk")}, """\
g.csv:2:8: error[records-encoding]: the file is not UTF-8: byte 0xBD at offset 47 cannot be decoded (it looks like GBK/GB18030, as saved by a Chinese Windows editor)
  hint: in Excel, save it with Save As, type CSV UTF-8 (Comma delimited); or convert it: iconv -f GB18030 -t UTF-8 g.csv > g.csv.utf8
"""),
    "signed-zero-and-invisible-in-csv": ({"s.csv": HEADER + "CT-001,金穗\u202e物业,2026-Q1,K1,-0.0\nCT-001,金穗\u202e物业,2026-Q1,K2,90\n"}, """\
s.csv:2:10: error[invisible-character]: the invisible character U+202E RIGHT-TO-LEFT OVERRIDE is not allowed: unseen, it changes what the text shows (its order, its breaks or hidden content), so the PDF would not show what the file seems to say
  hint: delete it (an editor's "show invisible characters" reveals it); U+200C and U+200D, which some scripts need, are allowed
s.csv:2:25: error[negative-zero]: -0.0 is zero written with a minus sign
  hint: write 0 (or 0.00): no price, amount, weight or score is negative, and a signed zero would be printed as written
s.csv:3:10: error[invisible-character]: the invisible character U+202E RIGHT-TO-LEFT OVERRIDE is not allowed: unseen, it changes what the text shows (its order, its breaks or hidden content), so the PDF would not show what the file seems to say
  hint: delete it (an editor's "show invisible characters" reveals it); U+200C and U+200D, which some scripts need, are allowed
"""),
    "nul-after-chinese-in-yaml": ({"r.yaml": "scores:\n  # 金穗物业\n  - {provider: CT-001, period: 2026-Q1, kpi: K1, score: 9\x000}\n"}, """\
r.yaml:3:58: error[control-character]: the control character U+0000 is not allowed in a YAML or CSV file
  hint: delete it: it is usually left by a copy from another program, and cannot be seen in most editors
"""),
}


# Five procedures built once (incremental builds).

PROCEDURES = [f"QP-0{n}" for n in range(1, 6)]


def five_procedures(root):
    shutil.copytree(BASE, root)
    text = (root / "procedures" / "QP-01-demo.yaml").read_text("utf-8")
    for doc_id in PROCEDURES[1:]:
        (root / "procedures" / f"{doc_id}-demo.yaml").write_text(text.replace("id: QP-01", f"id: {doc_id}"))


def built_once(root, **options):
    result = build(root, root / "build", jobs=1, **options)
    assert result.ok and len(result.rendered) == 6
    shutil.copytree(root, root.with_name(root.name + "-as-built"), copy_function=shutil.copy2)
    return root


def as_built(root, monkeypatch):
    """The built workspace as it was, in the same place (the cache names it) with the same file times."""
    shutil.rmtree(root)
    shutil.copytree(root.with_name(root.name + "-as-built"), root, copy_function=shutil.copy2)
    monkeypatch.chdir(root)
    return root


# Release, signing, and links that lead outside.


def release(*args):
    return CliRunner().invoke(main, ["release", *args])


def make_key(folder):
    """A self-signed signing certificate and its PKCS#12 key, made for the test."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Quality Office")])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    usage = x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=False,
                          encipher_only=False, decipher_only=False)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(start).not_valid_after(start + datetime.timedelta(days=3650))
            .add_extension(usage, critical=True).add_extension(x509.BasicConstraints(ca=True, path_length=None),
                                                              critical=True)
            .sign(key, hashes.SHA256()))
    (folder / "office.p12").write_bytes(pkcs12.serialize_key_and_certificates(
        b"office", key, cert, None, serialization.BestAvailableEncryption(b"secret")))
    (folder / "office.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


SECRET = "TOPSECRET-7f3a"


def shown(result) -> str:
    return result.stdout + result.stderr


# Random YAML-shaped values (hypothesis strategies).

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
                    st.sampled_from(["A", "F1", "K1", "excellent", "fail", "1.10", "2026-01-01", "QP-01", "QM-01"]))


keys = st.sampled_from(["kind", "id", "version", "status", "standards", "fees", "grades", "grade", "kpis",
                        "bands", "weight", "min", "max", "when", "band", "kpi", "event", "approvals", "role",
                        "revisions", "related", "superseded_by", "process", "phase", "x"])


shapes = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=6),
                      max_leaves=30)


STYLE_LINES = len((REPO / "templates" / "style.css").read_text("utf-8").splitlines())


def style(workspace, css: str, extra: dict[str, str] | None = None) -> None:
    """The built-in style with css on a line of its own (line STYLE_LINES + 2), and extra files beside it."""
    folder = workspace / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "style.css").write_text((REPO / "templates" / "style.css").read_text("utf-8") + "\n" + css + "\n",
                                      "utf-8")
    for name, text in (extra or {}).items():
        (folder / name).write_text(text, "utf-8")


def build_errors(workspace) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["build", "-o", "build", "--only", "QP-01", "--lang", "en"])
    return result.exit_code, [line for line in result.stderr.splitlines() if "error[" in line]


# PDFs written by hand, embedding files: for verify, with no build.


def deflated(size: int) -> bytes:
    """size zero bytes, Flate-compressed a megabyte at a time (never held whole): a few kilobytes per 70 MB."""
    packer, piece, out = zlib.compressobj(9), bytes(1 << 20), []
    for start in range(0, size, len(piece)):
        out.append(packer.compress(piece[:min(len(piece), size - start)]))
    return b"".join(out) + packer.flush()


def pdf_embedding(entries: list[tuple[str, bytes]], plain: bool = False,
                  elsewhere: list[tuple[str, str, bytes]] = ()) -> bytes:
    """A one-page PDF whose /EmbeddedFiles name tree holds each (name, data): data Flate-compressed already
    (see deflated), or stored as it is when plain; each in a stream of its own, as a forger would write it
    (a reader inflating one stream for all would hide what each costs). Each (where, name, data) of
    elsewhere is embedded outside the name tree: where is "annotation" (a FileAttachment annotation of the
    page), "inline" (one whose file specification is written inside it), "af" (the catalog's /AF array),
    "page-af" (the page's) or "loose" (an object nothing refers to). Names are written as WeasyPrint writes
    them: the name-tree key and /F the name's UTF-8 bytes, /UF a text string."""
    objects = [b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", b""]
    names, annotations, af, page_af = [], [], [], []

    def literal(name: str) -> bytes:
        return name.encode().replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    def stream(data: bytes) -> int:
        kind = b"" if plain else b" /Filter /FlateDecode"
        objects.append(b"<< /Type /EmbeddedFile%s /Length %d >>\nstream\n%s\nendstream" % (kind, len(data), data))
        return len(objects) + 1

    def text(name: str) -> bytes:  # /UF is a text string: UTF-16BE after its byte order mark, unless ASCII
        return b"(%s)" % literal(name) if name.isascii() else b"<FEFF%s>" % name.encode("utf-16-be").hex().encode()

    def specification(name: str, data: bytes) -> bytes:
        return b"<< /Type /Filespec /F (%s) /UF %s /EF << /F %d 0 R >> >>" % (literal(name), text(name), stream(data))

    for name, data in entries:
        objects.append(specification(name, data))
        names.append(b"(%s) %d 0 R" % (literal(name), len(objects) + 1))
    for where, name, data in elsewhere:
        if where == "inline":
            objects.append(b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS %s >>" % specification(name, data))
            annotations.append(len(objects) + 1)
            continue
        objects.append(specification(name, data))
        number = len(objects) + 1
        if where == "annotation":
            objects.append(b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS %d 0 R >>" % number)
            annotations.append(len(objects) + 1)
        else:
            {"af": af, "page-af": page_af, "loose": []}[where].append(number)

    def references(numbers: list[int]) -> bytes:
        return b" ".join(b"%d 0 R" % n for n in numbers)

    objects[1] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 99 99] /Annots [%s] /AF [%s] >>" % (
        references(annotations), references(page_af))
    catalog = b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [%s] >> >> /AF [%s] >>" % (
        b" ".join(names), references(af))
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate([catalog, *objects], 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref)
    return bytes(out)


def release_by_hand(folder: Path, commit: str, sources: dict[str, bytes], language: str = "en",
                    repository: Path | None = None) -> Path:
    """A release folder as qmtool release writes one, its PDFs written by hand: sources by path relative to
    the workspace; the manual embeds them all, each procedure its own, each by the name a build gives it.
    Each document's facts are its source's (just its id for a source that is no document), the date the
    commit's when git knows it (in repository, by default in the folder's parent), a fixed one when not."""
    from qmtool import __version__
    from qmtool.build.plan import attachment_names, pdf_name
    from qmtool.control.facts import facts
    from qmtool.load.loader import load_bytes

    folder.mkdir(parents=True)
    documents, manual, names = [], "procedures/manual.yaml", attachment_names(sources)
    for path, data in sources.items():
        loaded = load_bytes(data, Path(path)).data
        known = facts(loaded if isinstance(loaded, dict) else {"id": Path(path).stem})
        pdf = pdf_name(known["id"], "manual" if path == manual else "procedure")
        embeds = sources if path == manual else {path: data}
        (folder / pdf).parent.mkdir(parents=True, exist_ok=True)
        (folder / pdf).write_bytes(pdf_embedding([(names[p], zlib.compress(d)) for p, d in embeds.items()]))
        documents.append({**known,
                          "source": {"path": path, "sha256": hashlib.sha256(data).hexdigest()},
                          "pdf": {"path": pdf, "sha256": hashlib.sha256((folder / pdf).read_bytes()).hexdigest()}})
    documents = json.loads(json.dumps(documents, default=str))  # dates as release.json holds them: text
    dated = subprocess.run(["git", "log", "-1", "--format=%cI", commit], cwd=repository or folder.parent, capture_output=True,
                           text=True)
    record = {"release": folder.name, "commit": commit,
              "date": dated.stdout.strip() if dated.returncode == 0 else "2026-01-01T00:00:00+00:00",
              "language": language, "qmtool": __version__, "weasyprint": "0", "fonts": {}, "documents": documents,
              "signed": False}
    (folder / "release.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    (folder / "MANIFEST.sha256").write_text("".join(
        f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in names))
    return folder


# Working folders (core/staging.py) as a killed command leaves them, or as a running one holds them.

_HOLD = """
import os, signal, sys
from pathlib import Path
from qmtool.core.staging import working_folder
with working_folder(Path(sys.argv[1]), sys.argv[2]) as folder:
    (folder / "inside").mkdir()
    (folder / "inside" / "manual.pdf").write_bytes(b"%PDF- half")
    print(folder, flush=True)
    if sys.argv[3] == "killed":
        os.kill(os.getpid(), signal.SIGKILL)
    sys.stdin.read()  # held until the test closes stdin
"""


def working_folder_of(parent: Path, prefix: str, killed: bool) -> tuple[Path, subprocess.Popen]:
    """A working folder made in parent by a process of its own: killed by SIGKILL while it held it (what kill -9
    of a release leaves), or still holding it (a release running) until its stdin is closed."""
    process = subprocess.Popen([sys.executable, "-c", _HOLD, str(parent), prefix, "killed" if killed else "held"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO)
    folder = Path(process.stdout.readline().strip())
    if killed:
        process.wait(timeout=60)
        process.stdin.close()
        process.stdout.close()
    assert folder.is_dir(), "the working folder was not made"
    return folder, process


def let_go(process: subprocess.Popen, killed: bool = False) -> None:
    """The process holding a working folder ends: as it would (its stdin closed), or killed by SIGKILL."""
    if killed:
        process.kill()
    process.stdin.close()
    process.wait(timeout=60)
    process.stdout.close()


def frozen(folder: Path) -> Path:
    """folder made as a release looks to qmtool (a manifest and a record): a place no command writes into."""
    folder.mkdir(parents=True)
    (folder / "MANIFEST.sha256").write_text("")
    (folder / "release.json").write_text("{}")
    return folder
