"""PDF documents (Qt-free) per ГОСТ Р 7.0.97-2025, built from plain data.

Modules, each with one job: `layout` (page geometry, styles), `fonts` (bundled TTFs),
`requisites` (organisation, date and number, signer), `document` (orders with appendices),
`lists` (lists and reports), `tables`, `pages` (page numbers), `names` (ФИО, dates, plurals,
declension), `typography`. Import from the modules: the package itself stays light, so that
`reports.names` can be used without loading reportlab.

    from nastavnik_desktop.reports.document import OfficialDocument
    from nastavnik_desktop.reports.requisites import Organisation, Requisites, Signer

    doc = OfficialDocument(Requisites(organisation=Organisation("…", "МБОУ «СОШ № 7»"),
                                      date=day, number="45-о", title="О …",
                                      signer=Signer.from_full_name("Директор", "…")))
    doc.add_paragraph("…"); doc.add_numbered(["…", "…"]); doc.add_signature()
    doc.add_appendix("Список наставнических пар"); doc.add_table(headers, rows)
    doc.build(path)
"""
