"""Fixed Vietnamese text of the minutes package, one module per area.

Import the area: `from minutes.messages import documents as msg`. Spelling
follows Nghị định 30/2020/NĐ-CP; placeholders use str.format names.
"""
