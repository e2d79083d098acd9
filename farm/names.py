"""Place names, departments and townships of the simulated country, with their pinyin.

The names are invented (two syllables drawn from a fixed list) and read like
real ones: 泰清区, www.taiqing.gov.cn, 泰清区财政局, czj.taiqing.gov.cn.  A pair
that is a real division's name or pinyin (安宁, 海安, 清河; 溪安 sounds as 西安)
is skipped (``realnames.tsv``), so no simulated agency or host is a real one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

REAL_NAMES = Path(__file__).with_name("realnames.tsv")

# (character, pinyin).  "喆" and "堃" are in GBK but not in GB2312: a page
# that declares gb2312 but carries them needs a GB18030 decoder (portal-patterns §3.1).
SYLLABLES: list[tuple[str, str]] = [
    ("安", "an"),
    ("宁", "ning"),
    ("平", "ping"),
    ("泰", "tai"),
    ("华", "hua"),
    ("清", "qing"),
    ("河", "he"),
    ("山", "shan"),
    ("阳", "yang"),
    ("江", "jiang"),
    ("东", "dong"),
    ("西", "xi"),
    ("南", "nan"),
    ("北", "bei"),
    ("兴", "xing"),
    ("昌", "chang"),
    ("德", "de"),
    ("建", "jian"),
    ("永", "yong"),
    ("新", "xin"),
    ("龙", "long"),
    ("丰", "feng"),
    ("嘉", "jia"),
    ("荣", "rong"),
    ("海", "hai"),
    ("云", "yun"),
    ("庆", "qing"),
    ("福", "fu"),
    ("湖", "hu"),
    ("林", "lin"),
    ("石", "shi"),
    ("金", "jin"),
    ("桂", "gui"),
    ("临", "lin"),
    ("湘", "xiang"),
    ("溪", "xi"),
]
RARE_SYLLABLES: list[tuple[str, str]] = [("喆", "zhe"), ("堃", "kun")]

PROVINCE_SUFFIX = "省"

# (department name, host/dir abbreviation as real portals spell it)
DEPARTMENTS: list[tuple[str, str]] = [
    ("财政局", "czj"),
    ("教育局", "jyj"),
    ("民政局", "mzj"),
    ("司法局", "sfj"),
    ("人力资源和社会保障局", "rsj"),
    ("自然资源和规划局", "zrzyj"),
    ("生态环境局", "sthjj"),
    ("住房和城乡建设局", "zjj"),
    ("交通运输局", "jtysj"),
    ("水利局", "slj"),
    ("农业农村局", "nyncj"),
    ("商务局", "swj"),
    ("文化和旅游局", "wlj"),
    ("卫生健康委员会", "wjw"),
    ("退役军人事务局", "tyjrswj"),
    ("应急管理局", "yjglj"),
    ("审计局", "sjj"),
    ("市场监督管理局", "scjgj"),
    ("统计局", "tjj"),
    ("医疗保障局", "ybj"),
    ("发展和改革委员会", "fgw"),
    ("工业和信息化局", "gxj"),
    ("林业局", "lyj"),
    ("体育局", "tyj"),
    ("信访局", "xfj"),
    ("城市管理局", "cgj"),
    ("行政审批服务局", "xzspj"),
    ("数据资源管理局", "sjzyj"),
    ("人民政府办公室", "bgs"),
    ("公安局", "gaj"),
    ("科学技术局", "kjj"),
    ("粮食和物资储备局", "lsj"),
    ("乡村振兴局", "xczxj"),
    ("机关事务管理局", "jgswj"),
]

# township / street name stems; the unit is "<stem>街道办事处", "<stem>镇人民政府" or "<stem>乡人民政府".
# The stems key the farm's draws; those that begin like a real county, city or province (城关区,
# 长安区, 永安市 …) are shown as in SHOWN_STEMS (tests/farm/test_names.py checks the shown ones).
TOWNSHIP_STEMS: list[str] = [
    "城关",
    "东城",
    "西城",
    "南关",
    "北关",
    "新华",
    "解放",
    "人民路",
    "和平",
    "建设路",
    "花园",
    "长安",
    "青龙",
    "白马",
    "黄土",
    "石桥",
    "柳林",
    "杨庄",
    "李家",
    "王家",
    "张村",
    "大营",
    "小河",
    "高庙",
    "太平",
    "永安",
    "三里",
    "五里",
    "七星",
    "九龙",
    "红星",
    "向阳",
    "光明",
    "胜利",
    "前进",
    "团结",
]

SHOWN_STEMS: dict[str, str] = {
    "城关": "城南",
    "东城": "东关",
    "西城": "西关",
    "南关": "新街",
    "北关": "老街",
    "新华": "新村",
    "解放": "建国",
    "和平": "幸福",
    "长安": "民主",
    "青龙": "白鹤",
    "柳林": "枣林",
    "太平": "万福",
    "永安": "桃园",
    "七星": "八里",
    "九龙": "金鸡",
    "向阳": "育才",
    "光明": "书院",
    "前进": "和谐",
}

TOWNSHIP_KINDS: list[tuple[str, str]] = [("街道办事处", "jd"), ("镇人民政府", "z"), ("乡人民政府", "x")]

# Another body's report that a department reposts (portal-patterns §2.4: a transport
# bureau republished the Ministry's report).
CENTRAL_BODIES: list[str] = ["交通运输部", "财政部", "教育部", "生态环境部", "国家统计局", "水利部"]

# Division codes: a two-digit "province" prefix per province, in order.  GB/T 2260 assigns none of
# them (its provinces are 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82), so no simulated
# agency can be placed in a real province by its code; 26 prefixes for at most 25 provinces.
PROVINCE_CODES: list[str] = [f"{n}" for n in (*range(72, 81), *range(83, 100))]


def all_place_pairs() -> list[tuple[str, str]]:
    """Every two-syllable name and its pinyin, in the farm's order (before the real ones are skipped)."""
    n = len(SYLLABLES)
    out = []
    for index in range(n * (n - 1)):
        first = index % n
        second = (first + 1 + index // n) % n
        (c1, p1), (c2, p2) = SYLLABLES[first], SYLLABLES[second]
        out.append((c1 + c2, p1 + p2))
    return out


@lru_cache(maxsize=1)
def real_names() -> frozenset[str]:
    """The pairs that are, or sound like, real divisions (``realnames.tsv``, made by ``python -m farm.realnames``)."""
    lines = REAL_NAMES.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t")[0] for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def invented_names() -> list[tuple[str, str]]:
    return [pair for pair in all_place_pairs() if pair[0] not in real_names()]


def key_name(index: int) -> tuple[str, str]:
    """The name and pinyin the index-th place's draws are keyed by: the farm's first names, real ones
    included, so that renaming a place changes none of its shapes (hosts' variants, reports, rows)."""
    n = len(SYLLABLES)
    first = index % n
    second = (first + 1 + (index // n)) % n
    if second == first:
        second = (second + 1) % n
    (c1, p1), (c2, p2) = SYLLABLES[first], SYLLABLES[second]
    lap = index // (n * (n - 1))
    return c1 + c2, p1 + p2 + (str(lap + 1) if lap else "")


def place_name(index: int) -> tuple[str, str]:
    """The index-th invented place name and its pinyin: no real division's name or sound.

    Distinct for index < len(invented_names()); later laps repeat the names with a numbered pinyin."""
    pairs = invented_names()
    lap, i = divmod(index, len(pairs))
    name, pinyin = pairs[i]
    return name, pinyin + (str(lap + 1) if lap else "")


def province_name(index: int) -> str:
    name, _ = place_name(index * 7 + 3)
    return name + PROVINCE_SUFFIX


def province_abbr(province: str) -> str:
    """A province's short domain label, from the pinyin initials of its name (华清省 -> "hq", like js, zj, ah)."""
    pinyin = dict(SYLLABLES + RARE_SYLLABLES)
    return "".join(pinyin[c][0] for c in province.removesuffix(PROVINCE_SUFFIX) if c in pinyin)
