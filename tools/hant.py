"""Write qmtool/core/hant.json: the Traditional Chinese (Taiwan) form of every Chinese text in the schemas.

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

from qmtool.core.bilingual import schema_texts  # noqa: E402

# Mainland words OpenCC's character conversion keeps, and their Taiwan forms.
WORDS = {"質量": "品質", "默認": "預設", "元數據": "後設資料", "數據": "資料", "信息": "資訊", "發佈": "發布"}


def terms(convert) -> dict[str, str]:
    """The zh-Hant labels of the PDFs wherever they say a term differently from the converted zh-Hans one
    (质量方针 → 品質政策, 记录 → 紀錄, 文件控制 → 文件管制), so messages and PDFs use one word per idea."""
    from qmtool.core.labels import LABELS

    found = dict(WORDS)
    for key, simplified in LABELS["zh-Hans"].items():
        traditional = LABELS["zh-Hant"].get(key, "")
        if len(simplified) >= 2 and "{" not in simplified and convert(simplified) != traditional:
            found[convert(simplified)] = traditional
    return dict(sorted(found.items(), key=lambda item: -len(item[0])))  # longest first


def main() -> None:
    from opencc_purepy import OpenCC

    character = OpenCC("s2tw").convert
    replaced = terms(character)

    def convert(text: str) -> str:
        text = character(text)
        for mainland, taiwan in replaced.items():
            text = text.replace(mainland, taiwan)
        return text

    texts = schema_texts(REPO / "schemas")
    table = {text: convert(text) for text in sorted(texts)}
    (REPO / "qmtool" / "core" / "hant.json").write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(table)} texts; terms: {', '.join(f'{a}→{b}' for a, b in replaced.items())}")


if __name__ == "__main__":
    main()
