"""What coordinators see of the line's work: Now (now.py), the Activity list (history.py) and
its detail pages (detail.py), voicemails to handle (voicemails.py); reports will join them.
Read-only views in plain values (codenames and case codes, never numbers), except marking a
voicemail handled. Message words only on a conversation's own page, while retention keeps them."""
