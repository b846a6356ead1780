"""How long the line keeps what people said: message bodies, conversations, voicemail words and
recordings are purged after the retention period; the metadata reports need stays."""
