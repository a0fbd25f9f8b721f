"""Keeping the databank sound: its invariants checked (:mod:`.check`) and its backup and
restore (:mod:`.backup`)."""
