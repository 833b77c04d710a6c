"""The message catalog: every problem code with its severity and its words in each language."""
from __future__ import annotations

from .yaml_words import YAML_WORDS

LANGUAGES = ("zh-Hans", "zh-Hant", "en")
DEFAULT_LANGUAGE = "en"

E, W = "error", "warning"

# code: (severity, {lang: (message, hint)}); fields in braces come from the finding's params.
CATALOG: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "read-error": (E, {
        "en": ("cannot read the file: {reason}", "check that the file exists and is readable"),
        "zh-Hans": ("无法读取文件：{reason}", "检查文件是否存在、是否有读取权限"),
        "zh-Hant": ("無法讀取檔案：{reason}", "檢查檔案是否存在、是否有讀取權限"),
    }),
    "link-outside": (E, {
        "en": ("a symbolic link that leads outside {where}: nothing is read through it", "copy the file or folder itself into place, or remove the link"),
        "zh-Hans": ("符号链接指向{where}之外，不读取其内容", "把文件或目录本身复制到此处，或删除该链接"),
        "zh-Hant": ("符號連結指向{where}之外，不讀取其內容", "把檔案或目錄本身複製到此處，或刪除該連結"),
    }),
    "file-name": (E, {
        "en": ("the file's name holds {char}: a message, a listing or a PDF would not show the name as it is, "
               "so the file is not read", "rename it with letters, digits, \"-\", \"_\" and \".\""),
        "zh-Hans": ("文件名含有{char}，提示信息、清单和PDF文件都无法如实显示该文件名，因此不读取该文件",
                    "重命名该文件，只用字母、数字、“-”、“_”和“.”"),
        "zh-Hant": ("檔名含有{char}，提示訊息、清單和PDF檔案都無法如實顯示該檔名，因此不讀取該檔案",
                    "重新命名該檔案，只用字母、數字、「-」、「_」和「.」"),
    }),
    "link-dangling": (E, {
        "en": ("a symbolic link to something that does not exist", "remove the link, or restore the file it stood for"),
        "zh-Hans": ("符号链接指向的文件不存在", "删除该链接，或恢复它所指的文件"),
        "zh-Hant": ("符號連結指向的檔案不存在", "刪除該連結，或恢復它所指的檔案"),
    }),
    "link-loop": (E, {
        "en": ("a symbolic link that leads round in a loop", "remove the link, or point it at a real file or folder"),
        "zh-Hans": ("符号链接形成循环", "删除该链接，或改为指向实际的文件或目录"),
        "zh-Hant": ("符號連結形成迴圈", "刪除該連結，或改為指向實際的檔案或目錄"),
    }),
    "link-committed": (E, {
        "en": ("a symbolic link committed to git: a revision's documents are read from the commit itself, never through a link", "commit the file itself instead of a link to it"),
        "zh-Hans": ("提交到 git 的是符号链接：各版本的文件只从该提交本身读取，不经过链接", "提交文件本身，而不是指向它的链接"),
        "zh-Hant": ("提交到 git 的是符號連結：各版本的檔案只從該提交本身讀取，不經過連結", "提交檔案本身，而不是指向它的連結"),
    }),
    "encoding": (E, {
        "en": ("the file is not UTF-8: byte 0x{byte} at offset {offset} cannot be decoded{guess}",
               "save the file as UTF-8 (Save As, encoding UTF-8), or convert it: iconv -f {encoding} -t UTF-8 {name} > {name}.utf8"),
        "zh-Hans": ("文件不是 UTF-8 编码：偏移量 {offset} 处的字节 0x{byte} 无法解码{guess}",
                    "请用 UTF-8 编码另存（另存为，编码选 UTF-8），或转换：iconv -f {encoding} -t UTF-8 {name} > {name}.utf8"),
        "zh-Hant": ("檔案不是 UTF-8 編碼：偏移量 {offset} 處的位元組 0x{byte} 無法解碼{guess}",
                    "請以 UTF-8 編碼另存（另存新檔，編碼選 UTF-8），或轉換：iconv -f {encoding} -t UTF-8 {name} > {name}.utf8"),
    }),
    "control-character": (E, {
        "en": ("the control character {char} is not allowed in {file}",
               "delete it: it is usually left by a copy from another program, and cannot be seen in most editors"),
        "zh-Hans": ("文件含有控制字符{char}，{file}中不允许出现",
                    "删除该字符：它多由其他程序复制粘贴带入，大多数编辑器中看不见"),
        "zh-Hant": ("檔案含有控制字元{char}，{file}中不允許出現",
                    "刪除該字元：它多由其他程式複製貼上帶入，多數編輯器中看不見"),
    }),
    "invisible-character": (E, {
        "en": ("the invisible character {char} is not allowed: unseen, it changes what the text shows "
               "(its order, its breaks or hidden content), so the PDF would not show what the file seems to say",
               "delete it (an editor's \"show invisible characters\" reveals it); U+200C and U+200D, which some "
               "scripts need, are allowed"),
        "zh-Hans": ("不允许使用不可见字符{char}：它看不见，却会改变文字的显示（顺序、断行或隐藏内容），"
                    "使PDF与文件表面所写不一致",
                    "删除该字符（编辑器的“显示不可见字符”可将其显出）；某些文字必需的U+200C、U+200D允许使用"),
        "zh-Hant": ("不允許使用不可見字元{char}：它看不見，卻會改變文字的顯示（順序、斷行或隱藏內容），"
                    "使PDF與檔案表面所寫不一致",
                    "刪除該字元（編輯器的「顯示不可見字元」可將其顯出）；某些文字必需的U+200C、U+200D允許使用"),
    }),
    "empty-file": (E, {
        "en": ("the file is empty", "a document starts with kind: manual or kind: procedure"),
        "zh-Hans": ("文件为空", "文件应以 kind: manual 或 kind: procedure 开头"),
        "zh-Hant": ("檔案為空", "檔案應以 kind: manual 或 kind: procedure 開頭"),
    }),
    "yaml-syntax": (E, {
        "en": ("YAML syntax error: {reason}", "check the indentation and quoting on this line and the one above it"),
        "zh-Hans": ("YAML 语法错误：{reason}", "检查本行及上一行的缩进和引号"),
        "zh-Hant": ("YAML 語法錯誤：{reason}", "檢查本行及上一行的縮排和引號"),
    }),
    "tab-indent": (E, {
        "en": ("a tab is used for indentation", "YAML indents with spaces only: replace the tab with spaces"),
        "zh-Hans": ("使用了制表符（Tab）缩进", "YAML 只能用空格缩进：把制表符换成空格"),
        "zh-Hant": ("使用了定位字元（Tab）縮排", "YAML 只能用空格縮排：把定位字元換成空格"),
    }),
    "duplicate-key": (E, {
        "en": ('key "{key}" appears twice, on lines {first} and {second}', "keep one of them; otherwise the first would be silently lost"),
        "zh-Hans": ("键“{key}”重复出现，分别在第 {first} 行和第 {second} 行", "只保留一个，否则前一个会被悄悄覆盖"),
        "zh-Hant": ("鍵「{key}」重複出現，分別在第 {first} 行和第 {second} 行", "只保留一個，否則前一個會被悄悄覆蓋"),
    }),
    "unsafe-tag": (E, {
        "en": ("tag {tag} is not allowed", "qmtool reads plain data only: remove the tag"),
        "zh-Hans": ("不允许使用标签 {tag}", "qmtool 只读取普通数据：删除该标签"),
        "zh-Hant": ("不允許使用標籤 {tag}", "qmtool 只讀取一般資料：刪除該標籤"),
    }),
    "merge-key": (E, {
        "en": ("the merge key << is not supported", "write the keys out in full"),
        "zh-Hans": ("不支持合并键 <<", "把各个键完整写出"),
        "zh-Hant": ("不支援合併鍵 <<", "把各個鍵完整寫出"),
    }),
    "too-many-aliases": (E, {
        "en": ("aliases (*name) repeat more than {limit} values", "write the repeated content out; aliases are limited so that a small file cannot expand without bound"),
        "zh-Hans": ("别名（*名称）重复的值超过 {limit} 个", "把重复内容直接写出；限制别名是为了防止小文件无限膨胀"),
        "zh-Hant": ("別名（*名稱）重複的值超過 {limit} 個", "把重複內容直接寫出；限制別名是為了防止小檔案無限膨脹"),
    }),
    "too-deep": (E, {
        "en": ("the document is nested more than {limit} levels deep", "flatten the structure; documents need only a few levels"),
        "zh-Hans": ("文件嵌套超过 {limit} 层", "简化结构；文件只需要几层嵌套"),
        "zh-Hant": ("文件巢狀超過 {limit} 層", "簡化結構；文件只需要幾層巢狀"),
    }),
    "key-not-text": (E, {
        "en": ("a key must be plain text", "write the key as a simple word, such as title:"),
        "zh-Hans": ("键必须是普通文本", "键应写成简单的词，如 title:"),
        "zh-Hant": ("鍵必須是一般文字", "鍵應寫成簡單的詞，如 title:"),
    }),
    "top-not-mapping": (E, {
        "en": ("a document must be a mapping of keys (kind:, id:, ...), not {found}", "start the file with kind: procedure (or kind: manual) and one key per line"),
        "zh-Hans": ("文件顶层必须是键值映射（kind:、id: 等），而不是{found}", "以 kind: procedure（或 kind: manual）开头，每行一个键"),
        "zh-Hant": ("檔案頂層必須是鍵值對應（kind:、id: 等），而不是{found}", "以 kind: procedure（或 kind: manual）開頭，每行一個鍵"),
    }),
    "kind-unknown": (E, {
        "en": ("kind must be manual or procedure, found {found}", "the first key says what the document is: kind: procedure"),
        "zh-Hans": ("kind 必须是 manual 或 procedure，实际为 {found}", "第一个键说明文件类型：kind: procedure"),
        "zh-Hant": ("kind 必須是 manual 或 procedure，實際為 {found}", "第一個鍵說明檔案類型：kind: procedure"),
    }),
    "schema-required": (E, {
        "en": ('required field "{name}" ({title}) is missing', "add {name}: under {where}"),
        "zh-Hans": ("缺少必填字段“{name}”（{title}）", "在 {where} 下添加 {name}:"),
        "zh-Hant": ("缺少必填欄位「{name}」（{title}）", "在 {where} 下新增 {name}:"),
    }),
    "schema-unknown-key": (E, {
        "en": ('unknown field "{name}"', "{suggestion}allowed here: {allowed}"),
        "zh-Hans": ("未知字段“{name}”", "{suggestion}此处允许的字段：{allowed}"),
        "zh-Hant": ("未知欄位「{name}」", "{suggestion}此處允許的欄位：{allowed}"),
    }),
    "schema-type": (E, {
        "en": ("{title} must be {expected}, found {found}{text}", "{description}"),
        "zh-Hans": ("{title}应为{expected}，实际为{found}{text}", "{description}"),
        "zh-Hant": ("{title}應為{expected}，實際為{found}{text}", "{description}"),
    }),
    "number-too-long": (E, {
        "en": ("{title} {text} is longer than the {limit} characters a number may have here", "no amount, weight or score needs this many digits: check the value"),
        "zh-Hans": ("{title} {text} 超过了数值允许的 {limit} 个字符", "金额、权重和得分都用不到这么多位：请核对该值"),
        "zh-Hant": ("{title} {text} 超過了數值允許的 {limit} 個字元", "金額、權重和得分都用不到這麼多位：請核對該值"),
    }),
    "needs-quotes": (E, {
        "en": ("{title} must be text, but {text} is read as {found}", 'put it in quotes: {name}: "{text}"'),
        "zh-Hans": ("{title}应为文本，但 {text} 被读成了{found}", '加上引号：{name}: "{text}"'),
        "zh-Hant": ("{title}應為文字，但 {text} 被讀成了{found}", '加上引號：{name}: "{text}"'),
    }),
    "schema-empty": (E, {
        "en": ("{title} is empty", "write a value after {name}: or remove the line"),
        "zh-Hans": ("{title}为空", "在 {name}: 后填写内容，或删除该行"),
        "zh-Hant": ("{title}為空", "在 {name}: 後填寫內容，或刪除該行"),
    }),
    "schema-enum": (E, {
        "en": ('"{value}" is not an allowed value of {title}', "allowed: {allowed}"),
        "zh-Hans": ("“{value}”不是{title}的可选值", "可选值：{allowed}"),
        "zh-Hant": ("「{value}」不是{title}的可選值", "可選值：{allowed}"),
    }),
    "schema-pattern": (E, {
        "en": ('"{value}" is not a valid {title}', "{example}"),
        "zh-Hans": ("“{value}”不符合{title}的格式", "{example}"),
        "zh-Hant": ("「{value}」不符合{title}的格式", "{example}"),
    }),
    "schema-format": (E, {
        "en": ('"{value}" is not a valid {format}', "{example}"),
        "zh-Hans": ("“{value}”不是有效的{format}", "{example}"),
        "zh-Hant": ("「{value}」不是有效的{format}", "{example}"),
    }),
    "schema-range": (E, {
        "en": ("{title} {value} is out of range: it must be {relation} {limit}", "{description}"),
        "zh-Hans": ("{title} {value} 超出范围：应{relation} {limit}", "{description}"),
        "zh-Hant": ("{title} {value} 超出範圍：應{relation} {limit}", "{description}"),
    }),
    "negative-zero": (E, {
        "en": ("{value} is zero written with a minus sign", "write 0 (or 0.00): no price, amount, weight or score "
               "is negative, and a signed zero would be printed as written"),
        "zh-Hans": ("{value}是带负号的零", "写成0（或0.00）：价格、金额、权重和分数都不能为负，带负号的零会原样印出"),
        "zh-Hant": ("{value}是帶負號的零", "寫成0（或0.00）：價格、金額、權重和分數都不能為負，帶負號的零會原樣印出"),
    }),
    "schema-multiple-of": (E, {
        "en": ("{title} {value} has too many decimal places", "amounts have at most two decimal places, such as 35.50"),
        "zh-Hans": ("{title} {value} 小数位数过多", "金额最多两位小数，如 35.50"),
        "zh-Hant": ("{title} {value} 小數位數過多", "金額最多兩位小數，如 35.50"),
    }),
    "schema-too-few": (E, {
        "en": ("{title} needs at least {limit:item|items}", "{description}"),
        "zh-Hans": ("{title}至少需要 {limit} 项", "{description}"),
        "zh-Hant": ("{title}至少需要 {limit} 項", "{description}"),
    }),
    "schema-dependent": (E, {
        "en": ('"{name}" needs "{needs}" beside it', "{description}"),
        "zh-Hans": ("写了“{name}”就必须同时写“{needs}”", "{description}"),
        "zh-Hant": ("寫了「{name}」就必須同時寫「{needs}」", "{description}"),
    }),
    "schema-invalid": (E, {
        "en": ("{title}: {reason}", "{description}"),
        "zh-Hans": ("{title}：{reason}", "{description}"),
        "zh-Hant": ("{title}：{reason}", "{description}"),
    }),
    "fee-unknown-grade": (E, {
        "en": ('fee {fee} names grade "{grade}", which is not defined in standards.grades', "defined grades are {grades}"),
        "zh-Hans": ("收费项目 {fee} 引用的等级“{grade}”未在 standards.grades 中定义", "已定义的等级：{grades}"),
        "zh-Hant": ("收費項目 {fee} 引用的等級「{grade}」未在 standards.grades 中定義", "已定義的等級：{grades}"),
    }),
    "kpi-weights-sum": (E, {
        "en": ("KPI weights add up to {total}, not 100", "weights now: {weights}; change them so they add up to 100"),
        "zh-Hans": ("考核指标权重之和为 {total}，不是 100", "当前权重：{weights}；调整后合计应为 100"),
        "zh-Hant": ("考核指標權重之和為 {total}，不是 100", "目前權重：{weights}；調整後合計應為 100"),
    }),
    "band-empty": (E, {
        "en": ("band {band} is empty: min {min} is not below max {max}", "a band covers scores from min (inclusive) up to max (exclusive)"),
        "zh-Hans": ("等次 {band} 区间为空：下限 {min} 不小于上限 {max}", "等次区间含下限、不含上限"),
        "zh-Hant": ("等次 {band} 區間為空：下限 {min} 不小於上限 {max}", "等次區間含下限、不含上限"),
    }),
    "band-gap": (E, {
        "en": ("scores from {low} to {high} fall in no band", "let band {band} start at {low}, or extend the band below it"),
        "zh-Hans": ("{low} 至 {high} 分不属于任何等次", "让等次 {band} 从 {low} 开始，或扩展其下方的等次"),
        "zh-Hant": ("{low} 至 {high} 分不屬於任何等次", "讓等次 {band} 從 {low} 開始，或擴展其下方的等次"),
    }),
    "band-overlap": (E, {
        "en": ("bands {other} and {band} overlap from {low} to {high}", "a score must fall in exactly one band: let {band} start where {other} ends"),
        "zh-Hans": ("等次 {other} 与 {band} 在 {low} 至 {high} 分重叠", "每个分数只能落入一个等次：让 {band} 从 {other} 的上限开始"),
        "zh-Hant": ("等次 {other} 與 {band} 在 {low} 至 {high} 分重疊", "每個分數只能落入一個等次：讓 {band} 從 {other} 的上限開始"),
    }),
    "band-ends": (E, {
        "en": ("the bands cover {low} to {high}, not 0 to 100", "the lowest band starts at 0 and the highest ends at 100"),
        "zh-Hans": ("等次覆盖 {low} 至 {high} 分，而不是 0 至 100 分", "最低等次从 0 开始，最高等次到 100 为止"),
        "zh-Hant": ("等次涵蓋 {low} 至 {high} 分，而不是 0 至 100 分", "最低等次從 0 開始，最高等次到 100 為止"),
    }),
    "condition-kind": (E, {
        "en": ("condition of {clause} must name exactly one of band, kpi or event, found {found}", "write one condition per clause, e.g. when: {{band: fail, consecutive: 2}}"),
        "zh-Hans": ("{clause} 的触发条件必须且只能写 band、kpi、event 中的一种，实际为 {found}", "每条只写一种条件，如 when: {{band: fail, consecutive: 2}}"),
        "zh-Hant": ("{clause} 的觸發條件必須且只能寫 band、kpi、event 其中一種，實際為 {found}", "每條只寫一種條件，如 when: {{band: fail, consecutive: 2}}"),
    }),
    "condition-unknown-band": (E, {
        "en": ('{clause} names band "{ref}", which is not defined in standards.assessment.bands', "defined bands are {known}"),
        "zh-Hans": ("{clause} 引用的等次“{ref}”未在 standards.assessment.bands 中定义", "已定义的等次：{known}"),
        "zh-Hant": ("{clause} 引用的等次「{ref}」未在 standards.assessment.bands 中定義", "已定義的等次：{known}"),
    }),
    "condition-unknown-kpi": (E, {
        "en": ('{clause} names KPI "{ref}", which is not defined in standards.assessment.kpis', "defined KPIs are {known}"),
        "zh-Hans": ("{clause} 引用的指标“{ref}”未在 standards.assessment.kpis 中定义", "已定义的指标：{known}"),
        "zh-Hant": ("{clause} 引用的指標「{ref}」未在 standards.assessment.kpis 中定義", "已定義的指標：{known}"),
    }),
    "condition-unknown-event": (E, {
        "en": ('{clause} names event "{ref}", which is not defined in standards.assessment.events', "defined events are {known}"),
        "zh-Hans": ("{clause} 引用的事件“{ref}”未在 standards.assessment.events 中定义", "已定义的事件：{known}"),
        "zh-Hant": ("{clause} 引用的事件「{ref}」未在 standards.assessment.events 中定義", "已定義的事件：{known}"),
    }),
    "duplicate-id": (E, {
        "en": ('id "{id}" is used twice in {where}, on lines {first} and {second}', "give each entry its own id"),
        "zh-Hans": ("编号“{id}”在 {where} 中重复使用，分别在第 {first} 行和第 {second} 行", "每个条目使用不同的编号"),
        "zh-Hant": ("編號「{id}」在 {where} 中重複使用，分別在第 {first} 行和第 {second} 行", "每個條目使用不同的編號"),
    }),
    "duplicate-document": (E, {
        "en": ("document number {id} is also used by {other}", "every document needs its own number"),
        "zh-Hans": ("文件编号 {id} 与 {other} 重复", "每份文件的编号必须唯一"),
        "zh-Hant": ("文件編號 {id} 與 {other} 重複", "每份文件的編號必須唯一"),
    }),
    "version-not-in-revisions": (E, {
        "en": ('version "{version}" has no entry in revisions', 'add a revision: - {{version: "{version}", date: ..., summary: ...}}'),
        "zh-Hans": ("版本“{version}”在修订历史 revisions 中没有记录", '添加修订记录：- {{version: "{version}", date: ..., summary: ...}}'),
        "zh-Hant": ("版本「{version}」在修訂歷史 revisions 中沒有紀錄", '新增修訂紀錄：- {{version: "{version}", date: ..., summary: ...}}'),
    }),
    "dates-order": (E, {
        "en": ("review_due {review_due} is not after effective {effective}", "a document is reviewed after it takes effect: check both dates"),
        "zh-Hans": ("复审日期 {review_due} 不在生效日期 {effective} 之后", "复审应在生效之后：请核对两个日期"),
        "zh-Hant": ("複審日期 {review_due} 不在生效日期 {effective} 之後", "複審應在生效之後：請核對兩個日期"),
    }),
    "versions-order": (E, {
        "en": ('version "{version}" follows version "{previous}" (line {line}) in revisions, but is not higher',
               "list revisions oldest first, each version higher than the one before (1.9, 1.10, 2.0): check both versions"),
        "zh-Hans": ("修订历史中版本“{version}”排在版本“{previous}”（第 {line} 行）之后，但版本号并未提高",
                    "修订记录按时间先后排列，版本号逐条提高（1.9、1.10、2.0）：请核对两个版本号"),
        "zh-Hant": ("修訂歷史中版本「{version}」排在版本「{previous}」（第 {line} 行）之後，但版本號並未提高",
                    "修訂紀錄按時間先後排列，版本號逐條提高（1.9、1.10、2.0）：請核對兩個版本號"),
    }),
    "revision-not-latest": (E, {
        "en": ('the last revision entry is version "{latest}", but the {status} document is version "{version}" (line {line})',
               "the last entry of revisions records the version approved: put its entry last, or correct version"),
        "zh-Hans": ("修订历史的最后一条是版本“{latest}”，而状态为{status}的文件版本是“{version}”（第 {line} 行）",
                    "修订历史的最后一条应为所批准的版本：把该版本的修订记录放在最后，或更正版本号"),
        "zh-Hant": ("修訂歷史的最後一筆是版本「{latest}」，而狀態為{status}的文件版本是「{version}」（第 {line} 行）",
                    "修訂歷史的最後一筆應為所核准的版本：把該版本的修訂紀錄放在最後，或更正版本號"),
    }),
    "approvals-incomplete": (E, {
        "en": ("a document with status {status} lacks approval by: {missing}", "add each as - {{role: ..., name: ..., date: ...}} under approvals, or set status to draft or review"),
        "zh-Hans": ("状态为 {status} 的文件缺少以下签署：{missing}", "在 approvals 下逐项添加 - {{role: ..., name: ..., date: ...}}，或把状态改为 draft 或 review"),
        "zh-Hant": ("狀態為 {status} 的文件缺少以下簽署：{missing}", "在 approvals 下逐項新增 - {{role: ..., name: ..., date: ...}}，或把狀態改為 draft 或 review"),
    }),
    "approvals-order": (E, {
        "en": ("{role} is dated {date}, before {other} on {other_date} (line {line})",
               "a document is prepared, then reviewed, then approved, each on the same day as the step before or later: check both dates"),
        "zh-Hans": ("{role}签署日期 {date} 早于{other}签署日期 {other_date}（第 {line} 行）",
                    "签署须按编制、审核、批准的顺序，后一环节不得早于前一环节（可为同一天）：请核对两个日期"),
        "zh-Hant": ("{role}簽署日期 {date} 早於{other}簽署日期 {other_date}（第 {line} 行）",
                    "簽署須按編制、審核、核准的順序，後一環節不得早於前一環節（可為同一天）：請核對兩個日期"),
    }),
    "effective-before-approval": (E, {
        "en": ("effective {effective} is before the approval on {approved} (line {line})",
               "a document takes effect on the day it is approved or later: check both dates"),
        "zh-Hans": ("生效日期 {effective} 早于批准日期 {approved}（第 {line} 行）",
                    "文件应在批准当日或之后生效：请核对两个日期"),
        "zh-Hant": ("生效日期 {effective} 早於核准日期 {approved}（第 {line} 行）",
                    "文件應在核准當日或之後生效：請核對兩個日期"),
    }),
    "revision-after-approval": (E, {
        "en": ('revision "{version}" is dated {date}, after the approval on {approved} (line {line})',
               "a revision is written before its version is approved: date it no later than the approval, or, for a new revision, set status to draft or review"),
        "zh-Hans": ("修订记录“{version}”的日期 {date} 晚于批准日期 {approved}（第 {line} 行）",
                    "修订应在批准之前完成：修订日期不得晚于批准日期；如为新的修订，请把状态改为 draft 或 review"),
        "zh-Hant": ("修訂紀錄「{version}」的日期 {date} 晚於核准日期 {approved}（第 {line} 行）",
                    "修訂應在核准之前完成：修訂日期不得晚於核准日期；如為新的修訂，請把狀態改為 draft 或 review"),
    }),
    "superseded-by-unknown": (E, {
        "en": ("superseded_by names {ref}, which is not a document of this workspace", "documents in this workspace: {known}"),
        "zh-Hans": ("superseded_by 指向的 {ref} 不是本工作区的文件", "本工作区的文件：{known}"),
        "zh-Hant": ("superseded_by 指向的 {ref} 不是本工作區的文件", "本工作區的文件：{known}"),
    }),
    "superseded-without-successor": (W, {
        "en": ("the document is superseded but does not say by what", "add superseded_by: with the number of the document that replaces it"),
        "zh-Hans": ("文件已被替代，但未说明替代文件", "添加 superseded_by: 并填写替代文件的编号"),
        "zh-Hant": ("文件已被替代，但未說明替代文件", "新增 superseded_by: 並填寫替代文件的編號"),
    }),
    "successor-but-not-superseded": (W, {
        "en": ("superseded_by is set, but the status is {status}", "set status: superseded, or remove superseded_by"),
        "zh-Hans": ("填写了 superseded_by，但状态为{status}", "把状态改为 superseded，或删除 superseded_by"),
        "zh-Hant": ("填寫了 superseded_by，但狀態為{status}", "把狀態改為 superseded，或刪除 superseded_by"),
    }),
    "superseded-by-itself": (E, {
        "en": ("the document says it is superseded by itself ({ref})", "name the document that replaces this one"),
        "zh-Hans": ("文件声明被自身（{ref}）替代", "填写替代本文件的另一份文件编号"),
        "zh-Hant": ("文件聲明被自身（{ref}）替代", "填寫替代本文件的另一份文件編號"),
    }),
    "ref-unknown-document": (E, {
        "en": ("related names {ref}, which is not a document of this workspace", "documents in this workspace: {known}"),
        "zh-Hans": ("related 引用的 {ref} 不是本工作区的文件", "本工作区的文件：{known}"),
        "zh-Hant": ("related 引用的 {ref} 不是本工作區的文件", "本工作區的文件：{known}"),
    }),
    "ref-not-current": (E, {
        "en": ("refers to {ref}, which is {status}", "refer to the current document instead{successor}"),
        "zh-Hans": ("引用的 {ref} 状态为{status}，已不是现行文件", "改为引用现行文件{successor}"),
        "zh-Hant": ("引用的 {ref} 狀態為{status}，已不是現行文件", "改為引用現行文件{successor}"),
    }),
    "filename-id": (W, {
        "en": ("the file name does not start with the document number {id}", "rename the file to {id}-....yaml so the folder lists documents in order"),
        "zh-Hans": ("文件名未以文件编号 {id} 开头", "把文件改名为 {id}-....yaml，便于按编号排列"),
        "zh-Hant": ("檔名未以文件編號 {id} 開頭", "把檔案改名為 {id}-....yaml，便於按編號排列"),
    }),
    "process-phase-missing": (W, {
        "en": ("the process has no step in phase {phase}", "each procedure runs prepare, deliver and review: add at least one step with phase: {phase}"),
        "zh-Hans": ("工作程序缺少 {phase} 阶段的步骤", "程序应包含准备、实施、评价三个阶段：至少添加一个 phase: {phase} 的步骤"),
        "zh-Hant": ("工作程序缺少 {phase} 階段的步驟", "程序應包含準備、實施、評價三個階段：至少新增一個 phase: {phase} 的步驟"),
    }),
    "manual-count": (E, {
        "en": ("the workspace has {count} manuals; it needs exactly one", "keep one document with kind: manual under procedures/"),
        "zh-Hans": ("工作区有 {count} 份质量手册，应有且只有一份", "在 procedures/ 下只保留一份 kind: manual 的文件"),
        "zh-Hant": ("工作區有 {count} 份品質手冊，應有且只有一份", "在 procedures/ 下只保留一份 kind: manual 的文件"),
    }),
    "glyph-missing": (E, {
        "en": ('the character "{char}" ({codepoint}) is in none of the configured fonts ({fonts})', "replace it with a character the fonts have; it would print as an empty box"),
        "zh-Hans": ("字符“{char}”（{codepoint}）不在配置的字体（{fonts}）中", "换成字体中有的字符，否则会印成空白方框"),
        "zh-Hant": ("字元「{char}」（{codepoint}）不在設定的字型（{fonts}）中", "換成字型中有的字元，否則會印成空白方框"),
    }),
    "font-face": (E, {
        "en": ("a template declares a font of its own (@font-face): text is drawn only in the installed fonts whose "
               "every character qmtool checks, and a font of a template's could draw any character as another",
               "remove the @font-face rule; font-family may name only the fonts of the workspace's language "
               "(Noto Serif CJK and Noto Sans CJK, SC or TC), as the built-in style does"),
        "zh-Hans": ("模板自行声明了字体（@font-face）：文字只能用已安装、且每个字符都经 qmtool 检查的字体排印，"
                    "模板自带的字体可以把任何字符画成另一个字符",
                    "删除 @font-face 规则；font-family 只能指定工作区语言的字体（Noto Serif CJK、Noto Sans CJK 的 SC 或 TC），"
                    "与内置样式相同"),
        "zh-Hant": ("範本自行宣告了字型（@font-face）：文字只能用已安裝、且每個字元都經 qmtool 檢查的字型排印，"
                    "範本自帶的字型可以把任何字元畫成另一個字元",
                    "刪除 @font-face 規則；font-family 只能指定工作區語言的字型（Noto Serif CJK、Noto Sans CJK 的 SC 或 TC），"
                    "與內建樣式相同"),
    }),
    "font-unchecked": (E, {
        "en": ('{document}: the text "{text}" is drawn in the font "{font}", whose characters qmtool does not check; '
               "the PDF might not show what the source says",
               "a workspace style must name in font-family only the fonts of the workspace's language (Noto Serif CJK "
               "and Noto Sans CJK, SC or TC), no other installed font (DejaVu) and no generic family (serif, monospace)"),
        "zh-Hans": ("{document}：文字“{text}”用字体“{font}”排印，qmtool 不检查该字体的字符，PDF 可能与源文件不一致",
                    "工作区的样式在 font-family 中只能指定工作区语言的字体（Noto Serif CJK、Noto Sans CJK 的 SC 或 TC），"
                    "不能指定其他已安装字体（如 DejaVu）或通用字体族（serif、monospace）"),
        "zh-Hant": ("{document}：文字「{text}」用字型「{font}」排印，qmtool 不檢查該字型的字元，PDF 可能與原始檔不一致",
                    "工作區的樣式在 font-family 中只能指定工作區語言的字型（Noto Serif CJK、Noto Sans CJK 的 SC 或 TC），"
                    "不能指定其他已安裝字型（如 DejaVu）或通用字型族（serif、monospace）"),
    }),
    "glyph-notdef": (E, {
        "en": ('{document}: the text "{text}" holds {char}, which the font "{font}" that draws it lacks; '
               "it would print as an empty box",
               "a style sheet or template adds it (content, quotes, a counter style, a marker, string-set): "
               "remove it, written as it is or as a CSS escape"),
        "zh-Hans": ("{document}：文字“{text}”含有{char}，排印它的字体“{font}”中没有该字符，会印成空白方框",
                    "它由样式表或模板加入（content、quotes、计数器样式、列表标记、string-set）：删除该字符，"
                    "无论是直接写出还是写成 CSS 转义"),
        "zh-Hant": ("{document}：文字「{text}」含有{char}，排印它的字型「{font}」中沒有該字元，會印成空白方框",
                    "它由樣式表或範本加入（content、quotes、計數器樣式、清單標記、string-set）：刪除該字元，"
                    "無論是直接寫出還是寫成 CSS 跳脫"),
    }),
    "drawn-invisible": (E, {
        "en": ('{document}, page {page}: the text "{text}" holds {char}, a character no document may hold: unseen, '
               "it changes what the text shows",
               "a style sheet or template adds it (content, quotes, a counter style, a marker, string-set, a page's "
               "margin box): remove it, written as it is or as a CSS escape (\\202E)"),
        "zh-Hans": ("{document}第{page}页：文字“{text}”含有{char}，任何文件都不允许使用该字符：它看不见，却会改变文字的显示",
                    "它由样式表或模板加入（content、quotes、计数器样式、列表标记、string-set、页边框）：删除该字符，"
                    "无论是直接写出还是写成 CSS 转义（\\202E）"),
        "zh-Hant": ("{document}第{page}頁：文字「{text}」含有{char}，任何檔案都不允許使用該字元：它看不見，卻會改變文字的顯示",
                    "它由樣式表或範本加入（content、quotes、計數器樣式、清單標記、string-set、頁邊框）：刪除該字元，"
                    "無論是直接寫出還是寫成 CSS 跳脫（\\202E）"),
    }),
    "forbidden-url": (E, {
        "en": ('the templates ask for "{url}", which is not a file in the template folders', "templates may use only files that exist in templates/ (the workspace's or the built-in ones): no network, no other file"),
        "zh-Hans": ("模板请求的“{url}”不是模板目录中的文件", "模板只能使用 templates/ 目录（工作区或内置）中存在的文件：不能访问网络或其他文件"),
        "zh-Hant": ("範本請求的「{url}」不是範本目錄中的檔案", "範本只能使用 templates/ 目錄（工作區或內建）中存在的檔案：不能存取網路或其他檔案"),
    }),
    "text-overflow": (E, {
        "en": ('{document}, page {page}: the text "{text}" runs past {edge}; what passes it would not be printed',
               "shorten the text, or break its long words (a code, a URL) with spaces; a workspace template or style "
               "must let text wrap: no white-space: nowrap, fixed width, overflow: hidden or transform that moves "
               "it; an SVG image's text must stay inside the image"),
        "zh-Hans": ("{document}第{page}页：文字“{text}”超出{edge}，超出部分不会印出",
                    "缩短这段文字，或在过长的词（编号、网址）中加空格；工作区的模板和样式须让文字能够换行，不要对文字设置"
                    " white-space: nowrap、固定宽度、overflow: hidden 或移动文字的 transform；SVG 图片中的文字须在图片范围之内"),
        "zh-Hant": ("{document}第{page}頁：文字「{text}」超出{edge}，超出部分不會印出",
                    "縮短這段文字，或在過長的詞（編號、網址）中加空格；工作區的範本和樣式須讓文字能夠換行，不要對文字設定"
                    " white-space: nowrap、固定寬度、overflow: hidden 或移動文字的 transform；SVG 圖片中的文字須在圖片範圍之內"),
    }),
    "text-dropped": (E, {
        "en": ('{document}: the text "{text}" is in the document but on none of its pages; it would not be printed',
               "a workspace style leaves it out: do not give document text display: none, max-lines, "
               "continue: discard or content"),
        "zh-Hans": ("{document}：文字“{text}”在文件中，却没有排到任何一页上，不会印出",
                    "工作区的样式把它排除在外：不要对正文文字设置 display: none、max-lines、continue: discard 或 content"),
        "zh-Hant": ("{document}：文字「{text}」在文件中，卻沒有排到任何一頁上，不會印出",
                    "工作區的樣式把它排除在外：不要對正文文字設定 display: none、max-lines、continue: discard 或 content"),
    }),
    "text-unreadable": (E, {
        "en": ('{document}, page {page}: the text "{text}" {how}; a reader of the PDF would not see it',
               "a workspace style must print text visibly: at least 5 pt high, in a colour that stands out from what "
               "is behind it (a contrast of at least 1.3:1), with its characters apart and off other text, not transparent, "
               "hidden or covered by another box, an image, a gradient, a border or an outline"),
        "zh-Hans": ("{document}第{page}页：文字“{text}”{how}，读者在PDF上看不到",
                    "工作区的样式必须让文字清晰可见：字号不小于5磅，颜色与背景有足够反差（对比度不低于1.3:1），"
                    "字符互不重叠，不与其他文字叠印，不透明、不隐藏，不被其他色块、图片、渐变、边框或轮廓线遮盖"),
        "zh-Hant": ("{document}第{page}頁：文字「{text}」{how}，讀者在PDF上看不到",
                    "工作區的樣式必須讓文字清晰可見：字級不小於5點，顏色與背景有足夠反差（對比度不低於1.3:1），"
                    "字元互不重疊，不與其他文字疊印，不透明、不隱藏，不被其他色塊、圖片、漸層、框線或外框線遮蓋"),
    }),
    "render-error": (E, {
        "en": ("WeasyPrint could not render the document: {reason}", "look at what the workspace's templates/ changed; remove an override to try the built-in template"),
        "zh-Hans": ("WeasyPrint 无法排版该文件：{reason}", "检查工作区 templates/ 中的改动；删除覆盖的模板可改用内置模板"),
        "zh-Hant": ("WeasyPrint 無法排版該文件：{reason}", "檢查工作區 templates/ 中的改動；刪除覆蓋的範本可改用內建範本"),
    }),
    "template-error": (E, {
        "en": ("template error: {reason}", "fix the template in the workspace's templates/ folder, or remove it to use the built-in one"),
        "zh-Hans": ("模板错误：{reason}", "修改工作区 templates/ 中的模板，或删除它以使用内置模板"),
        "zh-Hant": ("範本錯誤：{reason}", "修改工作區 templates/ 中的範本，或刪除它以使用內建範本"),
    }),
    "template-timeout": (E, {
        "en": ("the template was still rendering {document} after {seconds} s and was stopped", "look for a loop that runs too long here (range inside range, say); if the document truly needs longer, raise the limit with --render-timeout or QMTOOL_RENDER_TIMEOUT"),
        "zh-Hans": ("模板渲染{document}超过{seconds}秒仍未完成，已终止", "检查此处是否有运行过久的循环（如嵌套的 range）；文件确需更长时间的，用 --render-timeout 或环境变量 QMTOOL_RENDER_TIMEOUT 放宽时限"),
        "zh-Hant": ("範本轉譯{document}超過{seconds}秒仍未完成，已終止", "檢查此處是否有執行過久的迴圈（如巢狀的 range）；文件確需更長時間的，用 --render-timeout 或環境變數 QMTOOL_RENDER_TIMEOUT 放寬時限"),
    }),
    "layout-timeout": (E, {
        "en": ("WeasyPrint was still laying out {document} after {seconds} s and was stopped", "look in the workspace's templates/ for boxes nested deep in one another (flex or grid inside flex or grid, say) or a page far longer than usual; if the document truly needs longer, raise the limit with --render-timeout or QMTOOL_RENDER_TIMEOUT (a page gets it once for every 100,000 characters)"),
        "zh-Hans": ("WeasyPrint 排版{document}超过{seconds}秒仍未完成，已终止", "检查工作区 templates/ 中是否有层层嵌套的盒子（如 flex 或 grid 中再套 flex 或 grid）或长得异常的页面；文件确需更长时间的，用 --render-timeout 或环境变量 QMTOOL_RENDER_TIMEOUT 放宽时限（页面每 10 万字符计一份时限）"),
        "zh-Hant": ("WeasyPrint 排版{document}超過{seconds}秒仍未完成，已終止", "檢查工作區 templates/ 中是否有層層巢狀的方塊（如 flex 或 grid 中再套 flex 或 grid）或長得異常的頁面；文件確需更長時間的，用 --render-timeout 或環境變數 QMTOOL_RENDER_TIMEOUT 放寬時限（頁面每 10 萬字元計一份時限）"),
    }),
    "review-overdue": (E, {
        "en": ("review was due on {due}, {days:day|days} before {today}", "review the document, then record the new version and review_due"),
        "zh-Hans": ("复审已于 {due} 到期，至 {today} 已逾期 {days} 天", "组织复审，并记录新版本和新的复审日期 review_due"),
        "zh-Hant": ("複審已於 {due} 到期，至 {today} 已逾期 {days} 天", "組織複審，並記錄新版本和新的複審日期 review_due"),
    }),
    "review-due-soon": (W, {
        "en": ("review is due on {due}, {left}", "plan the review now"),
        "zh-Hans": ("复审将于 {due} 到期，{left}", "及早安排复审"),
        "zh-Hant": ("複審將於 {due} 到期，{left}", "及早安排複審"),
    }),
    "release-name": (E, {
        "en": ('"{name}" is not a release name', "use letters, digits, dots and hyphens, e.g. --version 2027.1"),
        "zh-Hans": ("“{name}”不能用作发布名称", "只用字母、数字、点和连字符，如 --version 2027.1"),
        "zh-Hant": ("「{name}」不能用作發布名稱", "只用字母、數字、點和連字號，如 --version 2027.1"),
    }),
    "release-exists": (E, {
        "en": ("this release exists, and a release is never overwritten", "give the new release another version, e.g. 2027.2"),
        "zh-Hans": ("该发布已存在，发布不会被覆盖", "为新的发布另取版本名，如 2027.2"),
        "zh-Hant": ("該發布已存在，發布不會被覆蓋", "為新的發布另取版本名，如 2027.2"),
    }),
    "release-not-releasable": (E, {
        "en": ("{id} is {status}: documents in draft or review are not released", "complete its approval (status approved or effective, with the approvals), or move it out of procedures/ until then"),
        "zh-Hans": ("{id} 的状态为 {status}：草稿或审核中的文件不能发布", "先完成审批（状态改为 approved 或 effective 并填写审批信息），或在此之前将其移出 procedures/"),
        "zh-Hant": ("{id} 的狀態為 {status}：草稿或審核中的文件不能發布", "先完成核准（狀態改為 approved 或 effective 並填寫審批資訊），或在此之前將其移出 procedures/"),
    }),
    "release-uncommitted": (E, {
        "en": ("not committed ({change}): a release is only what is committed", "commit it (git add, git commit), or undo the change"),
        "zh-Hans": ("未提交（{change}）：发布只包含已提交的内容", "提交该文件（git add、git commit），或撤销修改"),
        "zh-Hant": ("未提交（{change}）：發布只包含已提交的內容", "提交該檔案（git add、git commit），或復原修改"),
    }),
    "release-ignored": (E, {
        "en": ("git ignores this file, so a release would not contain it", "move it out of procedures/ and templates/, or stop ignoring it and commit it"),
        "zh-Hans": ("该文件被 git 忽略，发布中不会包含它", "将其移出 procedures/ 和 templates/，或取消忽略并提交"),
        "zh-Hant": ("該檔案被 git 忽略，發布中不會包含它", "將其移出 procedures/ 和 templates/，或取消忽略並提交"),
    }),
    "release-git": (E, {
        "en": ("git: {reason}", "a release is made from a git repository: git init, then commit the workspace"),
        "zh-Hans": ("git：{reason}", "发布需在 git 仓库中进行：先 git init，再提交工作区"),
        "zh-Hant": ("git：{reason}", "發布需在 git 儲存庫中進行：先 git init，再提交工作區"),
    }),
    "release-link": (E, {
        "en": ("a symbolic link committed to git that leads outside procedures/ and templates/ of the commit: a release holds only the commit's own files", "commit the file itself instead of a link to it"),
        "zh-Hans": ("提交到 git 的符号链接指向该提交的 procedures/ 和 templates/ 之外：发布只包含该提交自身的文件", "提交文件本身，而不是指向它的链接"),
        "zh-Hant": ("提交到 git 的符號連結指向該提交的 procedures/ 和 templates/ 之外：發布只包含該提交本身的檔案", "提交檔案本身，而不是指向它的連結"),
    }),
    "verify-link": (E, {
        "en": ("a symbolic link in the release: a release holds files only, and nothing is read through a link", "remove the link and take the file from an intact copy of the release"),
        "zh-Hans": ("发布中有符号链接：发布只能包含文件，不通过链接读取任何内容", "删除该链接，从完好的发布副本中取回文件"),
        "zh-Hant": ("發布中有符號連結：發布只能包含檔案，不透過連結讀取任何內容", "刪除該連結，從完好的發布副本中取回檔案"),
    }),
    "verify-path": (E, {
        "en": ('"{name}" is not a file of the release: it is absolute, climbs with .. or passes through a link', "a release names its files relative to its own folder: take this file from an intact copy of the release"),
        "zh-Hans": ("“{name}”不是发布中的文件：它是绝对路径、用 .. 向上跳出，或经过符号链接", "发布只按相对于发布目录的路径列出文件：从完好的发布副本中取回该文件"),
        "zh-Hant": ("「{name}」不是發布中的檔案：它是絕對路徑、用 .. 向上跳出，或經過符號連結", "發布只按相對於發布目錄的路徑列出檔案：從完好的發布副本中取回該檔案"),
    }),
    "verify-unrecorded": (E, {
        "en": ('"{name}" is listed in the manifest but named by no document of release.json: a release holds only MANIFEST.sha256, release.json and the PDFs its record names', "remove the file and its manifest line, or take the release from an intact copy"),
        "zh-Hans": ("清单列出了“{name}”，但 release.json 中没有哪份文件记载它：发布只包含 MANIFEST.sha256、release.json 及发布记录所列的PDF文件", "删除该文件及其在清单中的行，或从完好的发布副本中取回该发布"),
        "zh-Hant": ("清單列出了「{name}」，但 release.json 中沒有哪份檔案記載它：發布只包含 MANIFEST.sha256、release.json 及發布紀錄所列的PDF檔案", "刪除該檔案及其在清單中的行，或從完好的發布副本中取回該發布"),
    }),
    "verify-record-differs": (E, {
        "en": ("release.json says {field} is {recorded}, but commit {commit} says {committed} ({name}): the record was changed after release", "take release.json from an intact copy of the release, or release that commit again (qmtool release)"),
        "zh-Hans": ("release.json 中 {field} 为 {recorded}，而提交 {commit} 中为 {committed}（{name}）：发布记录在发布后被改动过", "从完好的发布副本中取回 release.json，或对该提交重新发布（qmtool release）"),
        "zh-Hant": ("release.json 中 {field} 為 {recorded}，而提交 {commit} 中為 {committed}（{name}）：發布紀錄在發布後被改動過", "從完好的發布副本中取回 release.json，或對該提交重新發布（qmtool release）"),
    }),
    "verify-record-shape": (E, {
        "en": ("release.json is not as release writes it at {field}: {reason}", "take release.json from an intact copy of the release, or release that commit again (qmtool release)"),
        "zh-Hans": ("release.json 的 {field} 与发布时写入的不符：{reason}", "从完好的发布副本中取回 release.json，或对该提交重新发布（qmtool release）"),
        "zh-Hant": ("release.json 的 {field} 與發布時寫入的不符：{reason}", "從完好的發布副本中取回 release.json，或對該提交重新發布（qmtool release）"),
    }),
    "verify-not-committed": (E, {
        "en": ("{what} differs from {name} in commit {commit}: a release holds only what was committed", "take the release from an intact copy, or release that commit again (qmtool release)"),
        "zh-Hans": ("{what}与提交 {commit} 中的 {name} 不一致：发布只能包含已提交的内容", "从完好的发布副本中取回该发布，或对该提交重新发布（qmtool release）"),
        "zh-Hant": ("{what}與提交 {commit} 中的 {name} 不一致：發布只能包含已提交的內容", "從完好的發布副本中取回該發布，或對該提交重新發布（qmtool release）"),
    }),
    "version-not-bumped": (E, {
        "en": ("{id} changed in {count:place|places} but is still version {version}", "raise the version and add a revision entry saying what changed"),
        "zh-Hans": ("{id} 有 {count} 处内容变更，但版本仍为 {version}", "升级版本号，并在修订历史中说明变更内容"),
        "zh-Hant": ("{id} 有 {count} 處內容變更，但版本仍為 {version}", "升級版本號，並在修訂歷史中說明變更內容"),
    }),
    "version-decreased": (E, {
        "en": ("{id} went back from version {old} to {version}", "a new edition needs a version higher than every earlier one"),
        "zh-Hans": ("{id} 的版本从 {old} 退回到 {version}", "新版本号必须高于此前所有版本"),
        "zh-Hant": ("{id} 的版本從 {old} 退回到 {version}", "新版本號必須高於此前所有版本"),
    }),
    "revision-missing": (E, {
        "en": ("{id} is now version {version}, but its revision history has no entry for it", 'add - {{version: "{version}", date: ..., summary: ...}} under revisions'),
        "zh-Hans": ("{id} 已升为 {version} 版，但修订历史中没有该版本的记录", '在 revisions 下添加 - {{version: "{version}", date: ..., summary: ...}}'),
        "zh-Hant": ("{id} 已升為 {version} 版，但修訂歷史中沒有該版本的紀錄", '在 revisions 下新增 - {{version: "{version}", date: ..., summary: ...}}'),
    }),
    "no-documents": (E, {
        "en": ("no documents found: {folder} has no .yaml files", "run qmtool in a workspace, or name one: qmtool validate PATH"),
        "zh-Hans": ("未找到文件：{folder} 下没有 .yaml 文件", "在工作区目录中运行，或指定路径：qmtool validate 路径"),
        "zh-Hant": ("找不到文件：{folder} 下沒有 .yaml 檔案", "在工作區目錄中執行，或指定路徑：qmtool validate 路徑"),
    }),
    "more-problems": (E, {
        "en": ("{count:more problem|more problems} in this file, not shown: {errors:error|errors}, "
               "{warnings:warning|warnings}",
               "only the first {limit} problems of a file are shown, in line order: correct them and check again"),
        "zh-Hans": ("此文件另有 {count} 个问题未列出：{errors} 个错误，{warnings} 个警告",
                    "每个文件只按行号顺序列出前 {limit} 个问题：请先改正这些，再重新检查"),
        "zh-Hant": ("此檔案另有 {count} 個問題未列出：{errors} 個錯誤，{warnings} 個警告",
                    "每個檔案只依行號順序列出前 {limit} 個問題：請先改正這些，再重新檢查"),
    }),
    "more-warnings": (W, {
        "en": ("{count:more warning|more warnings} in this file, not shown",
               "only the first {limit} problems of a file are shown, in line order: correct them and check again"),
        "zh-Hans": ("此文件另有 {count} 个警告未列出",
                    "每个文件只按行号顺序列出前 {limit} 个问题：请先改正这些，再重新检查"),
        "zh-Hant": ("此檔案另有 {count} 個警告未列出",
                    "每個檔案只依行號順序列出前 {limit} 個問題：請先改正這些，再重新檢查"),
    }),
    "assess-not-effective": (W, {
        "en": ("{id} is {status}, not effective: these results apply a standard not in force", "assess against an effective procedure, or treat the results as a trial"),
        "zh-Hans": ("{id} 的状态为 {status}，不是现行有效：本次结果依据的标准尚未生效或已失效", "依据现行有效的程序文件考核，或仅将结果作为试算"),
        "zh-Hant": ("{id} 的狀態為 {status}，不是現行有效：本次結果依據的標準尚未生效或已失效", "依據現行有效的程序文件考核，或僅將結果作為試算"),
    }),
    "records-encoding": (E, {
        "en": ("the file is not UTF-8: byte 0x{byte} at offset {offset} cannot be decoded{guess}", "in Excel, save it with Save As, type CSV UTF-8 (Comma delimited); or convert it: iconv -f {encoding} -t UTF-8 {name} > {name}.utf8"),
        "zh-Hans": ("文件不是 UTF-8 编码：偏移量 {offset} 处的字节 0x{byte} 无法解码{guess}", "在 Excel 中用“另存为”，保存类型选“CSV UTF-8（逗号分隔）”；或转换：iconv -f {encoding} -t UTF-8 {name} > {name}.utf8"),
        "zh-Hant": ("檔案不是 UTF-8 編碼：偏移量 {offset} 處的位元組 0x{byte} 無法解碼{guess}", "在 Excel 中用「另存新檔」，存檔類型選「CSV UTF-8（逗號分隔）」；或轉換：iconv -f {encoding} -t UTF-8 {name} > {name}.utf8"),
    }),
    "records-not-mapping": (E, {
        "en": ("a records file must be a mapping of scores: and events:, not {found}", "start the file with scores: and write one score per item: - {{provider: CT-001, period: 2026-Q1, kpi: K1, score: 92}}"),
        "zh-Hans": ("记录文件顶层必须是 scores: 和 events: 的映射，而不是{found}", "以 scores: 开头，每条得分一项：- {{provider: CT-001, period: 2026-Q1, kpi: K1, score: 92}}"),
        "zh-Hant": ("紀錄檔案頂層必須是 scores: 和 events: 的對應，而不是{found}", "以 scores: 開頭，每筆得分一項：- {{provider: CT-001, period: 2026-Q1, kpi: K1, score: 92}}"),
    }),
    "records-column-twice": (E, {
        "en": ('column "{column}" appears twice in the header', "keep one of them: which would count must not depend on the order of the columns"),
        "zh-Hans": ("表头中列“{column}”出现两次", "只保留一列：采用哪一列不能取决于列的先后"),
        "zh-Hant": ("表頭中欄「{column}」出現兩次", "只保留一欄：採用哪一欄不能取決於欄的先後"),
    }),
    "records-unreadable": (E, {
        "en": ("the rows from here on cannot be read: {reason}", "a value that starts with a double quote must end with one; write a quote inside a quoted value as two"),
        "zh-Hans": ("从此行起无法读取：{reason}", "以英文双引号开头的值必须以双引号结束；值内的双引号写成两个"),
        "zh-Hant": ("從此列起無法讀取：{reason}", "以英文雙引號開頭的值必須以雙引號結束；值內的雙引號寫成兩個"),
    }),
    "records-field-too-long": (E, {
        "en": ("this value is longer than {limit} characters, more than any score, name or note needs", "check the cell (a whole text pasted into one cell?); keep a long note in a document of its own and refer to it"),
        "zh-Hans": ("此单元格的值超过 {limit} 个字符，远超任何分数、名称或说明所需", "请检查该单元格（是否把整段文字粘贴进了一个单元格？）；过长的说明请另存为文件，在此注明其名称"),
        "zh-Hant": ("此儲存格的值超過 {limit} 個字元，遠超任何分數、名稱或說明所需", "請檢查該儲存格（是否把整段文字貼進了一個儲存格？）；過長的說明請另存為檔案，在此註明其名稱"),
    }),
    "records-too-many-rows": (E, {
        "en": ("the file holds more than {limit} rows; this is the first row past them", "a records file holds one procedure's scores or events for some periods: split it, e.g. by year, and assess with the files that matter"),
        "zh-Hans": ("文件超过 {limit} 行，本行为超出的第一行", "一个记录文件存放一个程序若干期的分数或事件：请拆分文件（例如按年度），评估时只列出需要的文件"),
        "zh-Hant": ("檔案超過 {limit} 列，本列為超出的第一列", "一個記錄檔存放一個程序若干期的分數或事件：請拆分檔案（例如按年度），評估時只列出需要的檔案"),
    }),
    "records-header": (E, {
        "en": ("the header row names neither a score file nor an event file: {found}", "scores: provider,provider_name,period,kpi,score; events: provider,date,event,note"),
        "zh-Hans": ("表头既不是得分文件也不是事件文件：{found}", "得分文件表头：provider,provider_name,period,kpi,score；事件文件表头：provider,date,event,note"),
        "zh-Hant": ("表頭既不是得分檔案也不是事件檔案：{found}", "得分檔案表頭：provider,provider_name,period,kpi,score；事件檔案表頭：provider,date,event,note"),
    }),
    "records-column-unknown": (W, {
        "en": ('column "{column}" is not used', "remove it, or check its name against the header the records schema gives"),
        "zh-Hans": ("列“{column}”不参与计算", "删除该列，或对照记录格式检查列名"),
        "zh-Hant": ("欄「{column}」不參與計算", "刪除該欄，或對照紀錄格式檢查欄名"),
    }),
    "records-row-width": (E, {
        "en": ("this row has {found} cells, the header {expected}", "a value with a comma in it must be in double quotes"),
        "zh-Hans": ("本行有 {found} 个单元格，表头有 {expected} 个", "含逗号的值须用英文双引号括起来"),
        "zh-Hant": ("本列有 {found} 個儲存格，表頭有 {expected} 個", "含逗號的值須用英文雙引號括起來"),
    }),
    "records-period-kind": (E, {
        "en": ('period "{period}" is not a {kind}, and {procedure} assesses by {kind}', "write it like {example}"),
        "zh-Hans": ("考核周期“{period}”不是{kind}，而 {procedure} 按{kind}考核", "写成 {example} 的形式"),
        "zh-Hant": ("考核週期「{period}」不是{kind}，而 {procedure} 按{kind}考核", "寫成 {example} 的形式"),
    }),
    "records-kpi-unknown": (E, {
        "en": ('KPI "{kpi}" is not defined in {procedure}', "defined KPIs are {defined}"),
        "zh-Hans": ("指标“{kpi}”未在 {procedure} 中定义", "已定义的指标：{defined}"),
        "zh-Hant": ("指標「{kpi}」未在 {procedure} 中定義", "已定義的指標：{defined}"),
    }),
    "records-event-unknown": (E, {
        "en": ('event "{event}" is not defined in {procedure}', "defined events are {defined}"),
        "zh-Hans": ("事件“{event}”未在 {procedure} 中定义", "已定义的事件：{defined}"),
        "zh-Hant": ("事件「{event}」未在 {procedure} 中定義", "已定義的事件：{defined}"),
    }),
    "records-duplicate": (E, {
        "en": ("{scored} is scored twice (first at {first})", "keep one row: which score counts must not depend on the order of the rows"),
        "zh-Hans": ("{scored} 重复评分（首次在 {first}）", "只保留一行：采用哪个得分不能取决于行的先后"),
        "zh-Hant": ("{scored} 重複評分（首次在 {first}）", "只保留一列：採用哪個得分不能取決於列的先後"),
    }),
    "records-kpi-missing": (E, {
        "en": ("{provider} has no valid score for {missing} in {period}", "every KPI needs a score in every period; add the rows"),
        "zh-Hans": ("{provider} 在 {period} 缺少指标 {missing} 的有效得分", "每个考核周期每项指标都要有得分，请补上这些行"),
        "zh-Hant": ("{provider} 在 {period} 缺少指標 {missing} 的有效得分", "每個考核週期每項指標都要有得分，請補上這些列"),
    }),
    "records-provider-name": (W, {
        "en": ('{provider} is named "{name}" here but "{first}" at {where}', "write the same full name on every row of a provider"),
        "zh-Hans": ("{provider} 在此名为“{name}”，在 {where} 名为“{first}”", "同一供应商各行写相同的全称"),
        "zh-Hant": ("{provider} 在此名為「{name}」，在 {where} 名為「{first}」", "同一供應商各列寫相同的全稱"),
    }),
    "records-event-twice": (W, {
        "en": ("the same event is recorded twice (first at {first}); both are counted", "delete one row if it was entered twice"),
        "zh-Hans": ("同一事件记录了两次（首次在 {first}），两次都计数", "如果是重复录入，删除其中一行"),
        "zh-Hant": ("同一事件紀錄了兩次（首次在 {first}），兩次都計數", "如果是重複登錄，刪除其中一列"),
    }),
    "records-event-unassessed": (W, {
        "en": ("the event of {provider} on {date} falls in {period}, which has no scores for {provider}", "it counts only where a condition's window reaches back to it; add the scores of {period} or check the provider and date"),
        "zh-Hans": ("{provider} 在 {date} 的事件属于 {period}，而该周期没有 {provider} 的得分", "只有统计范围覆盖该周期的条件才计入它；请补上 {period} 的得分，或检查供应商和日期"),
        "zh-Hant": ("{provider} 在 {date} 的事件屬於 {period}，而該週期沒有 {provider} 的得分", "只有統計範圍涵蓋該週期的條件才計入它；請補上 {period} 的得分，或檢查供應商和日期"),
    }),
    "records-no-scores": (E, {
        "en": ("the records hold no scores", "name a score file (provider,provider_name,period,kpi,score) as well as the event file"),
        "zh-Hans": ("记录中没有得分", "除事件文件外，还要指定得分文件（provider,provider_name,period,kpi,score）"),
        "zh-Hant": ("紀錄中沒有得分", "除事件檔案外，還要指定得分檔案（provider,provider_name,period,kpi,score）"),
    }),
}

# Words used inside messages.
WORDS: dict[str, dict[str, str]] = {
    "en": {"string": "text", "number": "a number", "integer": "a whole number", "boolean": "true/false",
           "overflow-page": "the text area of the page", "overflow-cell": "its table cell", "overflow-clip": "a box that clips it", "overflow-margin": "its header or footer box", "overflow-image": "the edge of its image",
           "unreadable-hidden": "is set invisible (visibility: hidden)", "unreadable-small": "is drawn {0} pt high, under 5 pt",
           "unreadable-faint": "stands out from what is behind it by a contrast of only {0}:1 (its colour, transparency or opacity)",
           "unreadable-covered": "is covered by a box painted over it",
           "unreadable-image": "is covered by an image or gradient painted over it",
           "unreadable-border": "is covered by a border, outline or column rule painted over it",
           "unreadable-overprinted": "is printed over the text \"{0}\"",
           "unreadable-crowded": "is drawn with its characters on top of one another (letter-spacing or word-spacing)",
           "object": "a mapping (key: value lines)", "array": "a list (- item lines)", "null": "empty",
           "date": "date (YYYY-MM-DD)", ">=": "at least", "<=": "at most", ">": "above", "<": "below",
           "sep": ", ", "or": " or ", "e.g.": "e.g. {0}", "due-today": "that is today", "days-left": "in {0:day|days}", "another-document": "a second document (---) follows the first; a file holds one document", "undefined-alias": "alias *{0} names no anchor &{0}", "guess": " (it looks like GBK/GB18030, as saved by a Chinese Windows editor)", "guess-utf16": " (it is UTF-16, which Windows Notepad calls Unicode)", "encoding-unknown": "ENCODING", "file-yaml-csv": "a YAML or CSV file", "file-template": "a template",
           "document root": "the top of the document", "did you mean": 'did you mean "{0}"? ',
           "successor": ": {0}", "choice": "{0} ({1})", "hint": "hint: ", "none": "none", "changed": "changed", "added": "added", "removed": "removed", "working tree": "working tree", "release refused": "release refused: {errors:reason|reasons}", "file-untracked": "new, not in git", "file-deleted": "deleted", "file-renamed": "renamed", "file-copied": "copied",
           "within-workspace": "the workspace", "name-bytes": "bytes that are not UTF-8", "within-templates": "the templates folder", "git-missing": "git is not installed", "special-file": "it is not a regular file but a FIFO, device or socket",
           "os-gone": "it does not exist any more (removed or renamed while qmtool was running)", "os-denied": "permission denied", "os-folder": "it is a folder, not a file", "os-not-folder": "a part of its path is a file, not a folder", "os-loop": "too many symbolic links on its path (a loop)", "os-invalid": "the system refuses to read it (invalid argument: a special file system such as /proc or /sys)", "os-io": "an input/output error: the disk or network share failed", "os-name-too-long": "its name or path is too long for the system", "os-other": "the system refuses to read it ({0})",
           "verify-line": "{0}: {1}", "shape-extra": "release writes no such key", "shape-missing": "release always writes this key, and it is not there", "shape-value": "release never writes such a value there", "shape-twice": "a second record of {0}: release records each document once", "shape-source": "release names a source as procedures/…/name.yaml: relative, parts joined by /, none of them empty, . or .., no backslash", "shape-path": "release names a file relative to the release, parts joined by /, none of them empty, . or .., no backslash", "shape-pdf": "release puts this document's PDF at {0}", "shape-key-twice": "this key is written more than once: release writes each key once, and readers differ on which value counts", "verify-not-regular": "not a regular file: a FIFO, device, socket or folder", "verify-differs": "differs", "verify-missing": "missing",
           "verify-unlisted": "not listed", "verify-ok": "{0}: no differences found: every file matches MANIFEST.sha256 and release.json, and every PDF embeds the sources release.json records",
           "verify-committed": "{0}: the sources recorded and embedded are the files of commit {1} in {2}",
           "verify-not-reached": "{0}: commit {1} was not checked ({2}): this shows only that the files agree with their manifest and record, not that they are what was committed",
           "verify-unsigned": "{0}: the release is not signed, and only a signature proves who made it", "verify-name": "{0}: the release's name in release.json, {1}, is as its writer put it: no source or signature holds it, and a copied release may be named otherwise (this folder is named {2}), so nothing can check it", "verify-tools": "{0}: the qmtool, WeasyPrint and font versions in release.json are as its writer put them: nothing can check them",
           "recorded-source": "the source release.json records", "embedded-too-many": "it embeds more files than the release has sources",
           "commit-unnamed": "release.json names no commit", "commit-no-repository": "the release is not inside a git repository; name the workspace with --repo",
           "commit-not-repository": "{0} is not in a git repository", "commit-absent": "the repository {0} does not hold it",
           "commit-no-workspace": "no folder of it holding procedures/ is the release's workspace; name the workspace with --repo", "git-said": "git: {0}",
           "embedded": "embedded {0}",
           "verify-signed": "{0}: {1:PDF|PDFs} signed by {2}", "verify-unchecked": " (no --trust given: not checked against a certificate you trust)",
           "signature-none": "has no signature", "signature-broken": "signature does not match the file",
           "signature-changed": "the file was changed after it was signed",
           "signature-untrusted": "signed by a certificate that is not trusted",
           "pdf-unreadable": "cannot be read as a PDF", "signature-invalid": "its signature cannot be validated",
           "up to date": "nothing to do: {outputs:output is|outputs are} up to date",
           "summary": "{errors:error|errors}, {warnings:warning|warnings} in {documents:document|documents}",
           "clean": "{documents:document|documents} checked, no problems",
           "summary-records": "{errors:error|errors}, {warnings:warning|warnings} in {documents:records file|records files}",
           "clean-records": "{documents:records file|records files} checked, no problems",
           "prepared": "prepared", "reviewed": "reviewed", "approved": "approved",
           "prepare": "prepare", "deliver": "deliver", "review": "review",
           "period-month": "month", "period-quarter": "quarter", "period-half-year": "half-year", "period-year": "year",
           "serve-no-file": "{0}: no such file in the workspace", "serve-no-document": "{0}: no such document in the workspace", "serve-not-found": "not found", "serve-host": "qmtool serve answers only to 127.0.0.1 and localhost", "serve-request": "qmtool serve cannot answer this request (HTTP {0}): it answers GET and HEAD requests of HTTP/1.0 and 1.1 for the preview's pages",
           "scaffold-not-empty": "{path} is not an empty folder; qmtool init writes only into a new or empty one", "scaffold-one-line": "the {what} must be text on one line, without control characters", "scaffold-character": "the {what} holds {char}, which no document may hold: it is invisible or a control character, and would make the PDF differ from what the file seems to say; remove it", "scaffold-not-text": "the {what} is not valid text: it holds bytes that are not UTF-8", "scaffold-title": "title", "scaffold-organization": "organisation's name", "scaffold-not-id": "{id} is not a procedure number; write it like QP-07", "scaffold-not-name": "{name} is not a file name part; use lower-case letters, digits and hyphens", "scaffold-no-manual": "{folder} has no readable manual (kind: manual); run qmtool init first", "scaffold-taken": "{id} is already used by {path}", "scaffold-exists": "{path} exists", "scaffold-frozen": "{path} is inside the release {release}, which is frozen: no command writes into a release",
           "quoted": "{0}", "sandbox-too-large": "{0} would be larger than the sandbox allows ({1})",
           "limit-items": "{0} characters or items", "limit-characters": "{0} characters", "limit-bits": "{0} bits",
           "sandbox-page-text": "the text this template writes", "sandbox-printing": "printing {0}",
           "sandbox-field": "the field {{{0}}} = {1}", "sandbox-format-spec": "the format specification {0}",
           "sandbox-format": "the format {0}", "sandbox-more-items": "{0} of more than {1} items", "sandbox-call": "the call",
           "value-integer": "an integer of {0} bits", "value-items": "a {0} of {1} items", "value-object": "a {0}",
           "template-outside": "{0} leads outside the template folder {1}",
           "render-process-died": "the process rendering the template died",
           "render-memory": "MemoryError: the page needs more memory than a rendering process may hold",
           "worker-died": "the worker process rendering it died", "worker-not-started": "the worker process did not start",
           "waiting-build": "qmtool: waiting for another build of this folder ({0}) to finish",
           "init-next": "next: cd {0} && qmtool validate && qmtool build", "serving": "serving {0} (Ctrl-C stops)",
           **{f"status-{status}": status for status in
              ("draft", "review", "approved", "effective", "superseded", "obsolete")}},
    "zh-Hans": {"string": "文本", "number": "数字", "integer": "整数", "boolean": "是/否（true/false）",
                "overflow-page": "页面版心", "overflow-cell": "所在的表格单元格", "overflow-clip": "裁切它的框", "overflow-margin": "页眉或页脚区域", "overflow-image": "所在图片的边界",
                "unreadable-hidden": "被设为不可见（visibility: hidden）", "unreadable-small": "只有{0}磅高，小于5磅",
                "unreadable-faint": "与其下方内容的对比度只有{0}:1（因颜色、透明度或不透明度）",
                "unreadable-covered": "被绘制在其上的色块遮住",
                "unreadable-image": "被绘制在其上的图片或渐变遮住",
                "unreadable-border": "被绘制在其上的边框、轮廓线或分栏线遮住",
                "unreadable-overprinted": "与文字“{0}”叠印在一起",
                "unreadable-crowded": "字符相互重叠（letter-spacing 或 word-spacing）",
                "object": "键值映射（key: value）", "array": "列表（- 条目）", "null": "空值",
                "date": "日期（YYYY-MM-DD）", ">=": "不小于", "<=": "不大于", ">": "大于", "<": "小于",
                "sep": "、", "or": "或", "e.g.": "例如 {0}", "due-today": "就是今天", "days-left": "还有 {0} 天", "another-document": "第一份文档之后又有一份（---）；一个文件只能写一份文档", "undefined-alias": "别名 *{0} 没有对应的锚点 &{0}", "guess": "（看起来是 GBK/GB18030 编码，Windows 中文编辑器常见）", "guess-utf16": "（这是 UTF-16 编码，Windows 记事本称之为 Unicode）", "encoding-unknown": "原编码", "file-yaml-csv": "YAML和CSV文件", "file-template": "模板",
                "document root": "文件顶层", "did you mean": "是否应为“{0}”？", "successor": "：{0}", "choice": "{0}（{1}）", "hint": "提示：", "none": "无", "changed": "修改", "added": "新增", "removed": "删除", "working tree": "工作区当前内容", "release refused": "拒绝发布：{errors} 个原因", "file-untracked": "新文件，未纳入 git", "file-deleted": "已删除", "file-renamed": "已改名", "file-copied": "已复制", "within-workspace": "工作区", "name-bytes": "非 UTF-8 编码的字节", "within-templates": "模板目录", "git-missing": "未安装 git", "special-file": "它不是普通文件，而是管道、设备或套接字", "verify-line": "{0}：{1}", "shape-extra": "发布时不写入此键", "shape-missing": "发布时总会写入此键，但这里没有", "shape-value": "发布时不会在此写入这样的值", "shape-twice": "{0} 的第二条记录：发布时每份文件只记录一次", "shape-source": "发布时源文件写作 procedures/…/文件名.yaml：相对路径，以 / 分隔，不含空段、. 或 ..，不含反斜杠", "shape-path": "发布时文件写作相对于发布目录的路径，以 / 分隔，不含空段、. 或 ..，不含反斜杠", "shape-pdf": "发布时本文件的PDF文件位于 {0}", "shape-key-twice": "此键重复出现：发布时每个键只写入一次，而不同的读取程序取值不同", "verify-not-regular": "不是普通文件，而是管道、设备、套接字或目录", "verify-differs": "与发布时不一致", "verify-missing": "缺失", "verify-unlisted": "未列入清单", "verify-ok": "{0}：核对无误：各文件与 MANIFEST.sha256 和 release.json 相符，各PDF文件内嵌的源文件与 release.json 的记录相符", "verify-committed": "{0}：记录及内嵌的源文件均为 {2} 中提交 {1} 的文件", "verify-not-reached": "{0}：未能核对提交 {1}（{2}）；以上只能证明文件与清单和发布记录相符，不能证明其为已提交的内容", "verify-unsigned": "{0}：本发布版本未经电子签名，只有签名才能证明发布者身份", "verify-name": "{0}：release.json 中记载的发布版本名称 {1} 由发布者自行填写，任何源文件或签名均未载有该名称，发布版本的副本也可另行命名（本文件夹名为 {2}），因此无法核对", "verify-tools": "{0}：release.json 中记载的 qmtool、WeasyPrint 及字体版本由发布者自行填写，无法核对", "recorded-source": "release.json 记录的源文件", "embedded-too-many": "内嵌的文件多于本发布的源文件", "commit-unnamed": "release.json 未记载提交", "commit-no-repository": "发布不在 git 仓库内，请用 --repo 指定工作区", "commit-not-repository": "{0} 不在 git 仓库内", "commit-absent": "仓库 {0} 中没有该提交", "commit-no-workspace": "无法确定该提交中哪个目录是本发布的工作区，请用 --repo 指定", "git-said": "git：{0}", "embedded": "内嵌的{0}", "verify-signed": "{0}：{1}份PDF文件由{2}签名", "verify-unchecked": "（未给出 --trust，未对照您信任的证书核验）", "signature-none": "没有签名", "signature-broken": "签名与文件不符", "signature-changed": "签名后文件被修改过", "signature-untrusted": "签名证书不在信任之列", "pdf-unreadable": "无法作为PDF文件读取", "signature-invalid": "签名无法验证", "up to date": "无需重建：{outputs} 个输出文件均为最新",
           "os-gone": "文件已不存在（可能在 qmtool 运行期间被删除或改名）", "os-denied": "没有访问权限", "os-folder": "它是目录，不是文件", "os-not-folder": "路径中有一部分是文件而不是目录", "os-loop": "路径中符号链接过多（形成循环）", "os-invalid": "系统拒绝读取（参数无效，可能是 /proc、/sys 等特殊文件系统）", "os-io": "输入输出错误：磁盘或网络共享出现故障", "os-name-too-long": "文件名或路径过长，系统无法处理", "os-other": "系统拒绝读取（{0}）",
                "summary": "{documents} 份文件：{errors} 个错误，{warnings} 个警告",
                "clean": "已检查 {documents} 份文件，未发现问题",
                "summary-records": "{documents} 个记录文件：{errors} 个错误，{warnings} 个警告",
                "clean-records": "已检查 {documents} 个记录文件，未发现问题",
                "prepared": "编制（prepared）", "reviewed": "审核（reviewed）", "approved": "批准（approved）",
                "prepare": "准备（prepare）", "deliver": "实施（deliver）", "review": "评价（review）",
                "period-month": "月度", "period-quarter": "季度", "period-half-year": "半年度", "period-year": "年度",
                "serve-no-file": "{0}：工作区中没有此文件", "serve-no-document": "{0}：工作区中没有此文件编号", "serve-not-found": "未找到该页面", "serve-host": "qmtool serve 只响应 127.0.0.1 和 localhost 的访问", "serve-request": "qmtool serve 无法处理此请求（HTTP {0}）：仅响应 HTTP/1.0 和 1.1 对预览页面的 GET 和 HEAD 请求",
                "scaffold-not-empty": "{path} 不是空目录；qmtool init 只写入新目录或空目录", "scaffold-one-line": "{what}必须是一行文字，且不含控制字符", "scaffold-character": "{what}中含有 {char}，文件中不允许使用该字符：它不可见或是控制字符，会使PDF与文件表面所写不一致，请删除", "scaffold-not-text": "{what}不是有效的文字：含有非 UTF-8 的字节", "scaffold-title": "标题", "scaffold-organization": "单位名称", "scaffold-not-id": "{id} 不是程序文件编号，应写成 QP-07 这样的形式", "scaffold-not-name": "{name} 不能用作文件名的一部分，只能使用小写字母、数字和连字符", "scaffold-no-manual": "{folder} 中没有可读取的质量手册（kind: manual），请先运行 qmtool init", "scaffold-taken": "{id} 已被 {path} 使用", "scaffold-exists": "{path} 已存在", "scaffold-frozen": "{path} 位于发布版本 {release} 之内，该版本已冻结：任何命令都不得写入已发布的版本",
                "quoted": "“{0}”", "sandbox-too-large": "{0} 的结果超出沙箱允许的大小（{1}）",
                "limit-items": "{0} 个字符或元素", "limit-characters": "{0} 个字符", "limit-bits": "{0} 位",
                "sandbox-page-text": "本模板输出的文字", "sandbox-printing": "输出 {0}",
                "sandbox-field": "字段 {{{0}}} = {1}", "sandbox-format-spec": "格式说明 {0}",
                "sandbox-format": "格式 {0}", "sandbox-more-items": "对超过 {1} 个元素执行 {0}", "sandbox-call": "该调用",
                "value-integer": "{0} 位的整数", "value-items": "含 {1} 个元素的 {0}", "value-object": "{0} 对象",
                "template-outside": "{0} 指向模板目录 {1} 之外",
                "render-process-died": "渲染模板的进程意外终止",
                "render-memory": "MemoryError：页面所需内存超出渲染进程的上限",
                "worker-died": "排版该文件的工作进程意外终止", "worker-not-started": "工作进程未能启动",
                "waiting-build": "qmtool：另一次构建正在写入此目录（{0}），等待其完成",
                "init-next": "下一步：cd {0} && qmtool validate && qmtool build", "serving": "预览地址：{0}（按 Ctrl-C 停止）",
                "status-draft": "草稿（draft）", "status-review": "审核中（review）", "status-approved": "已批准（approved）",
                "status-effective": "现行有效（effective）", "status-superseded": "已被替代（superseded）",
                "status-obsolete": "已作废（obsolete）"},
    "zh-Hant": {"string": "文字", "number": "數字", "integer": "整數", "boolean": "是/否（true/false）",
                "overflow-page": "頁面版心", "overflow-cell": "所在的表格儲存格", "overflow-clip": "裁切它的框", "overflow-margin": "頁首或頁尾區域", "overflow-image": "所在圖片的邊界",
                "unreadable-hidden": "被設為不可見（visibility: hidden）", "unreadable-small": "只有{0}點高，小於5點",
                "unreadable-faint": "與其下方內容的對比度只有{0}:1（因顏色、透明度或不透明度）",
                "unreadable-covered": "被繪製在其上的色塊遮住",
                "unreadable-image": "被繪製在其上的圖片或漸層遮住",
                "unreadable-border": "被繪製在其上的框線、外框線或分欄線遮住",
                "unreadable-overprinted": "與文字「{0}」疊印在一起",
                "unreadable-crowded": "字元相互重疊（letter-spacing 或 word-spacing）",
                "object": "鍵值對應（key: value）", "array": "清單（- 項目）", "null": "空值",
                "date": "日期（YYYY-MM-DD）", ">=": "不小於", "<=": "不大於", ">": "大於", "<": "小於",
                "sep": "、", "or": "或", "e.g.": "例如 {0}", "due-today": "就是今天", "days-left": "還有 {0} 天", "another-document": "第一份文件之後又有一份（---）；一個檔案只能寫一份文件", "undefined-alias": "別名 *{0} 沒有對應的錨點 &{0}", "guess": "（看起來是 GBK/GB18030 編碼，Windows 中文編輯器常見）", "guess-utf16": "（這是 UTF-16 編碼，Windows 記事本稱之為 Unicode）", "encoding-unknown": "原編碼", "file-yaml-csv": "YAML和CSV檔案", "file-template": "範本",
                "document root": "檔案頂層", "did you mean": "是否應為「{0}」？", "successor": "：{0}", "choice": "{0}（{1}）", "hint": "提示：", "none": "無", "changed": "修改", "added": "新增", "removed": "刪除", "working tree": "工作區目前內容", "release refused": "拒絕發布：{errors} 個原因", "file-untracked": "新檔案，未納入 git", "file-deleted": "已刪除", "file-renamed": "已改名", "file-copied": "已複製", "within-workspace": "工作區", "name-bytes": "非 UTF-8 編碼的位元組", "within-templates": "範本目錄", "git-missing": "未安裝 git", "special-file": "它不是一般檔案，而是管道、裝置或通訊端", "verify-line": "{0}：{1}", "shape-extra": "發布時不寫入此鍵", "shape-missing": "發布時總會寫入此鍵，但這裡沒有", "shape-value": "發布時不會在此寫入這樣的值", "shape-twice": "{0} 的第二筆紀錄：發布時每份檔案只紀錄一次", "shape-source": "發布時原始檔寫作 procedures/…/檔名.yaml：相對路徑，以 / 分隔，不含空段、. 或 ..，不含反斜線", "shape-path": "發布時檔案寫作相對於發布目錄的路徑，以 / 分隔，不含空段、. 或 ..，不含反斜線", "shape-pdf": "發布時本檔案的PDF檔案位於 {0}", "shape-key-twice": "此鍵重複出現：發布時每個鍵只寫入一次，而不同的讀取程式取值不同", "verify-not-regular": "不是一般檔案，而是管道、裝置、通訊端或目錄", "verify-differs": "與發布時不一致", "verify-missing": "缺失", "verify-unlisted": "未列入清單", "verify-ok": "{0}：核對無誤：各檔案與 MANIFEST.sha256 和 release.json 相符，各PDF檔案內嵌的原始檔與 release.json 的紀錄相符", "verify-committed": "{0}：紀錄及內嵌的原始檔均為 {2} 中提交 {1} 的檔案", "verify-not-reached": "{0}：未能核對提交 {1}（{2}）；以上只能證明檔案與清單和發布紀錄相符，不能證明其為已提交的內容", "verify-unsigned": "{0}：本發布版本未經電子簽章，只有簽章才能證明發布者身分", "verify-name": "{0}：release.json 中記載的發布版本名稱 {1} 由發布者自行填寫，任何原始檔或簽章均未載有該名稱，發布版本的副本也可另行命名（本資料夾名為 {2}），因此無法核對", "verify-tools": "{0}：release.json 中記載的 qmtool、WeasyPrint 及字型版本由發布者自行填寫，無法核對", "recorded-source": "release.json 紀錄的原始檔", "embedded-too-many": "內嵌的檔案多於本發布的原始檔", "commit-unnamed": "release.json 未記載提交", "commit-no-repository": "發布不在 git 儲存庫內，請用 --repo 指定工作區", "commit-not-repository": "{0} 不在 git 儲存庫內", "commit-absent": "儲存庫 {0} 中沒有該提交", "commit-no-workspace": "無法確定該提交中哪個目錄是本發布的工作區，請用 --repo 指定", "git-said": "git：{0}", "embedded": "內嵌的{0}", "verify-signed": "{0}：{1}份PDF檔案由{2}簽章", "verify-unchecked": "（未給出 --trust，未對照您信任的憑證核驗）", "signature-none": "沒有簽章", "signature-broken": "簽章與檔案不符", "signature-changed": "簽章後檔案被修改過", "signature-untrusted": "簽章憑證不在信任之列", "pdf-unreadable": "無法作為PDF檔案讀取", "signature-invalid": "簽章無法驗證", "up to date": "無需重建：{outputs} 個輸出檔案均為最新",
           "os-gone": "檔案已不存在（可能在 qmtool 執行期間被刪除或改名）", "os-denied": "沒有存取權限", "os-folder": "它是目錄，不是檔案", "os-not-folder": "路徑中有一部分是檔案而不是目錄", "os-loop": "路徑中符號連結過多（形成迴圈）", "os-invalid": "系統拒絕讀取（參數無效，可能是 /proc、/sys 等特殊檔案系統）", "os-io": "輸入輸出錯誤：磁碟或網路共用出現故障", "os-name-too-long": "檔名或路徑過長，系統無法處理", "os-other": "系統拒絕讀取（{0}）",
                "summary": "{documents} 份文件：{errors} 個錯誤，{warnings} 個警告",
                "clean": "已檢查 {documents} 份文件，未發現問題",
                "summary-records": "{documents} 個紀錄檔案：{errors} 個錯誤，{warnings} 個警告",
                "clean-records": "已檢查 {documents} 個紀錄檔案，未發現問題",
                "prepared": "編制（prepared）", "reviewed": "審核（reviewed）", "approved": "核准（approved）",
                "prepare": "準備（prepare）", "deliver": "實施（deliver）", "review": "評價（review）",
                "period-month": "月度", "period-quarter": "季度", "period-half-year": "半年度", "period-year": "年度",
                "serve-no-file": "{0}：工作區中沒有此檔案", "serve-no-document": "{0}：工作區中沒有此文件編號", "serve-not-found": "找不到該頁面", "serve-host": "qmtool serve 只回應 127.0.0.1 和 localhost 的存取", "serve-request": "qmtool serve 無法處理此請求（HTTP {0}）：僅回應 HTTP/1.0 和 1.1 對預覽頁面的 GET 和 HEAD 請求",
                "scaffold-not-empty": "{path} 不是空目錄；qmtool init 只寫入新目錄或空目錄", "scaffold-one-line": "{what}必須是一行文字，且不含控制字元", "scaffold-character": "{what}中含有 {char}，文件中不允許使用該字元：它不可見或是控制字元，會使PDF與檔案表面所寫不一致，請刪除", "scaffold-not-text": "{what}不是有效的文字：含有非 UTF-8 的位元組", "scaffold-title": "標題", "scaffold-organization": "單位名稱", "scaffold-not-id": "{id} 不是程序文件編號，應寫成 QP-07 這樣的形式", "scaffold-not-name": "{name} 不能用作檔名的一部分，只能使用小寫字母、數字和連字號", "scaffold-no-manual": "{folder} 中沒有可讀取的品質手冊（kind: manual），請先執行 qmtool init", "scaffold-taken": "{id} 已被 {path} 使用", "scaffold-exists": "{path} 已存在", "scaffold-frozen": "{path} 位於發行版本 {release} 之內，該版本已凍結：任何命令都不得寫入已發行的版本",
                "quoted": "「{0}」", "sandbox-too-large": "{0} 的結果超出沙箱允許的大小（{1}）",
                "limit-items": "{0} 個字元或元素", "limit-characters": "{0} 個字元", "limit-bits": "{0} 位元",
                "sandbox-page-text": "本範本輸出的文字", "sandbox-printing": "輸出 {0}",
                "sandbox-field": "欄位 {{{0}}} = {1}", "sandbox-format-spec": "格式說明 {0}",
                "sandbox-format": "格式 {0}", "sandbox-more-items": "對超過 {1} 個元素執行 {0}", "sandbox-call": "該呼叫",
                "value-integer": "{0} 位元的整數", "value-items": "含 {1} 個元素的 {0}", "value-object": "{0} 物件",
                "template-outside": "{0} 指向範本目錄 {1} 之外",
                "render-process-died": "轉譯範本的程序意外終止",
                "render-memory": "MemoryError：頁面所需記憶體超出轉譯程序的上限",
                "worker-died": "排版該文件的工作程序意外終止", "worker-not-started": "工作程序未能啟動",
                "waiting-build": "qmtool：另一次建置正在寫入此目錄（{0}），等待其完成",
                "init-next": "下一步：cd {0} && qmtool validate && qmtool build", "serving": "預覽位址：{0}（按 Ctrl-C 停止）",
                "status-draft": "草稿（draft）", "status-review": "審核中（review）", "status-approved": "已核准（approved）",
                "status-effective": "現行有效（effective）", "status-superseded": "已被替代（superseded）",
                "status-obsolete": "已作廢（obsolete）"},
}
for _language, _words in YAML_WORDS.items():  # libyaml's reasons, kept apart: they are many and all alike
    WORDS[_language].update(_words)
