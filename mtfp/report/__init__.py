"""The Panel budget report: the precept proposal and MTFP a Police and Crime Panel receives.

content.py builds the report as data (sections of headings, paragraphs, tables of display
text and charts) from a scenario, its projection and mtfp.results only; docx.py writes it as
a Word document (python-docx) and pdf.py as print-styled HTML printed to PDF by Chromium, so
both formats say the same figures. section25.py drafts the chief finance officer's statement.
"""
