"""Printed voter documents: cards (ReportLab canvas), the list and the certificate
(xhtml2pdf templates), and background batch printing of a commune or district."""
