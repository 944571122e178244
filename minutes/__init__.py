"""Minutes: item extraction from transcripts, biên bản and báo cáo documents."""
