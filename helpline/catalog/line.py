"""The line itself: welcome, help, crisis, trouble; the greeting and the menu."""

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
    "crisis_nobody_on_duty": {
        "en": (
            "You matter and you are not alone. Call or text {crisis} now, free and open 24/7. "
            "If you are in danger or someone may have overdosed, call {emergency}. No peer "
            "volunteer is on duty at this moment."
        ),
        "es": (
            "Tu vida importa y no estas solo. Llama o envia un texto al {crisis} ahora, gratis "
            "y 24/7 (di 'espanol'). Si hay peligro o una sobredosis, llama al {emergency}. "
            "Ahora no hay companeros de turno."
        ),
    },
    "crisis_someone_told": {
        "en": (
            "You matter and you are not alone. Call or text {crisis} now, free and open 24/7. "
            "If you are in danger or someone may have overdosed, call {emergency}. No peer is "
            "on duty right now; we are letting someone from the line know."
        ),
        "es": (
            "Tu vida importa y no estas solo. Llama o envia un texto al {crisis} ahora, gratis "
            "y 24/7 (di 'espanol'). Si hay peligro o una sobredosis, llama al {emergency}. "
            "Nadie esta de turno; avisamos a alguien de la linea."
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

VOICE: dict[str, dict[str, str]] = {
    "greeting": {
        "en": (
            "Thank you for calling {name}, peer support for recovery. If you are in danger, "
            "call or text {crisis}, or call {emergency}."
        ),
        "es": (
            "Gracias por llamar a {name}, apoyo para la recuperacion. Si esta en peligro, llame "
            "o envie un texto al {crisis}, o llame al {emergency}."
        ),
    },
    "menu": {
        "en": (
            "Press 1 to reach a peer in recovery. Press 2 for meetings near you. Press 3 if you "
            "are in crisis or in danger. Press 0 to leave a voice message."
        ),
        "es": (
            "Marque 1 para hablar con un compañero en recuperacion. Marque 2 para reuniones "
            "cerca. Marque 3 si esta en crisis o en peligro. Marque 0 para dejar un mensaje de "
            "voz."
        ),
    },
    # Said in its own language and voice, to offer it from the other language's menu.
    "language_offer": {
        "en": "For English, press 9.",
        "es": "Para español, marque 9.",
    },
    "blocked": {
        "en": (
            "Thank you for calling {name}. This line cannot take your call right now. If you "
            "are in danger, call or text {crisis}, or call {emergency}. Take care of yourself."
        ),
        "es": (
            "Gracias por llamar a {name}. Esta linea no puede atender su llamada ahora. Si esta "
            "en peligro, llame o envie un texto al {crisis}, o llame al {emergency}. Cuidese "
            "mucho."
        ),
    },
    "peer_by_text": {
        "en": (
            "Right now our volunteers are reached by text. Text the word TALK to this number. If "
            "you are in danger, call or text {crisis}, or call {emergency}. Take care of yourself."
        ),
        "es": (
            "Por ahora nuestros voluntarios responden por texto. Envie la palabra HABLAR a este "
            "numero. Si esta en peligro, llame o envie un texto al {crisis}, o llame al "
            "{emergency}."
        ),
    },
    "crisis": {
        "en": (
            "You matter, and you are not alone. If someone may have overdosed or you are in "
            "danger, hang up and call {emergency} now. You can call or text {crisis} any time, "
            "day or night, for free."
        ),
        "es": (
            "Usted importa y no esta solo. Si alguien tuvo una sobredosis o esta en peligro, "
            "cuelgue y llame al {emergency} ahora. Puede llamar o enviar un texto al {crisis} a "
            "cualquier hora, gratis."
        ),
    },
    "goodbye": {
        "en": "Thank you for calling. Take care of yourself.",
        "es": "Gracias por llamar. Cuidese mucho.",
    },
    "fallback_call": {
        "en": (
            "We are sorry, the helpline is having trouble right now. We are connecting you to "
            "someone who can help. If you are in danger, call or text {crisis}, or call "
            "{emergency}."
        ),
        "es": (
            "Lo sentimos, la linea tiene problemas ahora. Le estamos conectando con alguien que "
            "puede ayudar. Si esta en peligro, llame o envie un texto al {crisis}, o llame al "
            "{emergency}."
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
