"""Every automated text the line sends, in English and Spanish.

Entries must be pure GSM-7 as written and fit in 2 segments with realistic values
(tests/test_catalog.py checks both). Placeholders are filled by texts.render().
"""

MESSAGES: dict[str, dict[str, str]] = {
    "welcome": {
        "en": (
            "Hi, this is {name}, peer support for recovery. Reply MEETINGS and your ZIP "
            "(like MEETINGS 19958) for meetings near you, TALK to text with a peer, or CRISIS "
            "for urgent help. HELP for info, STOP to opt out."
        ),
        "es": (
            "Hola, somos {name}, apoyo entre pares para la recuperacion. Responde REUNIONES y "
            "tu codigo postal para reuniones cerca, HABLAR para escribir con un companero, o "
            "CRISIS si es urgente. STOP para no recibir mas."
        ),
    },
    "help": {
        "en": (
            "{name}: free, private peer support for recovery by text and phone. Text MEETINGS "
            "and your ZIP for meetings, TALK for a peer. In danger? Call or text {crisis}, or "
            "call {emergency}. Msg&data rates may apply. Text STOP to opt out."
        ),
        "es": (
            "{name}: apoyo gratis y privado para la recuperacion. Texto REUNIONES y tu codigo "
            "postal, o HABLAR para un companero. En peligro? Llama o texto al {crisis}, o "
            "llama al {emergency}. Texto STOP para no recibir mas."
        ),
    },
    "crisis": {
        "en": (
            "You matter and you are not alone. Call or text {crisis} now, free and open 24/7. "
            "If you are in danger or someone may have overdosed, call {emergency}. We are "
            "letting a peer on duty know."
        ),
        "es": (
            "Tu vida importa y no estas solo. Llama o envia un texto al {crisis} ahora, gratis "
            "y 24/7 (di 'espanol'). Si hay peligro o una sobredosis, llama al {emergency}. "
            "Avisamos a un companero de turno."
        ),
    },
    "volunteer_crisis_alert": {
        "en": (
            "{name}: texter {codename} sent words that may mean danger at {time}. They got "
            "{crisis}/{emergency} info. Please tell your coordinator you saw this."
        ),
        "es": (
            "{name}: la persona {codename} envio palabras de posible peligro a las {time}. "
            "Recibio info del {crisis}/{emergency}. Avisa a tu coordinador que lo viste."
        ),
    },
    "trouble": {
        "en": (
            "Sorry, {name} could not handle your text just now. Please try again in a few "
            "minutes. In danger? Call or text {crisis}, or call {emergency}."
        ),
        "es": (
            "Lo sentimos, {name} no pudo procesar tu texto ahora. Intenta de nuevo en unos "
            "minutos. En peligro? Llama o texto al {crisis}, o llama al {emergency}."
        ),
    },
}

#: Spoken prompts (not texts: no segment limit), read by <Say>.
VOICE: dict[str, dict[str, str]] = {
    "greeting": {
        "en": (
            "Thank you for calling {name}, peer support for recovery. Right now our volunteers "
            "are reached by text. Text this number the word TALK to reach a peer, or the word "
            "MEETINGS and your zip code for meetings near you. If you are in danger, call or "
            "text {crisis}, or call {emergency}. Take care of yourself."
        ),
        "es": (
            "Gracias por llamar a {name}. Por ahora nuestros voluntarios responden por texto. "
            "Envie la palabra HABLAR a este numero, o REUNIONES y su codigo postal. Si esta en "
            "peligro, llame o envie un texto al {crisis}, o llame al {emergency}."
        ),
    },
    "fallback": {
        "en": (
            "We are sorry, the helpline is having trouble right now. If you are in danger, "
            "call or text {crisis}, or call {emergency}. Please try us again in a few minutes."
        ),
        "es": (
            "Lo sentimos, la linea tiene problemas ahora. Si esta en peligro, llame o envie un "
            "texto al {crisis}, o llame al {emergency}. Intente de nuevo en unos minutos."
        ),
    },
}
