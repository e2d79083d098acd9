"""Radical code points → the ideographs they stand for in PDF text layers.

A PDF font that reuses one glyph for a character and for its radical often
maps the glyph (ToUnicode) to the radical's code point, so the text layer
reads "上海市静安区⺠政局" for 民政局, "⻓" for 长, "⼈" for 人.  NFKC folds
the Kangxi Radicals block (U+2F00–U+2FDF) but not the CJK Radicals
Supplement (U+2E80–U+2EFF), which has no decomposition; Unicode relates
those only through the Unihan-adjacent ``EquivalentUnifiedIdeograph``
property, which no installed package ships.  The table below is that
property's data for the supplement, by hand (Python has no accessor),
except where noted: code points whose equivalent is not a character a
report prints (𠘨, 𡯂, 𩙿 …) are left alone.

``fold_text`` is applied to the whole ``Document`` before anything reads
it, so labels, names, sections and the archived text all see 民, not ⺠.
"""

from __future__ import annotations

import unicodedata

from .document import Document, Table

# CJK Radicals Supplement → unified ideograph (EquivalentUnifiedIdeograph, Unicode 15)
_SUPPLEMENT: dict[int, str] = {
    0x2E81: "厂",  # CLIFF
    0x2E82: "乛",  # SECOND ONE
    0x2E83: "乚",  # SECOND TWO
    0x2E84: "乙",  # SECOND THREE
    0x2E85: "亻",  # PERSON
    0x2E86: "冂",  # BOX
    0x2E87: "几",  # TABLE (EUI U+20628 𠘨; printed text means 几)
    0x2E89: "刂",  # KNIFE TWO
    0x2E8A: "卜",  # DIVINATION
    0x2E8B: "㔾",  # SEAL
    0x2E8C: "小",  # SMALL ONE
    0x2E8E: "兀",  # LAME ONE
    0x2E8F: "尣",  # LAME TWO
    0x2E90: "尢",  # LAME THREE
    0x2E92: "巳",  # SNAKE
    0x2E93: "幺",  # THREAD
    0x2E94: "彑",  # SNOUT ONE
    0x2E95: "彐",  # SNOUT TWO
    0x2E96: "忄",  # HEART ONE
    0x2E97: "心",  # HEART TWO
    0x2E98: "扌",  # HAND
    0x2E99: "攵",  # RAP
    0x2E9B: "旡",  # CHOKE
    0x2E9C: "日",  # SUN
    0x2E9D: "月",  # MOON
    0x2E9E: "歺",  # DEATH
    0x2E9F: "母",  # MOTHER
    0x2EA0: "民",  # CIVILIAN
    0x2EA1: "氵",  # WATER ONE
    0x2EA2: "氺",  # WATER TWO
    0x2EA3: "灬",  # FIRE
    0x2EA4: "爫",  # PAW ONE
    0x2EA5: "爫",  # PAW TWO
    0x2EA6: "丬",  # SIMPLIFIED HALF TREE TRUNK
    0x2EA7: "牛",  # COW
    0x2EA8: "犭",  # DOG
    0x2EA9: "王",  # JADE
    0x2EAA: "疋",  # BOLT OF CLOTH
    0x2EAC: "示",  # SPIRIT ONE
    0x2EAD: "礻",  # SPIRIT TWO
    0x2EAE: "竹",  # BAMBOO
    0x2EAF: "糹",  # SILK
    0x2EB0: "纟",  # C-SIMPLIFIED SILK
    0x2EB1: "罓",  # NET ONE
    0x2EB2: "罒",  # NET TWO
    0x2EB6: "羊",  # SHEEP
    0x2EB7: "羊",  # RAM
    0x2EB9: "耂",  # OLD
    0x2EBA: "肀",  # BRUSH ONE
    0x2EBB: "聿",  # BRUSH TWO
    # MEAT (EUI 肉): the glyph is 月's shape, and a text layer reusing it means 月
    0x2EBC: "月",
    0x2EBD: "臼",  # MORTAR
    0x2EBE: "艹",  # GRASS ONE
    0x2EBF: "艹",  # GRASS TWO
    0x2EC0: "艹",  # GRASS THREE
    0x2EC1: "虎",  # TIGER
    0x2EC2: "衤",  # CLOTHES
    0x2EC3: "覀",  # WEST ONE
    0x2EC4: "西",  # WEST TWO
    0x2EC5: "见",  # C-SIMPLIFIED SEE
    0x2EC6: "角",  # SIMPLIFIED HORN
    0x2EC8: "讠",  # C-SIMPLIFIED SPEECH
    0x2EC9: "贝",  # C-SIMPLIFIED SHELL
    0x2ECA: "足",  # FOOT
    0x2ECB: "车",  # C-SIMPLIFIED CART
    0x2ECC: "辶",  # SIMPLIFIED WALK
    0x2ECD: "辶",  # WALK ONE
    0x2ECE: "辶",  # WALK TWO
    0x2ECF: "阝",  # CITY
    0x2ED0: "钅",  # C-SIMPLIFIED GOLD
    0x2ED1: "長",  # LONG ONE
    0x2ED2: "镸",  # LONG TWO
    0x2ED3: "长",  # C-SIMPLIFIED LONG
    0x2ED4: "门",  # C-SIMPLIFIED GATE
    0x2ED6: "阝",  # MOUND TWO
    0x2ED7: "雨",  # RAIN
    0x2ED8: "青",  # BLUE
    0x2ED9: "韦",  # C-SIMPLIFIED TANNED LEATHER
    0x2EDA: "页",  # C-SIMPLIFIED LEAF
    0x2EDB: "风",  # C-SIMPLIFIED WIND
    0x2EDC: "飞",  # C-SIMPLIFIED FLY
    0x2EDD: "食",  # EAT ONE
    0x2EDF: "飠",  # EAT THREE
    0x2EE0: "饣",  # C-SIMPLIFIED EAT
    0x2EE1: "首",  # HEAD
    0x2EE2: "马",  # C-SIMPLIFIED HORSE
    0x2EE3: "骨",  # BONE
    0x2EE4: "鬼",  # GHOST
    0x2EE5: "鱼",  # C-SIMPLIFIED FISH
    0x2EE6: "鸟",  # C-SIMPLIFIED BIRD
    0x2EE7: "卤",  # C-SIMPLIFIED SALT
    0x2EE8: "麦",  # SIMPLIFIED WHEAT
    0x2EE9: "黄",  # SIMPLIFIED YELLOW
    0x2EEA: "黾",  # C-SIMPLIFIED FROG
    # the J-simplified forms (EUI 斉 歯 竜 亀) in a Chinese report stand for the Chinese simplified character
    0x2EEB: "齐",  # J-SIMPLIFIED EVEN
    0x2EEC: "齐",  # C-SIMPLIFIED EVEN
    0x2EED: "齿",  # J-SIMPLIFIED TOOTH
    0x2EEE: "齿",  # C-SIMPLIFIED TOOTH
    0x2EEF: "龙",  # J-SIMPLIFIED DRAGON
    0x2EF0: "龙",  # C-SIMPLIFIED DRAGON
    0x2EF1: "龜",  # TURTLE
    0x2EF2: "龟",  # J-SIMPLIFIED TURTLE
    0x2EF3: "龟",  # C-SIMPLIFIED TURTLE
}

RADICALS: dict[int, str] = dict(_SUPPLEMENT)
# the Kangxi Radicals block, which NFKC folds: listed too, so fold_text needs no full NFKC pass
# (that would also turn full-width punctuation into ASCII in the archived text)
for _cp in range(0x2F00, 0x2FD6):
    RADICALS[_cp] = unicodedata.normalize("NFKC", chr(_cp))


def fold_text(text: str) -> str:
    """Radical code points (both blocks) and CJK compatibility ideographs → the unified ideographs."""
    if not any(
        0x2E80 <= ord(ch) <= 0x2FDF or 0xF900 <= ord(ch) <= 0xFAFF or 0x2F800 <= ord(ch) <= 0x2FA1F for ch in text
    ):
        return text
    out = text.translate(RADICALS)
    # compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) have canonical decompositions
    return "".join(
        unicodedata.normalize("NFC", ch) if 0xF900 <= ord(ch) <= 0xFAFF or ord(ch) >= 0x2F800 else ch for ch in out
    )


def fold_document(doc: Document) -> Document:
    """The same document with every paragraph, cell and page-metadata value folded (in place)."""
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Table):
            block.rows = [[fold_text(cell) for cell in row] for row in block.rows]
        else:
            doc.blocks[i] = fold_text(block)
    doc.meta = {k: fold_text(v) if isinstance(v, str) else v for k, v in doc.meta.items()}
    return doc
