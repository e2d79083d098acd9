"""The spiders (one generic, registry-driven spider)."""
