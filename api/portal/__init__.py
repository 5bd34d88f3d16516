"""The client portal: static pages and the routes that serve them."""
