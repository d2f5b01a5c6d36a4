"""Renderers: each turns the same edit plan (findings per file) into one output format."""
