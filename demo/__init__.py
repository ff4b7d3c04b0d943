"""The demo election: Ho Chi Minh City, 23 May 2021, as a set-up workbook.

Real public data (administrative units, the National Assembly and city council units)
comes from `demo/data/` (see SOURCES.md); everything about people is synthetic.
"""
