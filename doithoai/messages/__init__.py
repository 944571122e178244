"""User-facing text of the application, one module per area.

Import the area: `from doithoai.messages import review as msg`. Page text
lives in the templates (doithoai/web/templates); the speech engine's text in
pipeline/messages, the documents' in minutes/messages, the radio's in
broadcast/messages.
"""
