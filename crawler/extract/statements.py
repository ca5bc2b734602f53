"""The figures the narrative (情况说明) states → Statement.

A statement is a topic word (crawler/rules/statements.toml: 收入总计, 基本支出, a 类 name, a “三公”
item, 机关运行经费 …) followed within a few characters by an amount (``基本支出441.99万元``), with
what the same sentence says of it before the next topic: its share (``占5.60%``), its change
against last year (``比上年预算数减少3万元，下降37.50%``; ``持平``), its budget and execution in a
决算 (``年初预算为143.00万元，支出决算为143.00万元，完成年初预算的100%``). A change stated in a
sentence of its own (``比上年预算数减少6万元``) belongs to the statement before it; a topic
followed by a change and no amount (``收、支总计各减少258.51万元``) is a statement of the change
alone. A figure with nothing but its year before it (``2026年预算数181.99万元``) is of the
heading just before it (``（一）因公出国（境）费用。``). 类/款/项 named with their level marks
(``党委办公厅（室）及相关机构事务（款）行政运行（项）支出9370.12万元``) are read under the levels
named before them, in headings of their own too, and ``resolve_items`` gives them their codes.
Nothing is compared here: the rules of queries/rules/ do that; the records the text alone
states (``crawler.extract.narrative``) are read from these statements."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..codes import class_code, code_for_name, official_heads
from ..read.model import ReadDocument
from ..read.text import squash
from ..rules import rules
from .records import FunctionalExpenditure, SourceRef, Statement
from .values import three_public_item

_UNITS = {"万元": Decimal(1), "亿元": Decimal(10000), "元": Decimal("0.0001")}
_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
_AMOUNT_AFTER = None  # compiled lazily (the connector is data)
_SHARE = re.compile(r"占[^，,。；;\d%]{0,16}?" + _NUMBER + r"%")
_CHANGE = re.compile(r"(增加|减少|上升|下降|增长|降低|增|减)了?" + _NUMBER + r"(万元|亿元|元|%|个百分点)")
_FLAT = re.compile(r"持平|无增减|没有变化|无变化")
_EXECUTION = re.compile(r"完成(?:年初|全年|调整)?预算的?" + _NUMBER + "%")
_FINAL = re.compile(r"(?:支出)?决算(?:数)?为" + _NUMBER + r"(万元|亿元|元)")
_CODED = re.compile(r"([\u4e00-\u9fff]{2,24}?)[（(](2\d{2}(?:\d{2}){0,2})[）)]")  # functional codes (2xx); 301/501 are economic
_CODED_ECONOMIC = re.compile(r"([\u4e00-\u9fff]{2,24}?)[（(]([35]\d{2}(?:\d{2})?)[）)]")
# a name marked with its level (一般公共服务（类）, 党委办公厅（室）及相关机构事务（款）, 行政运行（项）)
_LEVEL_MARK = re.compile(r"([\u4e00-\u9fff]+(?:[（(]室[)）][\u4e00-\u9fff]*)?)[（(](类|款|项)[)）]")
_SENTENCE_END = "。！？!?"
_HEADING = 16  # a line shorter than this with no punctuation is a heading, not a wrapped sentence
_DIRECTION = {"增加": "increase", "上升": "increase", "增长": "increase", "增": "increase",
              "减少": "decrease", "下降": "decrease", "降低": "decrease", "减": "decrease"}


@lru_cache(maxsize=None)
def _rules() -> dict:
    return rules("statements")


@lru_cache(maxsize=None)
def _topic_words() -> list[tuple[str, str, str | None]]:
    """(word, topic, subject) for every topic word, longest first."""
    words: list[tuple[str, str, str | None]] = []
    carried_out = _rules()["carried_out"]["words"]
    for topic, names in _rules()["topics"].items():
        for n in names:
            subject = "total" if topic == "three-public" else None
            if topic == "other-use" and any(w in n for w in carried_out):
                subject = "carried-out"
            words.append((squash(n), topic, subject))
    excluded = set(_rules()["classes"]["exclude"])
    heads = official_heads()
    names = [(code, official) for code, official in heads.get("functional", {}).items() if len(code) == 3]
    names += [(code, old) for old, code in heads.get("functional-alias", {}).items()]
    for code, official in names:
        if code in excluded:
            continue
        name = official.removesuffix("支出")
        words += [(name + "支出", "functional", code), (name + "（类）支出", "functional", code),
                  (name + "支出（类）", "functional", code), (name + "（类）", "functional", code)]
    # longest first; of words as long, in the order the rules list them (never a set's order)
    return sorted(dict.fromkeys(words), key=lambda w: -len(w[0]))


@lru_cache(maxsize=None)
def _three_public_name() -> re.Pattern:
    return re.compile(_rules()["three_public_name"])


def _amount_after():
    global _AMOUNT_AFTER
    if _AMOUNT_AFTER is None:
        _AMOUNT_AFTER = re.compile(r"^(" + _rules()["connector"] + r")" + _NUMBER + r"(万元|亿元|元)")
    return _AMOUNT_AFTER


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _step(text: str, factor: Decimal) -> Decimal:
    """The last printed digit, in 万元; a printed zero (``0万元``) is exact, read as 0.00."""
    digits = text.split(".")[1] if "." in text else ""
    if _decimal(text) == 0:
        digits = digits or "00"
    return Decimal(1).scaleb(-len(digits)) * factor


@dataclass
class _Mention:
    start: int
    end: int
    topic: str
    subject: str | None
    number_at: int = -1  # where its amount starts, when one follows
    label: str | None = None  # the 类/款/项 name as printed


def _sentences(doc: ReadDocument) -> list[tuple[int, str]]:
    """(paragraph number, sentence) over the narrative, lines a PDF wrapped joined again."""
    out: list[tuple[int, str]] = []
    buffer, first = "", None
    for number, paragraph in enumerate(doc.paragraphs, start=1):
        text = squash(paragraph)
        if not text:
            continue
        if len(text) < _HEADING and not any(c in text for c in _SENTENCE_END + "，；"):
            # a heading, a table title or a caption: a sentence of its own, never the start of the next
            if buffer:
                out.append((first or number, buffer))
            out.append((number, text))
            buffer, first = "", None
            continue
        if first is None:
            first = number
        buffer += text
        while True:
            cut = min((buffer.find(c) for c in _SENTENCE_END if c in buffer), default=-1)
            if cut < 0:
                break
            out.append((first, buffer[: cut + 1]))
            buffer, first = buffer[cut + 1:], (number if buffer[cut + 1:] else None)
        if len(buffer) > 400:  # a heading or a table title without a full stop: let it go
            out.append((first, buffer))
            buffer, first = "", None
    if buffer:
        out.append((first or 0, buffer))
    # ``卫生健康支出（类）…医疗（项）。年初预算为143.00万元，支出决算为143.00万元``: the figures of
    # a 项 named in a heading of its own follow in the next sentence
    joined: list[tuple[int, str]] = []
    for paragraph, sentence in out:
        if joined and re.search(r"[（(]项[)）]。$", joined[-1][1]):
            joined[-1] = (joined[-1][0], joined[-1][1][:-1] + sentence)
        else:
            joined.append((paragraph, sentence))
    return joined


_FUND_BEFORE = re.compile(r"(一般公共|基金|国有资本|资本经营|专户|事业|经营|其他)$")
# a figure of another year or of a comparison (与2022年预算收支7034.7万元相比; 占本年支出合计的)
_COMPARED_BEFORE = re.compile(r"(?:[与较比](?:20\d{2}年度?|上年度?|上一年度?)?[^，。；\d]{0,6}|占)$")


def _general() -> dict:
    return _rules()["general"]


_CLAUSE_START = re.compile(r"[，,。；;：:、）)]")
_YEARS = re.compile(r"20\d{2}年度?|[（(]?\d+[)）.．、]|[一二三四五六七八九十]+、")


def _qualified(before: str) -> bool:
    """Whether words other than a year, the unit's name and filler stand before a general
    topic word in its clause (``苏州市交通运输局2026年会议费预算支出``: 会议费), or the sentence
    speaks of one 类/款/项 (``公共安全支出（类）检察（款）：2018年预算支出合计…``)."""
    if re.search(r"[（(][类款项][)）]", before):
        return True
    clause = _YEARS.sub("", _CLAUSE_START.split(before)[-1])
    for word in sorted(_general()["filler"], key=len, reverse=True):
        clause = clause.replace(word, "")
    # the unit's name: words up to a unit suffix (…交通运输局)
    clause = re.sub(r"^[\u4e00-\u9fff（）()]*?" + _general()["unit_suffix"].rstrip("$"), "", clause)
    return bool(re.search(r"[\u4e00-\u9fff]", clause))


_NAME_LEAD = re.compile(r"(?:(?<=[\d.])(?:万元|亿元|元))?(?:其中|包括)?")


def _level_marks(sentence: str, levels: dict[str, str]) -> list[_Mention]:
    """``党委办公厅（室）及相关机构事务（款）行政运行（项）``: the innermost 款 or 项 of each run of
    marked names, with the 类 and 款 named before it (``levels``: the latest of each, kept from
    sentence to sentence, so a heading ``（一）一般公共服务（类）`` holds for the lines under it).
    A 类 alone is a topic word of its own (``_topic_words``); a 类 that is no functional 类
    clears the levels, and where it is an economic class (商品和服务支出（类）) the 款 under it
    (公务接待费（款）, 办公费（款）) are economic items: no 三公 item, no functional row."""
    marks = list(_LEVEL_MARK.finditer(sentence))
    found: list[_Mention] = []
    run_start = None
    for i, m in enumerate(marks):
        # a name begins after the unit of an amount before it (公用经费1,131.92万元商品和服务支出（类）)
        lead = _NAME_LEAD.match(sentence, m.start()).end() - m.start()
        name, level = m.group(1)[lead:], m.group(2)
        run_start = m.start() + lead if run_start is None else run_start
        if level == "类":
            levels.clear()
            if (economic := _economic_class(name)) is not None:
                levels["economic"] = economic
            elif class_code(name) or code_for_name(name, None, 3):
                levels["类"] = name
        elif level == "款":
            levels["款"] = name
        innermost = i + 1 == len(marks) or marks[i + 1].start() != m.end()
        if innermost:
            if "economic" in levels:
                subject = levels["economic"] if level == "类" else None
                found.append(_Mention(run_start, m.end(), "economic", subject, label=name))
            elif level != "类":
                subject = "/".join((levels.get("类", ""), levels.get("款", "") if level == "项" else name, name if level == "项" else ""))
                found.append(_Mention(run_start, m.end(), "functional-item", subject, label=name))
            run_start = None
    return found


def _economic_class(name: str) -> str | None:
    """The code of an economic class named without its code (商品和服务支出, 工资福利支出)."""
    classes = {official.removesuffix("支出"): code for code, official in official_heads().get("economic", {}).items()}
    return classes.get(name.removesuffix("支出"))


def _mentions(sentence: str, levels: dict[str, str] | None = None) -> list[_Mention]:
    taken = [False] * len(sentence)
    found: list[_Mention] = []
    procurement = "政府采购" in sentence

    def take(mention: _Mention) -> None:
        for i in range(mention.start, mention.end):
            taken[i] = True
        found.append(mention)

    for m in _CODED_ECONOMIC.finditer(sentence):  # 工资福利支出（301）: an item of its own, no rule's topic
        take(_Mention(m.start(), m.end(), "economic", m.group(2)))
    for m in _CODED.finditer(sentence):  # 行政运行（2010301）: a code the text prints
        take(_Mention(m.start(), m.end(), "functional", m.group(2), label=m.group(1)))
    for mention in _level_marks(sentence, {} if levels is None else levels):  # before any 类 word alone
        if not any(taken[mention.start:mention.end]):
            take(mention)
    for m in _three_public_name().finditer(sentence):  # 公务接待费, 因公出国（境）费用 …
        item = three_public_item(m.group(0))
        if item and not any(taken[m.start():m.end()]):
            take(_Mention(m.start(), m.end(), "three-public", item))
    for word, topic, subject in _topic_words():
        if topic.startswith("procurement-") and not procurement and not word.startswith("政府采购"):
            continue
        start = sentence.find(word)
        while start >= 0:
            end = start + len(word)
            before = sentence[max(0, start - 10): start]
            if topic in ("income-total", "expenditure-total") and _FUND_BEFORE.search(before):
                pass  # 一般公共预算收入 is an income item, not the income total
            elif topic in _general()["topics"] and _qualified(sentence[:start]):
                pass  # 会议费预算支出: another figure than the document's 预算支出
            elif _COMPARED_BEFORE.search(before) and not _COMPARED_BEFORE.search(before).group(0).startswith("与上年相比"):
                for i in range(start, end):
                    taken[i] = True  # the figure compared with, read as previous_amount
            elif not any(taken[start:end]):
                label = re.split(r"[（(]类[)）]", word)[0] if topic == "functional" else None
                take(_Mention(start, end, topic, subject, label=label))
            start = sentence.find(word, end)
    return sorted(found, key=lambda m: m.start)


def _basis(text: str) -> str | None:
    for basis, words in _rules()["basis"].items():
        if any(w in text for w in words):
            return basis
    return None


def _read_change(statement: Statement, text: str) -> None:
    for m in _CHANGE.finditer(text):
        direction = _DIRECTION[m.group(1)]
        unit = m.group(3)
        if unit in _UNITS and statement.change_amount is None:
            statement.change, statement.change_amount = direction, _decimal(m.group(2)) * _UNITS[unit]
        elif unit == "%" and statement.change_rate is None:
            statement.rate_change, statement.change_rate = direction, _decimal(m.group(2))
            statement.rate_step = _step(m.group(2), Decimal(1))
    if statement.change is None and _FLAT.search(text):
        statement.change = "flat"
    if statement.change or statement.change_rate is not None:
        statement.basis = statement.basis or _basis(text) or "last-year"


def _split_budget_final(statement: Statement, connector: str, after: str, final: bool) -> None:
    """In a 决算, ``预算为X万元，支出决算为Y万元``: X is the budget, Y the amount."""
    if not final or "预算" not in connector:
        return
    m = _FINAL.search(after)
    if m:
        statement.budget_amount = statement.amount
        statement.amount = _decimal(m.group(1)) * _UNITS[m.group(2)]
        statement.step = _step(m.group(1), _UNITS[m.group(2)])
    elif "决算" not in connector:
        statement.budget_amount, statement.amount = statement.amount, None


_OF_WHICH_START = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）.．、])*其中")
_CONTINUES = re.compile(r"^[，,]?(?:(?:比|较|与|同比|相比|和)(?:上年|上一年|20\d{2}年|去年)|(?:决算数?|支出决算)?(?:与|比|较)(?:年初|全年)?预算)")
_SENTENCE_YEAR = re.compile(r"^[^，。；\d与较比]{0,12}?(20\d{2})年")
_PREVIOUS = re.compile(r"(?:较|比|与)(?:20\d{2}年度?|上年度?|上一年度?)(?:(?!增|减|升|降|持平)[^，。；\d]){0,8}?" + _NUMBER + r"(万元|亿元|元)")


def statements(doc: ReadDocument, phase: str | None = None) -> list[Statement]:
    """Every figure the narrative states, in reading order."""
    out: list[Statement] = []
    final = phase == "final"
    change_words = _rules()["change_words"]
    year, year_paragraph = None, None
    under_project = False
    levels: dict[str, str] = {}  # the 类 and 款 named last (a heading holds for the lines under it)
    heading: _Mention | None = None  # what the sentence before names, where it is a heading naming one thing
    for paragraph, sentence in _sentences(doc):
        all_mentions = _mentions(sentence, levels)
        # the year a sentence names at its start holds for the rest of its paragraph
        if (m := _SENTENCE_YEAR.match(sentence)) is not None:
            year, year_paragraph = int(m.group(1)), paragraph
        elif paragraph != year_paragraph:
            year = None
        if heading is not None and (named := _named_by_heading(sentence, heading)) is not None:
            all_mentions.insert(0, named)
        heading = _heading(sentence, all_mentions)
        made: list[Statement] = []
        # a topic word between another topic and its amount is part of the connector
        # (机关运行经费支出预算19.20万元: one figure, of 机关运行经费)
        mentions: list[_Mention] = []
        for mention in all_mentions:
            if mentions and mention.start < mentions[-1].number_at:
                continue
            m = _amount_after().match(sentence[mention.end:])
            mention.number_at = mention.end + m.start(2) if m else -1
            mentions.append(mention)
        if _OF_WHICH_START.match(sentence) and out and out[-1].topic == "project":
            under_project = True  # 项目支出…。其中：1.事业单位经营支出…: parts of the project figure
        elif mentions and not all(m.topic == "other-use" for m in mentions):
            under_project = False
        # 一般公共预算财政拨款支出…。其中：基本支出…: the split of the 一般公共预算 figure
        under_general_budget = bool(_OF_WHICH_START.match(sentence) and out and out[-1].topic == "general-budget-expenditure")
        source = SourceRef(None, paragraph, "narrative", page=_page(doc, paragraph))
        for i, mention in enumerate(mentions):
            # the split of a 一般公共预算 figure is its own (其中：基本支出…, 项目支出…)
            if mention.topic in ("basic", "project") and (under_general_budget or any(m.topic == "general-budget-expenditure" for m in mentions[:i])):
                mention.topic = f"general-budget-{mention.topic}"
            if mention.topic == "other-use" and (under_project or any(m.topic == "project" and "其中" in sentence[m.end:mention.start] for m in mentions[:i])):
                mention.topic = "project-part"
            limit = mentions[i + 1].start if i + 1 < len(mentions) else len(sentence)
            after = sentence[mention.end: limit]
            m = _amount_after().match(sentence[mention.end:])
            quote = sentence[max(0, mention.start - 10): limit][:200]
            statement = Statement(mention.topic, quote, source, subject=mention.subject, year=year, label=mention.label)
            if m and not any(w in m.group(1) for w in change_words) and m.end() <= len(after) + 20:
                factor = _UNITS[m.group(3)]
                statement.amount, statement.step = _decimal(m.group(2)) * factor, _step(m.group(2), factor)
                rest = sentence[mention.end + m.end(): limit]
                _split_budget_final(statement, m.group(1), rest, final)
                if share := _SHARE.search(rest):
                    statement.share, statement.share_step = _decimal(share.group(1)), _step(share.group(1), Decimal(1))
                if execution := _EXECUTION.search(rest):
                    statement.execution_rate = _decimal(execution.group(1))
                if previous := _PREVIOUS.search(rest):
                    statement.previous_amount = _decimal(previous.group(1)) * _UNITS[previous.group(2)]
                _read_change(statement, rest)
            else:
                _read_change(statement, after)
                if statement.change is None and statement.change_rate is None:
                    continue
            made.append(statement)
        # a sentence of its own that continues the last figure: 比上年预算数减少6万元…
        if not mentions and out and _CONTINUES.match(sentence) and (_CHANGE.search(sentence) or _FLAT.search(sentence)):
            last = out[-1]
            if last.change is None and last.change_rate is None and last.source.row is not None and paragraph - last.source.row <= 2:
                _read_change(last, sentence)
        for statement in made:
            if statement.amount is None and _merged_into_earlier(statement, out):
                continue
            if statement.topic == "grand-totals":
                for topic in ("income-grand-total", "expenditure-grand-total"):
                    out.append(Statement(**{**statement.__dict__, "topic": topic}))
            else:
                out.append(statement)
    _income_items(out, doc)
    return out


def _page(doc: ReadDocument, paragraph: int) -> int | None:
    pages = doc.paragraph_pages
    return pages[paragraph - 1] if 0 < paragraph <= len(pages) else None


_AMOUNT = re.compile(_NUMBER + r"(万元|亿元|元)")
_NUMBERING_END = re.compile(r"[\d)）.．、:：]")


def _heading(sentence: str, mentions: list[_Mention]) -> _Mention | None:
    """What a sentence names where it is a heading of one thing and states no amount:
    ``（一）因公出国（境）费用。``, ``（三）公务用车购置和运行维护费。``"""
    if len(sentence) > 30 or _AMOUNT.search(sentence) or not mentions:
        return None
    if len({(m.topic, m.subject) for m in mentions}) != 1 or mentions[0].topic in ("functional-item",):
        return None
    return mentions[0]


def _named_by_heading(sentence: str, heading: _Mention) -> _Mention | None:
    """``2026年预算数181.99万元``: a first amount with nothing before it but words that name
    nothing (the year, 预算数) is the amount of the heading just before (a mention placed
    before its connector)."""
    m = _AMOUNT.search(sentence)
    if m is None or re.sub(_rules()["unnamed"], "", sentence[: m.start()]):
        return None
    before = sentence[: m.start()]
    end = max((n.end() for n in _NUMBERING_END.finditer(before)), default=0)
    return _Mention(0, end, heading.topic, heading.subject, label=heading.label)


def _merged_into_earlier(change: Statement, out: list[Statement]) -> bool:
    """``收入总计7,895.93万元，…，与上年相比，收、支总计各减少258.51万元``: a change stated
    apart from its figure belongs to the figure stated just before, of the same topic."""
    topics = ("income-grand-total", "expenditure-grand-total") if change.topic == "grand-totals" else (change.topic,)
    merged = False
    for topic in topics:
        earlier = next((s for s in reversed(out[-8:]) if s.topic == topic and s.subject == change.subject), None)
        if earlier is None or earlier.amount is None or earlier.change or earlier.change_rate is not None:
            continue
        if change.source.row is not None and earlier.source.row is not None and change.source.row - earlier.source.row > 3:
            continue
        for attr in ("change", "change_amount", "change_rate", "rate_step", "rate_change", "basis", "previous_amount"):
            setattr(earlier, attr, getattr(change, attr))
        merged = True
    return merged


def _income_items(out: list[Statement], doc: ReadDocument) -> None:
    """After a sentence's income total, ``其中：一般公共预算7,895.93万元；政府性基金…0万元``: one
    statement per kind of income (topic income-item, subject the fund notation)."""
    from .summary_lines import fund_of  # the same fund words the summary lines use

    after = tuple(squash(w) for w in _rules()["income_items"]["after"])
    for paragraph, sentence in _sentences(doc):
        start = next((sentence.find(w) for w in after if w in sentence), -1)
        if start < 0 or "其中" not in sentence[start:]:
            continue
        tail = sentence[sentence.find("其中", start):]
        tail = tail[: tail.find("支出")] if "支出" in tail else tail  # the income's parts, not the expenditure's after them
        for m in re.finditer(r"([\u4e00-\u9fff“”]{2,20}?)(?:为)?" + _NUMBER + r"(万元|亿元|元)", tail):
            label = re.sub(r"^(其中[:：]?|[，,；;、])", "", m.group(1))
            fund = fund_of(label)
            if not fund:
                continue
            factor = _UNITS[m.group(3)]
            rest = tail[m.end(): m.end() + 30]
            share = _SHARE.match(rest.lstrip("，,"))
            out.append(Statement("income-item", tail[max(0, m.start()): m.end() + 12][:120], SourceRef(None, paragraph, "narrative", page=_page(doc, paragraph)),
                                 amount=_decimal(m.group(2)) * factor, step=_step(m.group(2), factor), subject=fund,
                                 share=_decimal(share.group(1)) if share else None,
                                 share_step=_step(share.group(1), Decimal(1)) if share else None))


def resolve_items(found: list[Statement], rows: list[FunctionalExpenditure]) -> None:
    """``卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）``: the code, from the labels the
    document's tables print, each level under the one named before it; where they print none,
    from the code list's names (crawler.codes.code_for_name). A name that stays ambiguous
    (行政运行 under a 类 whose 款 is not known) is left unresolved."""
    labels = [(squash(r.label), r.code) for r in rows if len(r.code) in (5, 7)]
    classes = {squash(r.label).removesuffix("支出"): r.code for r in rows if len(r.code) == 3}

    def printed(name: str, length: int, parent: str | None) -> str | None:
        codes = {c for label, c in labels if label == squash(name) and len(c) == length and c.startswith(parent or "")}
        return codes.pop() if len(codes) == 1 else None

    for s in found:
        if s.topic != "functional-item" or not s.subject:
            continue
        lei, kuan, xiang = s.subject.split("/")
        code3 = (classes.get(squash(lei).removesuffix("支出")) or class_code(lei)) if lei else None
        code5 = (printed(kuan, 5, code3) or code_for_name(kuan, code3, 5)) if kuan else None
        if not xiang:
            code = code5
        else:
            code = printed(xiang, 7, code5 or code3) or code_for_name(xiang, code5, 7)
            code = code if code and code.startswith(code5 or code3 or "") else None
        if code:
            s.topic, s.subject = "functional", code
