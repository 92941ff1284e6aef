"""The prospect list: a lazily paged table model, its filter bar and page."""
