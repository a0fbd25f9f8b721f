"""interlist: a shared databank of designated persons and organisations."""
