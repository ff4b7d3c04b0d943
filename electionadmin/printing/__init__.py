"""Printing, beneath the stages: what every stage uses to put a document on paper.

- `fonts`: the embedded Vietnamese font (Be Vietnam Pro) for ReportLab and xhtml2pdf;
- `html`: an HTML template to PDF with xhtml2pdf (`render_pdf`);
- `drawing`: ReportLab's platypus kit (styles, grids, the QR flowable, the footer
  with page numbers) for forms drawn in code (the Tổ minutes);
- `canvas_table`, `canvas_text`: long tables and one-page forms straight on the
  canvas, at its speed (the voter list, the change report, the certificate);
- `heading`: a form's number and title from the cycle's catalogue and the heading
  every form prints (issuing body, national motto, number, title);
- `words`: figures, percentages, dates and names as the forms write them;
- `bodies`: an election body's members and the signature blocks;
- `verification`: the verification code and QR text printed on a form;
- `models.PrintJob` and `jobs`: batch printing as a background task with progress,
  one PDF per commune in a zip.

This package imports `setup` (elections, units, bodies) and nothing of the stages
above it (voters, polling, results, documents, publishing): they import it.
"""
