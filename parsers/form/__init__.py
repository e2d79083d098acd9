"""What describes the form besides its cells (``parsers.cells``): the printed row labels.

``t2_rows`` (table 2's rows and the rows provinces add) and ``t3_rows`` (table 3's rows and group
cells).  The checks the form implies live in ``parsers.checks``.
"""
