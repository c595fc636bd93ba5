"""Litigation: cases, parties, docket entries and orders grow here. Courts live in `directory`."""
