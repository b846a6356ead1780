"""Check-ins: the question after a conversation, the answers, and the check-in itself (whose
first line never names addiction, recovery or what the line is for: a shared phone may show
a preview)."""

MESSAGES: dict[str, dict[str, str]] = {
    "checkin_question": {
        "en": (
            "Want us to check in tomorrow and next week? Reply YES. Reply NO or ignore this to "
            "skip."
        ),
        "es": (
            "Quieres que te escribamos manana y la proxima semana? Responde SI. Responde NO o "
            "ignora esto para no recibirlos."
        ),
    },
    "checkin_yes": {
        "en": (
            "Thank you. We will check in at a reasonable hour. Reply NO MORE any time to stop "
            "check-ins, or STOP for no texts at all."
        ),
        "es": (
            "Gracias. Te escribiremos a una hora razonable. Responde YA NO cuando quieras para "
            "dejar de recibirlos, o STOP para no recibir ningun texto."
        ),
    },
    "checkin_declined": {
        "en": "Okay, no check-ins. Text TALK any time you want to talk.",
        "es": "Esta bien, sin mensajes. Envia HABLAR cuando quieras hablar.",
    },
    "checkin_stopped": {
        "en": "Okay, no more check-ins. Text TALK any time you want to talk.",
        "es": "Esta bien, no mas mensajes. Envia HABLAR cuando quieras hablar.",
    },
    "checkin": {
        "en": (
            "Hi, it's {person} from the line you texted. Checking in - how are you doing today? "
            "Reply NO MORE to stop these."
        ),
        "es": (
            "Hola, soy {person} de la linea a la que escribiste. Queria saber como estas hoy. "
            "Responde YA NO para no recibir mas."
        ),
    },
    "checkin_unsigned": {
        "en": (
            "Hi, it's the line you texted. Checking in - how are you doing today? Reply NO MORE "
            "to stop these."
        ),
        "es": (
            "Hola, te escribe la linea a la que escribiste. Queria saber como estas hoy. "
            "Responde YA NO para no recibir mas."
        ),
    },
}

VOICE: dict[str, dict[str, str]] = {}
