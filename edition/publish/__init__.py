"""Publishing: what is done with the rendered values (staging the site, the search index, the data zip)."""
