"""The figures the narrative (情况说明) states → Statement.

A statement is a topic word (crawler/rules/statements.toml: 收入总计, 基本支出, a 类 name, a “三公”
item, 机关运行经费 …) followed within a few characters by an amount (``基本支出441.99万元``), with
what the same sentence says of it before the next topic: its share (``占5.60%``), its change
against last year (``比上年预算数减少3万元，下降37.50%``; ``持平``), its budget and execution in a
决算 (``年初预算为143.00万元，支出决算为143.00万元，完成年初预算的100%``). A change stated in a
sentence of its own (``比上年预算数减少6万元``) belongs to the statement before it; a topic
followed by a change and no amount (``收、支总计各减少258.51万元``) is a statement of the change
alone. Nothing is compared here: the rules of queries/rules/ do that."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..codes import official_heads
from ..read.model import ReadDocument
from ..read.text import squash
from ..rules import rules
from .records import SourceRef, Statement
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
_THREE_LEVEL = re.compile(r"([\u4e00-\u9fff][^，。；：:（）()\d]{1,30}?)[（(]类[)）]([^，。；（）()\d]{2,30}?)[（(]款[)）]([^，。；（）()\d]{2,30}?)[（(]项[)）]")
_SENTENCE_END = "。！？!?"
_HEADING = 16  # a line shorter than this with no punctuation is a heading, not a wrapped sentence
_DIRECTION = {"增加": "increase", "上升": "increase", "增长": "increase", "增": "increase",
              "减少": "decrease", "下降": "decrease", "降低": "decrease", "减": "decrease"}
_THREE_PUBLIC_MORE = {"公务用车购置支出": "vehicle_purchase", "公务用车运行维护支出": "vehicle_operation",
                      "因公出国（境）费支出": "overseas", "公务接待费支出": "reception",
                      "公务用车购置及运行维护费支出": "vehicle"}


@lru_cache(maxsize=None)
def _rules() -> dict:
    return rules("statements")


@lru_cache(maxsize=None)
def _topic_words() -> list[tuple[str, str, str | None]]:
    """(word, topic, subject) for every topic word, longest first."""
    words: list[tuple[str, str, str | None]] = []
    for topic, names in _rules()["topics"].items():
        words += [(squash(n), topic, "total" if topic == "three-public" else None) for n in names]
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
    for label in list(rules("values")["three_public_items"]) + list(_THREE_PUBLIC_MORE):
        item = _THREE_PUBLIC_MORE.get(label) or three_public_item(label)
        if item and label not in ("合计",):
            words.append((squash(label), "three-public", item))
    return sorted(set(words), key=lambda w: -len(w[0]))


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


def _mentions(sentence: str) -> list[_Mention]:
    taken = [False] * len(sentence)
    found: list[_Mention] = []
    procurement = "政府采购" in sentence
    for m in _CODED_ECONOMIC.finditer(sentence):  # 工资福利支出（301）: an item of its own, no rule's topic
        for i in range(m.start(), m.end()):
            taken[i] = True
        found.append(_Mention(m.start(), m.end(), "economic", m.group(2)))
    for m in _CODED.finditer(sentence):  # 行政运行（2010301）: a code the text prints
        for i in range(m.start(), m.end()):
            taken[i] = True
        found.append(_Mention(m.start(), m.end(), "functional", m.group(2)))
    for m in _THREE_LEVEL.finditer(sentence):  # 类/款/项 named in full, before any 类 word alone
        for i in range(m.start(), m.end()):
            taken[i] = True
        found.append(_Mention(m.start(), m.end(), "functional-item", "/".join(m.groups())))
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
                for i in range(start, end):
                    taken[i] = True
                found.append(_Mention(start, end, topic, subject))
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
    for paragraph, sentence in _sentences(doc):
        all_mentions = _mentions(sentence)
        # the year a sentence names at its start holds for the rest of its paragraph
        if (m := _SENTENCE_YEAR.match(sentence)) is not None:
            year, year_paragraph = int(m.group(1)), paragraph
        elif paragraph != year_paragraph:
            year = None
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
            source = SourceRef(None, paragraph, "narrative")
            statement = Statement(mention.topic, quote, source, subject=mention.subject, year=year)
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
            out.append(Statement("income-item", tail[max(0, m.start()): m.end() + 12][:120], SourceRef(None, paragraph, "narrative"),
                                 amount=_decimal(m.group(2)) * factor, step=_step(m.group(2), factor), subject=fund,
                                 share=_decimal(share.group(1)) if share else None,
                                 share_step=_step(share.group(1), Decimal(1)) if share else None))
