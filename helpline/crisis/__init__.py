"""Crisis recognition: does a text (or a voicemail's words) signal danger? `signals_danger` is
part of the public contract. What the line then does (crisis replies, pages) is the domain of
`helpline.texts.crisis` and `helpline.calls.voicemail`."""

from helpline.crisis.recognise import signals_danger

__all__ = ["signals_danger"]
