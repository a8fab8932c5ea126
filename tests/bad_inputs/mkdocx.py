# mkdocx.py — the docx_*.docx inputs of tests/bad_inputs (README.md there); not run by the tests
# mkdocx.py OUT TABLES ROWS COLS [SPAN]: a .docx of TABLES tables, each ROWS rows of COLS empty cells
import sys, zipfile
out, tables, rows, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
span = int(sys.argv[5]) if len(sys.argv) > 5 else 0
ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
      'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>')
cell = '<w:tc><w:tcPr><w:gridSpan w:val="%d"/></w:tcPr></w:tc>' % span if span else '<w:tc/>'
table = '<w:tbl>' + ('<w:tr>' + cell * cols + '</w:tr>') * rows + '</w:tbl>'
doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       '<w:body><w:p><w:r><w:t>政府信息公开工作年度报告</w:t></w:r></w:p>' + table * tables + '</w:body></w:document>')
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for name, data in (('[Content_Types].xml', ct), ('_rels/.rels', rels), ('word/document.xml', doc)):
        z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
