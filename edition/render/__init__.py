"""The outputs, made as values from the model (never from the YAML): HTML pages (`html`), TEI (`tei`), the
data exports (`exports`), citations and search records. What is done with them is `edition.publish`'s."""
