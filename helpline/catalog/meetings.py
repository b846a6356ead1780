"""Meetings near you, by text and by phone."""

MESSAGES: dict[str, dict[str, str]] = {
    "meetings_header": {
        "en": "Meetings near {place}{when}:",
        "es": "Reuniones cerca de {place}{when}:",
    },
    "meetings_header_online": {
        "en": "Online meetings starting soon{when}:",
        "es": "Reuniones en linea pronto{when}:",
    },
    "meetings_header_no_spanish": {
        "en": "No Spanish-speaking meetings near {place}{when}. In English:",
        "es": "No hay reuniones en espanol cerca de {place}{when}. En ingles:",
    },
    "meetings_header_online_no_spanish": {
        "en": "No Spanish-speaking online meetings soon{when}. In English:",
        "es": "No hay reuniones en linea en espanol pronto{when}. En ingles:",
    },
    "meetings_none_near": {
        "en": "No open in-person meetings within {radius} miles of {place}{when}. Online soon:",
        "es": "No hay reuniones presenciales a {radius} millas de {place}{when}. En linea pronto:",
    },
    "meetings_footer": {
        "en": "Reply MORE, DETAILS {n} or REMIND {n}",
        "es": "Responde MAS, DETALLES {n} o RECORDAR {n}",
    },
    "meetings_none_at_all": {
        "en": (
            "Sorry, we have no meetings listed for that time. Try MEETINGS ONLINE or another day. "
            "Text TALK to reach a peer. In danger? Call or text {crisis}."
        ),
        "es": (
            "Lo sentimos, no hay reuniones para ese horario. Prueba REUNIONES EN LINEA u otro dia. "
            "Texto HABLAR para un companero. En peligro? Llama o texto al {crisis}."
        ),
    },
    "meetings_need_place": {
        "en": (
            "To find meetings, send MEETINGS and your ZIP code (like MEETINGS 19958), a city and "
            "state (MEETINGS Lewes DE), or MEETINGS ONLINE."
        ),
        "es": (
            "Para buscar reuniones, envia REUNIONES y tu codigo postal (REUNIONES 19958), una "
            "ciudad y estado (REUNIONES Lewes DE), o REUNIONES EN LINEA."
        ),
    },
    "meetings_unknown_place": {
        "en": (
            "Sorry, we could not find \"{text}\". Send MEETINGS and a 5-digit ZIP (like "
            "MEETINGS 19958), a city and state, or MEETINGS ONLINE."
        ),
        "es": (
            "Lo sentimos, no encontramos \"{text}\". Envia REUNIONES y un codigo postal de 5 "
            "digitos (REUNIONES 19958), una ciudad y estado, o REUNIONES EN LINEA."
        ),
    },
    "meetings_which_one": {
        "en": "Which one? Reply MEETINGS and one of: {options}",
        "es": "Cual? Responde REUNIONES y uno de: {options}",
    },
    "meetings_no_more": {
        "en": "That is all for that search. Send MEETINGS and a ZIP to search again.",
        "es": "Eso es todo para esa busqueda. Envia REUNIONES y un codigo postal otra vez.",
    },
    "meetings_no_search": {
        "en": "First send MEETINGS and your ZIP (like MEETINGS 19958), then DETAILS 1 or REMIND 1.",
        "es": "Primero envia REUNIONES y tu codigo postal, luego DETALLES 1 o RECORDAR 1.",
    },
    "meetings_bad_number": {
        "en": "Please pick a number from the list, 1 to {count}, like DETAILS 1.",
        "es": "Elige un numero de la lista, del 1 al {count}, como DETALLES 1.",
    },
    "meetings_remind_ok": {
        "en": (
            "OK, we will text you at {time} before {name} ({start}). Text STOP to cancel all "
            "texts from us."
        ),
        "es": (
            "Listo, te enviaremos un texto a las {time} antes de {name} ({start}). Envia STOP "
            "para cancelar todos los textos."
        ),
    },
    "meetings_remind_soon": {
        "en": "{name} starts at {start}, in less than {lead} minutes, so no reminder. Go for it!",
        "es": "{name} empieza a las {start}, en menos de {lead} minutos, asi que no hay aviso.",
    },
    "meetings_reminder": {
        "en": "Reminder from {line}: {name} starts at {start}. {where}. You've got this.",
        "es": "Aviso de {line}: {name} empieza a las {start}. {where}. Tu puedes.",
    },
}

VOICE: dict[str, dict[str, str]] = {
    "zip_prompt": {
        "en": "Please enter your 5 digit zip code.",
        "es": "Por favor marque su codigo postal de 5 digitos.",
    },
    "zip_unknown": {
        "en": "Sorry, I could not find that zip code.",
        "es": "Lo siento, no encontre ese codigo postal.",
    },
    "meetings_intro": {
        "en": "Here are the next meetings near {place}.",
        "es": "Estas son las proximas reuniones cerca de {place}.",
    },
    "meetings_none": {
        "en": (
            "I could not find an in-person meeting near you soon. Text MEETINGS ONLINE to this "
            "number for online meetings."
        ),
        "es": (
            "No encontre una reunion presencial cerca pronto. Envie REUNIONES EN LINEA a este "
            "numero para reuniones en linea."
        ),
    },
    "meetings_text_prompt": {
        "en": "Press 1 to get these meetings by text.",
        "es": "Marque 1 para recibir estas reuniones por texto.",
    },
    "meetings_texted": {
        "en": "We sent them to you by text. Take care of yourself.",
        "es": "Se las enviamos por texto. Cuidese mucho.",
    },
}
