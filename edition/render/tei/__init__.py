"""TEI P5 XML: a document (`document`), its header (`header`) and its stand-off layer (`standoff`)."""
