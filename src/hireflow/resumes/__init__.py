"""Resumes: upload, storage, text extraction, section detection and field extraction."""
