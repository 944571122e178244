"""Loudspeaker announcements: script, speech normalisation, synthesis, mastering and schedule."""
