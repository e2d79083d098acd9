"""Every CMS portal of altfarm, in the order they are built (hosts and ids follow from it)."""

from __future__ import annotations

from altfarm.fenced import challenged_county, cookie_shell_city, robots_district, slider_captcha_city
from altfarm.script_cms import gkmlpt_district, hanweb_district
from altfarm.static_cms import cchannel_county, vsb_county, wanhu_county
from altfarm.trs_portals import trs_table_county, trs_years_city

BUILDERS = [
    trs_table_county,
    trs_years_city,
    cchannel_county,
    hanweb_district,
    gkmlpt_district,
    wanhu_county,
    vsb_county,
    challenged_county,
    robots_district,
    cookie_shell_city,
    slider_captcha_city,
]
