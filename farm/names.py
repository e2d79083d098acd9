"""Place names, departments and townships of the simulated country, with their pinyin.

The names are invented (two syllables drawn from a fixed list) so that no
simulated host collides with a real government domain, but they look and
read like real ones: 安宁市, www.anning.gov.cn, 安宁市财政局, czj.anning.gov.cn.
"""

from __future__ import annotations

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

# township / street name stems; the unit is "<stem>街道办事处", "<stem>镇人民政府" or "<stem>乡人民政府"
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
TOWNSHIP_KINDS: list[tuple[str, str]] = [("街道办事处", "jd"), ("镇人民政府", "z"), ("乡人民政府", "x")]

# Another body's report that a department reposts (portal-patterns §2.4: a transport
# bureau republished the Ministry's report).
CENTRAL_BODIES: list[str] = ["交通运输部", "财政部", "教育部", "生态环境部", "国家统计局", "水利部"]

# Division codes: a two-digit "province" prefix per province, in order.
PROVINCE_CODES: list[str] = [
    "13",
    "14",
    "21",
    "22",
    "23",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "50",
    "51",
    "52",
    "53",
    "61",
    "62",
    "63",
    "64",
    "65",
]


def place_name(index: int) -> tuple[str, str]:
    """The index-th two-syllable place name and its pinyin (distinct for index < 36*35)."""
    n = len(SYLLABLES)
    first = index % n
    second = (first + 1 + (index // n)) % n
    if second == first:
        second = (second + 1) % n
    c1, p1 = SYLLABLES[first]
    c2, p2 = SYLLABLES[second]
    lap = index // (n * (n - 1))
    suffix = str(lap + 1) if lap else ""
    return c1 + c2, p1 + p2 + suffix


def province_name(index: int) -> str:
    name, _ = place_name(index * 7 + 3)
    return name + PROVINCE_SUFFIX


def province_abbr(province: str) -> str:
    """A province's short domain label, from the pinyin initials of its name (安宁省 -> "an", like js, zj, ah)."""
    pinyin = dict(SYLLABLES + RARE_SYLLABLES)
    return "".join(pinyin[c][0] for c in province.removesuffix(PROVINCE_SUFFIX) if c in pinyin)
