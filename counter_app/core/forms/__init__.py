"""Printed one-stop forms (01–06) rendered to PDF with ReportLab."""
