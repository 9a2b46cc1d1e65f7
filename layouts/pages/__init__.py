"""One module per page; each has `render(view, query, lang) -> (breadcrumb items, body)`."""
