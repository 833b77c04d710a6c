"""Write qmtool/hant.json: the Traditional Chinese (Taiwan) form of every Chinese text in the schemas.

The schemas carry their titles and descriptions as "简体 / English"; zh-Hant messages quote them from
this table. Run after changing a schema's Chinese text (the tests say when):

    pip install opencc-purepy && python tools/hant.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from qmtool.messages import schema_texts  # noqa: E402

# Terms the zh-Hant labels of the PDFs use, where OpenCC keeps the mainland word.
TERMS = {"質量": "品質"}


def main() -> None:
    from opencc_purepy import OpenCC

    opencc = OpenCC("s2tw")

    def convert(text: str) -> str:
        text = opencc.convert(text)
        for mainland, taiwan in TERMS.items():
            text = text.replace(mainland, taiwan)
        return text

    texts = schema_texts(REPO / "schemas")
    table = {text: convert(text) for text in sorted(texts)}
    (REPO / "qmtool" / "hant.json").write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(table)} texts")


if __name__ == "__main__":
    main()
