"""The crawler: find, fetch and archive every 政府信息公开工作年度报告 of the portals in the registry.

Spiders navigate and archive; they never parse tables (that is ``parsers/``).
"""
