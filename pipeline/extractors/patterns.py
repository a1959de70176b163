"""Compiled regular expressions, each under a comment showing what it matches.

Two owners edit this file; keep each block inside its own section.
"""

from __future__ import annotations

import re  # noqa: F401

# ---------------------------------------------------------------- agencies, people, attendance
# Regexes built from lexicon data (gazetteer, titles, surnames) are compiled in the modules.

UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# a place name of 1-4 capitalised syllables: "Tân Hiệp", "Bà Rịa - Vũng Tàu", "Phan Rang-Tháp
# Chàm", "7", and the Central Highlands' "N'Thôn Hạ", "Đạ M'ri"
_SYLLABLE = rf"[{UPPER}](?:['’][{UPPER}])?[{LOWER}]*"
PLACE = (
    rf"(?:{_SYLLABLE}|\d+)(?:(?: |\s?-\s?)(?:[{UPPER}]['’][{LOWER}]+|{_SYLLABLE})){{0,3}}"
    # a numbered commune since 2025: "xã Đạ Huoai 2", "xã Sơn Kim 1" (agency_lexicon.bound_place
    # keeps the number only for a unit that bears it)
    rf"(?:[ \t]\d{{1,2}}(?![\w%]|[/.,]\d))?"
)

# administrative unit words after an agency head: "tỉnh", "thành phố", "TP.", "H.", "thị xã"
# ("T." only before a capitalised place: "UBND T. Kiên Giang", not "T.Ư" = Trung ương; so
# the newspapers' "P." and "X.": "UBND P.Cao Lãnh", "UBND X. Tân Lập")
UNIT = rf"(?:(?i:thành phố|thị xã|thị trấn|tỉnh|huyện|quận|phường|xã|đặc khu|TP\.|TX\.|TT\.|TP|TX|H\.|Q\.)|[TPX]\.(?=[ \t]?[{UPPER}][{LOWER}]))"

# "UBND TPHCM", "UBND TP HCM", "UBND Tp.HCM", "UBND TP. Hồ Chí Minh"
HCM_REGEX = re.compile(
    r"[ \t]*(?:TPHCM|TP\.?\s?HCM|Tp\.?\s?HCM|(?:TP\.?|Tp\.?|thành phố|Thành phố)\s?Hồ Chí Minh)(?![\w])"
)

# unit (+ place) after a head: "UBND| huyện Tân Hiệp", "Sở Y tế| tỉnh Thanh Hóa", "Công an| tỉnh", "UBND| H.Bắc Bình"
UNIT_SUFFIX_REGEX = re.compile(
    rf"[ \t]*(?P<unit>{UNIT})(?:[ \t]*(?P<place>{PLACE}))?(?![\w])"
)

# "cấp huyện" / "cấp xã" / "cấp tỉnh" after a head: a level, not one body ("UBND cấp huyện")
LEVEL_SUFFIX_REGEX = re.compile(r"[ \t]+(?i:cấp)[ \t]+(?i:tỉnh|huyện|xã|cơ sở)(?![\w])")

# party committee after a party body: "Ban Dân vận| Tỉnh ủy", "Ban Thường vụ| Huyện ủy Tân Hiệp"
# and a grassroots committee's unit: "Ban Thường vụ| Đảng ủy xã Tống Trân", "| Đảng ủy phường"
PARTY_SUFFIX_REGEX = re.compile(
    rf"[ \t]+(?P<committee>(?i:Tỉnh ủy|Thành ủy|Huyện ủy|Thị ủy|Quận ủy|Đảng ủy|TU|HU))"
    rf"(?:[ \t]+(?P<cunit>(?i:xã|phường|thị trấn|đặc khu))(?![\w]))?"
    rf"(?:[ \t]+(?P<place>{PLACE}))?(?![\w])"
)

# a place directly after a committee: "Huyện ủy| Tân Hiệp", "Thành ủy| Rạch Giá"
PLACE_SUFFIX_REGEX = re.compile(rf"[ \t]+(?P<place>{PLACE})(?![\w])")

# several units sharing one head: "UBND các huyện: Lục Ngạn, Sơn Động", "UBND các huyện, thành phố: Thuận Nam; Ninh Phước"
UNIT_LIST_REGEX = re.compile(
    rf"[ \t]+(?i:các)[ \t]+(?:(?P<units>{UNIT}(?:\s*(?:,|và)\s*{UNIT})*)\s*:\s*|(?P<unit1>{UNIT})[ \t]+(?=[{UPPER}]))"
)

# localities handed a task by name, their committee unsaid: "giao các huyện, thị xã, thành
# phố gồm: Khánh Vĩnh, Cam Lâm" (the People's Committee of each)
LOCALITY_LIST_REGEX = re.compile(
    rf"(?i:giao|yêu cầu|đề nghị|chỉ đạo)[ \t]+(?P<list>(?i:các)[ \t]+"
    rf"(?P<units>{UNIT}(?:\s*(?:,|và)\s*{UNIT})*)\s*(?:(?i:gồm|bao gồm)\s*)?:\s*)"
)

# bare unit words with no place: "UBND quận, huyện", "UBND huyện, thị xã" (collectives)
BARE_UNITS_REGEX = re.compile(
    rf"[ \t]+{UNIT}(?:\s*(?:,|và)\s*{UNIT}(?![ \t]+(?i:ủy|uỷ|đoàn)(?![\w])))+(?![\w])(?!\s*[{UPPER}\d])"
)  # ("tỉnh và Tỉnh đoàn": the youth union, not a second unit)

# a head followed by "các"/"cấp" + unit words: "UBND các huyện, thành phố", "UBND cấp xã" (collectives)
COLLECTIVE_UNIT_REGEX = re.compile(
    rf"[ \t]+(?i:các|cấp)[ \t]+{UNIT}(?:\s*(?:,|và)\s*{UNIT})*(?![\w])"
)

# a quantifier right before a body's name makes it many bodies: "các Sở Công Thương",
# "một số Sở Công Thương" (searched up to the name's start)
MANY_BEFORE_REGEX = re.compile(r"(?<![\w])(?i:(các|một số|những|nhiều))[ \t]+$")

# the office or inspectorate of a ministry printed before its name: "Văn phòng| Bộ Công
# Thương", "Thanh tra| Bộ Giáo dục và Đào tạo"
OFFICE_BEFORE_REGEX = re.compile(r"(?<![\w])(?:Văn phòng|Thanh tra)[ \t]+$")

# elided head after a unit: "HĐND huyện A| và huyện B", "UBND huyện Châu Thành|, huyện Giồng Riềng"
NEXT_UNIT_REGEX = re.compile(
    rf"\s*(?:,|;|và|, và)\s*(?P<unit>{UNIT})[ \t]*(?P<place>{PLACE})(?![\w])"
)

# list separators inside an elliptical list: "Sở Nội vụ|, |Tài chính| và |Xây dựng"
LIST_SEP_REGEX = re.compile(r"\s*(?:,\s*và|;\s*và|,|;|và)\s*")

# list opener with the head elided: "các Sở: ", "các sở, ngành: ", "Các Sở, ban, ngành: "
# a list of ministries with the head said once: "Các Bộ: Quốc phòng, Ngoại giao, Công an",
# "các Bộ: Tài chính; Xây dựng", "các Bộ Tài chính, Xây dựng" (the items end where a word is
# no ministry's, in agencies._ministry_list)
MINISTRY_LIST_REGEX = re.compile(
    # "các Bộ: A, B", "các Bộ A, B", "các bộ: A, B", "các bộ, cơ quan: A, B"; items may
    # wrap to the next line
    rf"(?i:các)[ \t]+(?:Bộ|bộ(?=[ \t]*(?:,[ \t]*(?i:cơ quan|ngành)[ \t]*)?:))"
    rf"(?:[ \t]*,[ \t]*(?i:cơ quan|ngành))?"
    rf"(?:[ \t]*:[ \t]*|[ \t]+(?=[{UPPER}]))(?P<items>[^.\n]+(?:\n(?!\s*\n)[^.\n]+)*)"
)
# (or with no colon before a capitalised field: "phối hợp với các sở Tài chính, NN-PTNT")
ELLIPSIS_OPENER_REGEX = re.compile(
    r"(?i:các)[ \t]+(?P<head>(?i:sở|phòng))(?:\s*,\s*(?i:ban))?(?:\s*,?\s*(?i:ngành))?"
    rf"(?:\s*:\s*|[ \t]+(?=[{UPPER}]))"
)

# a province-level body shared by several provinces: "Sở Y tế| các tỉnh: Nghệ An, Hà Tĩnh"
PROVINCE_LIST_REGEX = re.compile(r"[ \t]+các[ \t]+(?:tỉnh,[ \t]*thành phố|tỉnh)[ \t]*:?[ \t]*")

# a place inside a list of places: "Lục Ngạn|, |Sơn Động"
PLACE_ITEM_REGEX = re.compile(rf"(?:(?P<unit>{UNIT})[ \t]*)?(?P<place>{PLACE})(?![\w])")

# honorific right before a name: "ông ", "Bà ", "đồng chí ", "đ/c "
# (whole words: "không", "xanh" end like "ông", "anh": "Cảng hàng không Chu Lai" is a place)
HONORIFIC_BEFORE_REGEX = re.compile(r"(?<![\w/])(?:(?i:ông|bà|đồng chí|đ/c\.?|anh|chị))\s+$")

# signature authority marks: "KT. CHÁNH VĂN PHÒNG", "TL. CHỦ TỊCH", "T/M BAN THƯỜNG VỤ"
SIGN_MARK_REGEX = re.compile(r"^\W*(?:KT|TM|TL|TUQ|Q|K/T|T/M|T/L)[.\s]")

# role cues after a name: "... chủ trì", "... trình bày Báo cáo", "... báo cáo"
CHAIR_CUE_REGEX = re.compile(r"^[^.;\n]{0,60}?(?<![\w])chủ trì(?![\w])")
PRESENTER_CUE_REGEX = re.compile(
    r"^\s*(?:,[^,.;\n]{0,60},\s*)?(?:trình bày|báo cáo)(?![\w])"
)
DELEGATE_CUE_REGEX = re.compile(r"(?i:cử|ủy quyền(?: cho)?)\s+(?:\w+\s+){0,4}$")

# absence cue: "vắng 02 Thành viên¹", "vắng mặt:", "Vắng:"
ABSENT_CUE_REGEX = re.compile(r"(?<![\w])(?i:vắng)(?:[ \t]+mặt)?(?![\w])")

# delegation cue with a footnote: "03 thành viên UBND tỉnh cử cấp phó tham dự²"
DELEGATE_FN_CUE_REGEX = re.compile(
    rf"(?<![\w])(?i:cử|ủy quyền)(?![\w])[^.;\n]{{0,60}}?(?:dự|tham dự|dự họp|dự thay)[ \t]*(?P<fn>[{SUPERSCRIPTS}]+)"
)

# a delegation stated in the body: "Giám đốc Sở Tài chính vắng, cử Phó Giám đốc Lê Văn C dự thay"
# (the head may be away for a reason given before the delegation: "Giám đốc Sở X đi công tác,
# cử ông Y, Phó Giám đốc dự thay", "Cục trưởng ... bận công tác, ủy quyền bà Z ...")
DELEGATION_REGEX = re.compile(
    r"(?P<who>[^,;:.()\n]{3,90}?)\s+(?:vắng(?: mặt)?\s*,?\s*|(?P<away>(?:đi|bận|nghỉ|tháp tùng|điều trị|dự lớp|học)(?![\w])[^,;:.()\n]{0,80}?)\s*,\s*)?(?P<verb>cử|ủy quyền(?: cho)?)\s+(?P<delegate>[^;.()\n]{2,80}?)\s+(?:dự họp thay|tham dự thay|dự thay|dự họp|tham dự|dự)(?![\w])(?P<rest>[^.;\n]*)"
)

# an absence with the stand-in named: "Giám đốc Sở Tài chính vắng (đi công tác), Phó Giám đốc Sở Tài chính Kha Thị Mỹ Duyên dự thay"
ABSENT_DELEGATE_REGEX = re.compile(
    r"(?P<who>[^,;:.()\n]{3,90}?)\s+vắng(?: mặt)?\s*(?:\((?P<reason>[^()]*)\))?\s*[,;]\s*(?:(?:cử|ủy quyền(?: cho)?)\s+)?(?P<delegate>[^;.()\n]{2,80}?)\s+(?:dự họp thay|tham dự thay|dự thay)(?![\w])"
)

# an absence stated in running text: "Giám đốc Sở Tài chính vắng (đi công tác)", "Vắng Giám đốc Sở Xây dựng (đi công tác nước ngoài)"
ABSENT_AFTER_REGEX = re.compile(
    r"(?P<who>[^,;:.()\n]{3,90}?)\s+vắng(?: mặt)?\s*\((?P<reason>[^()]*)\)"
)
# ... and without parentheses: "Sở Y tế vắng mặt không có lý do.", "Giám đốc Sở Xây dựng vắng, có lý do."
ABSENT_BARE_REGEX = re.compile(
    r"(?P<who>[^,;:.()\n]{3,90}?)\s+vắng(?: mặt)?\s*,?\s*(?P<reason>không có lý do|có lý do|(?:do|vì) [^.;()\n]{3,80})?(?=\s*[.;\n]|$)"
)
ABSENT_BEFORE_REGEX = re.compile(
    r"(?<![\w])(?i:vắng)(?: mặt)?[ \t]+(?P<who>[^,;:.()\n]{3,90}?)\s*\((?P<reason>[^()]*)\)"
)
# ... a person with the titles after the name, commas and all: "Vắng đồng chí Trần Thanh
# Lâm, Ủy viên Ban Thường vụ, Phó Chủ tịch UBND tỉnh (đi công tác)."
ABSENT_PERSON_REGEX = re.compile(
    r"(?<![\w])(?i:vắng)(?: mặt)?[ \t]+(?P<who>(?i:đồng chí|đ/c|ông|bà)[ \t]+[^;:.()\n]{3,160}?)"
    r"\s*\((?P<reason>[^()]*)\)"
)

# a delegation inside one list item (commas allowed in the name): "Sở Văn hóa, Thể thao và Du lịch cử bà Lưu Thị Minh Nguyệt, Phó Giám đốc dự thay"
ITEM_DELEGATION_REGEX = re.compile(
    r"(?P<who>.+?)\s+(?:vắng(?: mặt)?\s*,?\s*)?(?:cử|ủy quyền(?: cho)?)\s+(?P<delegate>.+?)\s+(?:dự họp thay|tham dự thay|dự thay|dự họp|tham dự|dự)(?![\w])(?P<rest>.*)"
)

# a footnote that lists delegations even without a cue before its marker: "² Sở Xây dựng cử ông Tăng Văn Lực, Phó Giám đốc dự thay; ..."
FOOTNOTE_DELEGATION_REGEX = re.compile(
    r"(?<![\w])(?i:cử|ủy quyền(?: cho)?)\s+(?:(?i:ông|bà|đồng chí|đ/c|cấp phó|đại diện|lãnh đạo|Phó)(?![\w]))"
)

# what an item says about itself: "... không có lãnh đạo tham dự do thời tiết xấu", "Giám đốc Sở Y tế do trực ..."
ITEM_ABSENCE_TAIL_REGEX = re.compile(
    r"\s+(?:(?:không có lãnh đạo tham dự|không tham dự|vắng(?: mặt)?)(?:\s*,?\s*(?:do|vì)\s+(?P<r1>.+))?|(?:do|vì)\s+(?P<r2>.+))$"
)

# footnote line appended at the end of the text: "¹ Phó Chủ tịch UBND tỉnh ... (công tác Hà Nội); ..."
FOOTNOTE_LINE_REGEX = re.compile(
    rf"^(?P<mark>[{SUPERSCRIPTS}]+)[ \t]+(?P<body>.+)$", re.M
)

# one attendance item: "Giám đốc Công an tỉnh (không có lý do)", "Sở Nội vụ (cử ông Đinh Xuân Phương, không có lý do)"
ATTENDANCE_ITEM_REGEX = re.compile(
    r"\s*(?:và\s+)?(?P<who>[^();]+?)\s*(?:\((?P<paren>[^()]*)\))?\s*[,.]?\s*$"
)

# delegate inside an item: "cử ông Huỳnh Xuân Vũ, Giám đốc có xin phép ...", "cử cấp phó dự thay"
ITEM_DELEGATE_REGEX = re.compile(
    r"(?i:cử|ủy quyền(?: cho)?)\s+(?:(?i:ông|bà|đồng chí|đ/c)\s+)?(?P<delegate>[^,;]+?)(?:\s+(?:dự họp thay|tham dự thay|dự thay|dự họp|tham dự))?(?:\s*,\s*(?P<reason>.+))?$"
)

# ---------------------------------------------------------------- legal refs, deadlines, targets
# Owner: legal_refs.py, deadlines.py, targets.py. Alternations of lexicon words (document
# types, trigger words, units) are built by the functions at the end of this block.

SP = r"[ \t\u00a0]"  # a space inside one line: ids, dates and figures never cross a line break
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# end of an id or a word: no letter or digit follows, a glued footnote marker may ("CP⁷")
_WORD_END = rf"(?![^\W{SUPERSCRIPT_DIGITS}]|[&-])"
_CODE = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
_YEAR = r"(?:19|20)\d\d"

# a footnote marker glued to a word: "Chính phủ⁷", "Nghị quyết số 68/NQ-CP⁸", "Báo cáo⁴"
MARKER_REGEX = re.compile(rf"[{SUPERSCRIPT_DIGITS}]+")


def marker_number(marks: str) -> int:
    """The number a run of superscript digits writes ("¹²" -> 12); -1, which no footnote
    has, for a run longer than a footnote number can be (int() refuses 4,300 digits)."""
    if len(marks) > 6:
        return -1
    return int(marks.translate(str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")))


# a footnote line appended to the text: "⁴ Báo cáo số 236/BC-UBND ngày 07/7/2021 của UBND tỉnh"
NOTE_LINE_REGEX = re.compile(
    rf"^[ \t]*(?P<mark>[{SUPERSCRIPT_DIGITS}]+)[ \t]+\S.*$", re.M
)

# the dash inside a code, as typed: "UBND-KT", "UBND –KT", "UBND - KT"
_JOIN = rf"{SP}?[-–]{SP}?"  # one way to match "-" (an alternation with "-" backtracks 2^n)

# the end of an id that a web page's markup glued to the "ngày" of its date
# ("57/TTr-UBNDngày 10 tháng 6 năm 2014"): the code stops before the word
_ID_END = rf"(?:{_WORD_END}|(?=ngày(?!\w)))"

# a unit numbered in Roman figures after a dot: the Government Office's "Vụ I" is "V.I"
# ("1234/VPCP-V.I"; source: the Office's letters, corpus/real errors batch 10)
_NUMBERED_UNIT = r"[A-ZĐ]\.[IVX]{1,4}"

# state numbers: "63/NQ-CP", "30/2020/NĐ-CP", "1234/UBND-KT", "39/2019/QH14", "61/2018/NĐCP"
STATE_ID_REGEX = re.compile(
    rf"(?<![\w/.,-])(?P<num>\d{{1,5}}){SP}?/{SP}?(?:(?P<year>{_YEAR}){SP}?/{SP}?)?"
    rf"(?P<code>(?:UBTV)?QH\d{{1,2}}|NĐCP|NQCP|{_CODE}(?:{_JOIN}(?:{_NUMBERED_UNIT}|{_CODE}))+)"
    rf"{_ID_END}"
)

# Party numbers: "09-CTr/TU", "05-NQ/TU", "08-QĐi/TW", "2927 -TB/TU", "03- CT/TU"
PARTY_ID_REGEX = re.compile(
    rf"(?<![\w/.,-])(?P<num>\d{{1,5}}){SP}?-{SP}?(?P<code>{_CODE}{SP}?/{SP}?{_CODE}"
    rf"(?:-{_CODE})*){_ID_END}"
)

# the date after a cited number: "ngày 29/6/2021", ", ngày 29 tháng 6 năm 2021", "ban hành ngày 05-3-2020"
ISSUE_DATE_REGEX = re.compile(
    rf"{SP}*,?{SP}*(?:ban hành{SP}+)?ngày{SP}+(?:(?P<d>\d{{1,2}})(?P<sep>[/.-])(?P<m>\d{{1,2}})"
    rf"(?P=sep)(?P<y>{_YEAR})|(?P<d2>\d{{1,2}}){SP}+tháng{SP}+(?P<m2>\d{{1,2}}){SP}+năm{SP}+(?P<y2>{_YEAR}))"
)

# "của" (of) before an issuer: "... của Chính phủ", "..., của UBND tỉnh"
OF_REGEX = re.compile(rf"{SP}*,?{SP}*của{SP}+")

# a number after a type word without its code: "Nghị quyết 42", "Nghị quyết số 63",
# "Tờ trình số 89 ngày 2/4/2025" (not "Kế hoạch 5 năm", "Kế hoạch 30 ngày")
# (with its year, as reports shorten a resolution: "Nghị quyết 17/2025", "Quyết định số
# 56/2021"; not a full id "17/2025/NQ-HĐND")
SHORT_NUMBER_REGEX = re.compile(
    rf"{SP}+(?:(?P<so>số){SP}*)?(?P<num>\d{{1,5}})(?:/(?P<year>(?:19|20)\d\d))?"
    rf"(?![\d/.,-]*\w|{SP}*[/-]"
    rf"|{SP}+(?i:(?:năm|tháng|quý|tuần|giờ)(?!\w)|ngày(?!\w|{SP}+\d)))"
)

# a word of a name or issuer phrase, or the punctuation that ends it
WORD_REGEX = re.compile(r"[^\W_]+(?:[&-][^\W_]+)*|[^\w\s]")

# the level under "ỦY BAN NHÂN DÂN" in a header: "ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA", "UBND HUYỆN TÂN HIỆP"
HEADER_LEVEL_REGEX = re.compile(
    r"(?:ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN)\s+(?P<level>TỈNH|THÀNH PHỐ|HUYỆN|THỊ XÃ|QUẬN|XÃ|PHƯỜNG|THỊ TRẤN)"
    r"[ \t]+(?P<place>[^\W\d_][^\n]*?)[ \t]*$",
    re.M,
)

# lines whose numbers are not references: the notice's own "Số: 245/TB-VP", "Lưu: VT, NN."
OWN_NUMBER_LINE_REGEX = re.compile(r"^[ \t*]*Số[ \t]*:?", re.M)
# a legal portal's table of the document's properties: "Số hiệu | 6368/VPCP-CN |"
PORTAL_NUMBER_LINE_REGEX = re.compile(r"^[ \t|*]*Số hiệu[ \t]*[|:]", re.M)
FILING_LINE_REGEX = re.compile(r"^[ \t*-]*Lưu[ \t]*:.*$", re.M)
# a report's source line, the document it reports (the notice itself): "(Theo Công văn số
# 2849/UBND-KT, ngày 21/6/2024)", "Nguồn: Thông báo số 12/TB-VP" on a line of its own
SOURCE_LINE_REGEX = re.compile(
    r"^[ \t]*(?:\([ \t]*(?:Theo|Nguồn[ \t]*:)|Nguồn[ \t]*:)[ \t]+[^\n()\d]{0,30}?[ \t]số[ \t]*"
    r"[^\s,()]+(?:[ \t]*,?[ \t]*ngày[ \t]+[\d/.-]+)?[ \t]*\)?[ \t]*\.?[ \t]*$",
    re.M,
)

# time of day before a date: "14 giờ, ", "17 giờ 00 ngày", "10h30 ", and minutes marked with
# a prime as on a typewriter ("9h30' ngày"; genre: seen in real dev item r13-17)
_TIME_OF_DAY = rf"(?:\d{{1,2}}{SP}*(?:giờ|h)(?:{SP}*\d{{1,2}}(?:{SP}*phút|['’′])?)?(?:{SP}+(?:sáng|chiều|tối))?{SP}*,?{SP}*)"
_PART = rf"(?:(?P<part>đầu|giữa|cuối|hết){SP}+)?"
_OF_YEAR = rf"(?:{SP}?[/.-]{SP}?(?P<y>{_YEAR})|{SP}+năm{SP}+(?P<y2>{_YEAR}))?"

# a day: "15/8/2021", "15-8-2021", "15.8.2021", "ngày 10-4", "30/9", "14 giờ, ngày 05/12/2017"
DAY_NUMERIC_REGEX = re.compile(
    rf"(?P<time>{_TIME_OF_DAY})?(?P<ngay>ngày{SP}+)?(?P<d>\d{{1,2}}){SP}?(?P<sep>[/.-]){SP}?"
    rf"(?P<m>\d{{1,2}})(?:(?P=sep)(?P<y>{_YEAR}))?(?![\d/]|[.,-]\d)"
)

# a day in words: "ngày 29 tháng 6 năm 2021", "ngày 05 tháng 8", and without "ngày" when
# the year is printed: "gia hạn đến 30 tháng 6 năm 2025"
DAY_WORDS_REGEX = re.compile(
    rf"(?P<time>{_TIME_OF_DAY})?"
    rf"(?:ngày{SP}+|(?=\d{{1,2}}{SP}+tháng{SP}+\d{{1,2}}{SP}+năm{SP}+{_YEAR}(?!\d)))"
    rf"(?P<d>\d{{1,2}}){SP}+tháng{SP}+(?P<m>\d{{1,2}})"
    rf"(?:{SP}+năm{SP}+(?P<y>{_YEAR}))?(?!\d)"
)

# a day of every month: "ngày 20 hằng tháng", "ngày 5 hàng tháng", "ngày 25 của mỗi tháng"
DAY_RECURRING_REGEX = re.compile(
    rf"(?:ngày{SP}+)?(?P<d>\d{{1,2}}){SP}+(?:(?:(?:hằng|hàng){SP}+|của{SP}+(?:mỗi|các){SP}+)"
    rf"(?P<unit>tuần|tháng|quý)"
    # "ngày 05 của tháng đầu quý", "ngày 20 tháng cuối mỗi quý": a quarterly day
    rf"|(?:của{SP}+)?tháng{SP}+(?:đầu|cuối|giữa){SP}+(?:(?:của|mỗi|hằng|hàng){SP}+)?"
    rf"(?P<quarter>quý))(?!\w)"
)

# a yearly day: "ngày 31/12| hằng năm"
RECURRING_SUFFIX_REGEX = re.compile(
    rf"{SP}+(?:hằng|hàng){SP}+(?P<unit>năm|tháng|quý)(?!\w)"
)

# a month: "tháng 7/2021", "tháng 9.2020", "tháng 7 năm 2021", "đầu tháng 8", "cuối tháng 10", "tháng này"
# (the period noun may be capitalised as in a title: "trong Tháng 8", "trong Quý III năm 2021")
MONTH_REGEX = re.compile(
    rf"{_PART}[tT]háng{SP}+(?:(?P<m>\d{{1,2}}){_OF_YEAR}(?![\d/])|(?P<rel>này|sau|tới)(?!\w))"
)

# a quarter: "quý III/2022", "quý IV năm 2021", "đầu quý II/2020", "quý 3"
QUARTER_REGEX = re.compile(
    rf"{_PART}[qQ]uý{SP}+(?P<q>IV|I{{1,3}}|[1-4])(?![\w]){_OF_YEAR}(?!\d)"
)

# a half year: "6 tháng cuối năm 2022", "06 tháng đầu năm"
HALF_REGEX = re.compile(
    rf"0?6{SP}+tháng{SP}+(?P<half>đầu|cuối){SP}+năm(?:{SP}+(?P<y>{_YEAR}))?(?!\d)"
)

# a year: "năm 2023", "cuối năm 2021", "cuối năm", "giữa năm 2021", "năm nay", and a span of
# years, due at the end of its last: "trong năm 2022 - 2023" (genre: seen in real dev r12-06)
YEAR_REGEX = re.compile(
    rf"{_PART}năm(?:{SP}+(?P<y>{_YEAR})(?:{SP}*[-–]{SP}*(?P<y_end>{_YEAR}))?(?!\d)|{SP}+(?P<rel>nay|sau|tới)(?!\w))?(?!{SP}*\d)"
)

# a year a date expression stopped short of, because no real year has it: "ngày 31 tháng
# 12| năm 9999", "quý IV|/10000", "tháng 9|.1800" (tested against limits.yaml)
STRAY_YEAR_REGEX = re.compile(
    rf"(?:{SP}+năm{SP}+|{SP}?[/.-]{SP}?)(?P<y>\d{{4,}})(?!\d)"
)

# a week: "tuần", "tuần này", "tuần sau"
# (not "tuần đầu", "tuần cuối", "tuần thứ 2": a week of some span, "trong tuần đầu tăng 70%",
# "trong tuần đầu tháng 8", which this week's Friday would misdate)
WEEK_REGEX = re.compile(
    rf"tuần(?:{SP}+(?P<rel>này|sau|tới))?(?!\w)(?!{SP}+(?:đầu|cuối|thứ|qua|trước)(?!\w))"
)

# a span from the notice's date: "30 ngày làm việc", "15 ngày", "02 tuần", "03 tháng" (not "8 tháng đầu năm")
RELATIVE_REGEX = re.compile(
    rf"(?P<n>\d{{1,3}}){SP}+(?P<unit>ngày{SP}+làm{SP}+việc|ngày|tuần|tháng)(?!\w)"
    rf"(?!{SP}+(?:đầu|cuối|qua|trước|gần|vừa|còn))"
)

# standing duties: "hằng quý", "Định kỳ hằng quý", "hàng tháng", "định kỳ 6 tháng", "6 tháng một lần"
RECURRENCE_REGEX = re.compile(
    rf"(?i:(?P<dk>định{SP}+kỳ{SP}+)?(?:hằng|hàng){SP}+(?P<u1>tuần|tháng|quý|năm)"
    # not "buổi tiếp công dân định kỳ tháng 11/2025" (the periodic session of one month)
    rf"|định{SP}+kỳ{SP}+(?:mỗi{SP}+)?(?:(?P<half1>0?6{SP}+tháng)"
    rf"|(?P<u2>tuần|tháng|quý|năm)(?!{SP}+(?:\d|[IVX]+(?!\w))))"
    rf"|(?P<half2>0?6{SP}+tháng{SP}+(?:một|1){SP}+lần))(?!\w)"
)

# a clause boundary, for cue windows: ". ", ";", a line break
CLAUSE_END_REGEX = re.compile(r"[.;:!?\n]")

# a Vietnamese figure: "6,01", "3.500", "1.146", "4,45", "11/24" (11 of 24)
FIGURE_REGEX = re.compile(
    r"(?<![\w.,/-])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?:/(?P<total>\d{1,3}(?:\.\d{3})*|\d+))?(?![\d/]|[.,]\d)"
)


def alternation(words) -> str:
    """Regex alternation of literal words, longest first; a space matches any inline space."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", f"{SP}+") for w in ordered)


def word_regex(words, ignore_case: bool = False) -> re.Pattern:
    """One of ``words`` as a whole word: "Nghị quyết", "Chương trình hành động", "văn bản"."""
    alt = f"(?i:{alternation(words)})" if ignore_case else f"(?:{alternation(words)})"
    return re.compile(rf"(?<!\w)(?P<word>{alt}){_WORD_END}")


def trigger_regex(words) -> re.Pattern:
    """A deadline marker before a date: "trước ", "chậm nhất là ", "Trong ", "đến trước ",
    and one a web page's markup glued to the date's "ngày" ("trướcngày 20/11")."""
    return re.compile(
        rf"(?<!\w)(?P<trig>(?i:{alternation(words)}))(?:{SP}+(?:là{SP}+)?|(?=ngày{SP}*\d))"
    )


def holiday_regex(can_chi, fixed) -> re.Pattern:
    """A holiday: "Tết Nguyên đán", "Tết Nguyên đán Canh Tý 2020", "Tết 2022", "Quốc khánh"."""
    return re.compile(
        rf"(?P<name>{alternation(fixed)}|Tết(?:{SP}+(?:Nguyên{SP}+[đĐ]án|cổ{SP}+truyền))?)"
        rf"(?:{SP}+(?P<canchi>{alternation(can_chi)}))?(?:{SP}+(?:năm{SP}+)?(?P<y>{_YEAR}))?(?!\w)"
    )


def unit_regex(units) -> re.Pattern:
    """A unit right after a figure: "%", " tỷ đồng", " triệu tấn", " chỉ tiêu"."""
    # a footnote marker may follow ("trên 10 tỷ USD²"); a letter or digit may not
    return re.compile(rf"{SP}?(?P<unit>{alternation(units)})(?![^\W{SUPERSCRIPTS}])")


# ---------------------------------------------------------------- tasks (lead engineer)

# Where the conclusions begin: "... có ý kiến kết luận như sau:", "kết luận như sau:",
# "Chủ tịch UBND tỉnh kết luận:", "chỉ đạo như sau:"
CONCLUSION_START = re.compile(
    r"(?i)(?:kết luận|chỉ đạo|ý kiến)(?: chỉ đạo)?(?: như sau)?\s*:\s*\n"
)
# Breaks between clauses inside a sentence: "; ", an inline item label "(ii) ", "b) "
CLAUSE_BREAK = re.compile(
    r";\s+|\s(?=\((?:[ivx]{1,4}|\d{1,2})\)\s)|:\s+(?=\((?:[ivx]{1,4}|\d{1,2})\)\s)"
)
# An item label at the start of a clause: "4. ", "2.1. ", "(ii) ", "b) ", "(1). "
LEAD_LABEL = re.compile(
    r"\s*(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*|[a-zđ]|\((?:[ivx]{1,4}|\d{1,2})\))[.)]?\.?\s+"
)
