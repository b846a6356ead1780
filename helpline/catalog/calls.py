"""Calls to a peer: the queue, screening, voicemail and call-backs."""

MESSAGES: dict[str, dict[str, str]] = {
    "vm_notice": {
        "en": "{name} voicemail {code} ({language}, {duration}){words}",
        "es": "Mensaje de voz de {name} {code} ({language}, {duration}){words}",
    },
    "vm_notice_callback": {
        "en": (
            "{name} voicemail {code} ({language}, {duration}){words} Caller wants a call-back: "
            "text CALLBACK {code}."
        ),
        "es": (
            "Mensaje de voz de {name} {code} ({language}, {duration}){words} Pide que le "
            "llamen: envia CALLBACK {code}."
        ),
    },
    "vm_notice_urgent": {
        "en": "URGENT, may be in danger: {name} voicemail {code} ({language}, {duration}){words}",
        "es": "URGENTE, posible peligro: mensaje de voz de {name} {code} ({language}, "
              "{duration}){words}",
    },
    "vm_notice_callback_urgent": {
        "en": (
            "URGENT, may be in danger: {name} voicemail {code} ({language}, {duration}){words} "
            "Call back: text CALLBACK {code}."
        ),
        "es": (
            "URGENTE, posible peligro: mensaje de voz de {name} {code} ({language}, "
            "{duration}){words} Para llamar: envia CALLBACK {code}."
        ),
    },
    "vm_callback_wanted": {
        "en": (
            "{name}: the caller who left voicemail {code} wants a call-back: text CALLBACK "
            "{code}."
        ),
        "es": (
            "{name}: quien dejo el mensaje de voz {code} pide que le llamen: envia CALLBACK "
            "{code}."
        ),
    },
    "vm_calling_you": {
        "en": (
            "Calling you now: answer and you will be connected to the caller (caller ID shows "
            "the helpline)."
        ),
        "es": (
            "Te llamamos ahora: contesta y te conectamos con la persona (el identificador "
            "muestra la linea)."
        ),
    },
    "vm_callback_taken": {
        "en": "Call-back {code} is already taken. Thank you!",
        "es": "La llamada {code} ya esta tomada. Gracias!",
    },
    "vm_callback_unknown": {
        "en": "There is no call-back {code} waiting. Check the code in the voicemail text.",
        "es": "No hay una llamada {code} pendiente. Revisa el codigo en el texto del mensaje.",
    },
    "vm_callback_missed": {
        "en": "We could not connect call-back {code}. Text CALLBACK {code} when you can answer.",
        "es": (
            "No pudimos conectar la llamada {code}. Envia CALLBACK {code} cuando puedas "
            "contestar."
        ),
    },
}

VOICE: dict[str, dict[str, str]] = {
    "queue_intro": {
        "en": (
            "Thank you. We are calling a volunteer in recovery for you now. Please stay on the "
            "line."
        ),
        "es": "Gracias. Estamos llamando a un voluntario en recuperacion. Por favor no cuelgue.",
    },
    "queue_hold": {
        "en": (
            "You are next in line. A volunteer is being called. If nobody can answer within "
            "{wait}, you can leave a message."
        ),
        "es": (
            "Usted es el siguiente. Estamos llamando a un voluntario. Si nadie puede contestar "
            "en {wait}, podra dejar un mensaje."
        ),
    },
    "queue_still": {
        "en": "Thank you for holding. We are still trying.",
        "es": "Gracias por esperar. Seguimos intentando.",
    },
    "screen": {
        "en": "Helpline call, {language}. Press 1 to accept.",
        "es": "Llamada de la linea, {language}. Marque 1 para aceptar.",
    },
    "screen_missed": {
        "en": "No problem. We will try someone else. Goodbye.",
        "es": "No hay problema. Llamaremos a otra persona. Adios.",
    },
    "taken": {
        "en": "Another volunteer already took this call. Thank you for answering.",
        "es": "Otro voluntario ya tomo esta llamada. Gracias por contestar.",
    },
    "nobody_free": {
        "en": (
            "We are sorry, no volunteer could answer right now. If you are in danger, call or "
            "text {crisis}, or call {emergency}. Please try us again, or text TALK to this number."
        ),
        "es": (
            "Lo sentimos, ningun voluntario pudo contestar ahora. Si esta en peligro, llame o "
            "envie un texto al {crisis}, o llame al {emergency}. Intente de nuevo mas tarde."
        ),
    },
    "vm_sorry": {
        "en": (
            "We are sorry, no volunteer could answer right now. If you are in danger, call or "
            "text {crisis}, or call {emergency}."
        ),
        "es": (
            "Lo sentimos, ningun voluntario pudo contestar ahora. Si esta en peligro, llame o "
            "envie un texto al {crisis}, o llame al {emergency}."
        ),
    },
    "after_hours": {
        "en": (
            "Thank you. No volunteer is on duty right now. If you are in danger, call or text "
            "{crisis}, or call {emergency}."
        ),
        "es": (
            "Gracias. Ahora no hay ningun voluntario de turno. Si esta en peligro, llame o envie "
            "un texto al {crisis}, o llame al {emergency}."
        ),
    },
    "forwarding": {
        "en": "Thank you. We are connecting you to someone who can help. Please stay on the line.",
        "es": (
            "Gracias. Le estamos comunicando con alguien que puede ayudarle. Por favor no "
            "cuelgue."
        ),
    },
    "vm_offer": {
        "en": (
            "Press 1 to leave a voice message for a volunteer. Press 2 to hear meeting and crisis "
            "information."
        ),
        "es": (
            "Marque 1 para dejar un mensaje de voz para un voluntario. Marque 2 para oir "
            "informacion de reuniones y de crisis."
        ),
    },
    "vm_record": {
        "en": (
            "Please leave your message after the tone. You have up to two minutes. Press the "
            "pound key when you are done."
        ),
        "es": (
            "Por favor deje su mensaje despues del tono. Tiene hasta dos minutos. Marque la tecla "
            "de numero cuando termine."
        ),
    },
    "vm_callback_offer": {
        "en": (
            "Thank you. A volunteer will hear your message. Press 1 if you would like a "
            "volunteer to call you back."
        ),
        "es": (
            "Gracias. Un voluntario escuchara su mensaje. Marque 1 si quiere que un voluntario "
            "le devuelva la llamada."
        ),
    },
    "vm_thanks_hidden": {
        "en": (
            "Thank you. A volunteer will hear your message. Your number was hidden, so we "
            "cannot call you back: please call again, or text this number. If you are in "
            "danger, call or text {crisis}, or call {emergency}. Take care of yourself."
        ),
        "es": (
            "Gracias. Un voluntario escuchara su mensaje. Su numero estaba oculto, asi que no "
            "podemos devolverle la llamada: llame otra vez, o envie un texto a este numero. Si "
            "esta en peligro, llame o envie un texto al {crisis}, o llame al {emergency}. "
            "Cuidese mucho."
        ),
    },
    "vm_goodbye": {
        "en": (
            "Thank you for calling. If you are in danger, call or text {crisis}, or call "
            "{emergency}. Take care of yourself."
        ),
        "es": (
            "Gracias por llamar. Si esta en peligro, llame o envie un texto al {crisis}, o llame "
            "al {emergency}. Cuidese mucho."
        ),
    },
    "vm_callback_goodbye": {
        "en": (
            "Thank you. A volunteer will call you back as soon as they can, from this "
            "helpline's number. If you are in danger, call or text {crisis}, or call "
            "{emergency}. Take care of yourself."
        ),
        "es": (
            "Gracias. Un voluntario le llamara lo antes posible, desde el numero de esta linea. "
            "Si esta en peligro, llame o envie un texto al {crisis}, o llame al {emergency}. "
            "Cuidese mucho."
        ),
    },
    "vm_info": {
        "en": (
            "To find a meeting near you, text the word MEETINGS and your zip code to this "
            "number, or call again and press 2 in the menu. If you are in crisis, call or text "
            "{crisis} any time, day or night, for free. If you are in danger, call {emergency}. "
            "Take care of yourself."
        ),
        "es": (
            "Para buscar una reunion cerca, envie la palabra REUNIONES y su codigo postal a este "
            "numero, o llame otra vez y marque 2 en el menu. Si esta en crisis, llame o envie un "
            "texto al {crisis} a cualquier hora, gratis. Si esta en peligro, llame al "
            "{emergency}. Cuidese mucho."
        ),
    },
    "vm_bridge": {
        "en": "Connecting you to the caller for case {code}.",
        "es": "Le conectamos con la persona del caso {code}.",
    },
    "vm_bridge_gone": {
        "en": "This call-back is no longer waiting for you. Thank you.",
        "es": "Esta llamada ya no le espera. Gracias.",
    },
    "vm_caller_machine": {
        "en": (
            "The caller's voicemail answered, and nothing was left on it. Text CALLBACK {code} "
            "to try again later. Thank you."
        ),
        "es": (
            "Contesto el buzon de voz de la persona y no se dejo nada. Envie CALLBACK {code} "
            "para intentarlo mas tarde. Gracias."
        ),
    },
    "vm_caller_missed": {
        "en": "The caller did not answer. Text CALLBACK {code} to try again later. Thank you.",
        "es": "La persona no contesto. Envie CALLBACK {code} para intentarlo mas tarde. Gracias.",
    },
}
