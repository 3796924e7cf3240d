-- Số hóa (TT 01/2023/TT-VPCP Điều 8): the number of pages of each stored component is recorded, so the count of
-- scanned images can be checked against the paper original; null when the file type has no pages (e.g. .docx)
-- or the file could not be read as a PDF.
ALTER TABLE dossier_attachments ADD COLUMN page_count INTEGER CHECK (page_count IS NULL OR page_count >= 1);
