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
    "vol_commands": {
        "en": (
            "{name} volunteer commands: ON (or ON until 22:00), OFF, SHIFTS, DROP 2 (the 2nd of "
            "your SHIFTS), TAKE 4K2 (an open shift), CALLBACK 7Q2 (call a caller back), WHO "
            "(on duty now), COMMANDS."
        ),
        "es": (
            "Comandos de voluntario de {name}: ON (u ON until 22:00), OFF, SHIFTS, DROP 2 (el 2o "
            "de tus SHIFTS), TAKE 4K2 (un turno libre), CALLBACK 7Q2 (devolver una llamada), WHO "
            "(de turno ahora), COMMANDS."
        ),
    },
    "vol_on": {
        "en": "You are ON duty now{until}. Text OFF when you stop. Thank you!",
        "es": "Estas de turno ahora{until}. Envia OFF cuando termines. Gracias!",
    },
    "vol_off": {
        "en": "You are OFF now: no calls or texts from the line until your next shift or ON.",
        "es": "Estas fuera de turno: sin llamadas ni textos hasta tu proximo turno o ON.",
    },
    "vol_shifts": {
        "en": "Your next shifts:\n{shifts}\nReply DROP 1 to drop the first.",
        "es": "Tus proximos turnos:\n{shifts}\nResponde DROP 1 para dejar el primero.",
    },
    "vol_no_shifts": {
        "en": "You have no shifts coming up. Text ON to go on duty now.",
        "es": "No tienes turnos proximos. Envia ON para estar de turno ahora.",
    },
    "vol_dropped": {
        "en": "Dropped: {shift}. We are offering it to the other volunteers.",
        "es": "Dejaste: {shift}. Lo ofrecemos a los otros voluntarios.",
    },
    "vol_bad_number": {
        "en": "Text SHIFTS to see your next shifts, then DROP 1, DROP 2 or DROP 3.",
        "es": "Envia SHIFTS para ver tus turnos, luego DROP 1, DROP 2 o DROP 3.",
    },
    "vol_offer": {
        "en": "{name}: open shift {shift}. Reply TAKE {code} to take it.",
        "es": "{name}: turno libre {shift}. Responde TAKE {code} para tomarlo.",
    },
    "vol_took": {
        "en": "It is yours: {shift}. Thank you! Text SHIFTS to see all your shifts.",
        "es": "Es tuyo: {shift}. Gracias! Envia SHIFTS para ver tus turnos.",
    },
    "vol_taken": {
        "en": "Thanks! {shift} is already covered.",
        "es": "Gracias! {shift} ya esta cubierto.",
    },
    "vol_covered": {
        "en": "{name}: {shift} is covered now. Thank you all.",
        "es": "{name}: {shift} ya esta cubierto. Gracias a todos.",
    },
    "vol_no_code": {
        "en": "There is no open shift {code}. Text SHIFTS to see yours.",
        "es": "No hay un turno libre {code}. Envia SHIFTS para ver los tuyos.",
    },
    "vol_who": {
        "en": "On duty now: {people}.",
        "es": "De turno ahora: {people}.",
    },
    "vol_nobody": {
        "en": "Nobody is on duty right now. Text ON if you can take the line.",
        "es": "Nadie esta de turno ahora. Envia ON si puedes atender la linea.",
    },
    "coord_open_shift": {
        "en": "{name}: nobody has taken the open shift {shift} yet ({who} dropped it).",
        "es": "{name}: nadie ha tomado el turno libre {shift} ({who} lo dejo).",
    },
    "vol_shift_reminder": {
        "en": (
            "{name} reminder: your shift {shift} starts {starts_in}. If you can't make it, text "
            "SHIFTS, then DROP and its number."
        ),
        "es": (
            "Recordatorio de {name}: tu turno {shift} empieza {starts_in}. Si no puedes, envia "
            "SHIFTS y luego DROP con su numero."
        ),
    },
    "coord_gaps": {
        "en": "{name}: nobody on duty {gaps}. Please fill in on the rota page.",
        "es": "{name}: nadie de turno {gaps}. Por favor cubrelo en la pagina de turnos.",
    },
    "coord_gaps_more": {
        "en": (
            "{name}: nobody on duty {gaps} and {more} more gaps. Please fill in on the rota page."
        ),
        "es": (
            "{name}: nadie de turno {gaps} y {more} huecos mas. Por favor cubrelos en la pagina de "
            "turnos."
        ),
    },
    # Voicemail notices: a case code, never the caller's number. {words} is ": 'first words'"
    # of the transcription (numbers blanked out), or "." when there is none.
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

#: How soon a shift starts, for "vol_shift_reminder" ({n} is a number).
STARTS_IN: dict[str, dict[str, str]] = {
    "en": {"minutes": "in {n} minutes", "hour": "in 1 hour", "hours": "in {n} hours",
           "tomorrow": "tomorrow", "days": "in {n} days"},
    "es": {"minutes": "en {n} minutos", "hour": "en 1 hora", "hours": "en {n} horas",
           "tomorrow": "manana", "days": "en {n} dias"},
}

#: Spoken prompts (not texts: no segment limit), read by <Say>.
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
            "are in crisis or in danger."
        ),
        "es": (
            "Marque 1 para hablar con un companero en recuperacion. Marque 2 para reuniones "
            "cerca. Marque 3 si esta en crisis o en peligro."
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
    "goodbye": {
        "en": "Thank you for calling. Take care of yourself.",
        "es": "Gracias por llamar. Cuidese mucho.",
    },
    "queue_intro": {
        "en": (
            "Thank you. We are calling a volunteer in recovery for you now. Please stay on the "
            "line."
        ),
        "es": "Gracias. Estamos llamando a un voluntario en recuperacion. Por favor no cuelgue.",
    },
    "queue_hold": {
        "en": "You are next in line. A volunteer is being called.",
        "es": "Usted es el siguiente. Estamos llamando a un voluntario.",
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
    "vm_caller_missed": {
        "en": "The caller did not answer. Text CALLBACK {code} to try again later. Thank you.",
        "es": "La persona no contesto. Envie CALLBACK {code} para intentarlo mas tarde. Gracias.",
    },
    "volunteer_menu": {
        "en": (
            "Hello {person}. Press 1 to go on duty, press 2 to go off duty, press 3 to hear your "
            "next shift."
        ),
        "es": (
            "Hola {person}. Marque 1 para estar de turno, marque 2 para salir de turno, marque 3 "
            "para oir su proximo turno."
        ),
    },
    "volunteer_on": {
        "en": "You are on duty now. Thank you for taking the line.",
        "es": "Esta de turno ahora. Gracias por atender la linea.",
    },
    "volunteer_off": {
        "en": "You are off duty now. Thank you for your service.",
        "es": "Esta fuera de turno ahora. Gracias por su servicio.",
    },
    "volunteer_next_shift": {
        "en": "Your next shift is {shift}.",
        "es": "Su proximo turno es {shift}.",
    },
    "volunteer_no_shift": {
        "en": "You have no shifts coming up. Press 1 next time to go on duty.",
        "es": "No tiene turnos proximos. Marque 1 la proxima vez para estar de turno.",
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
