"""The rota: volunteers' commands, offers, reminders, coordinators' alerts."""

MESSAGES: dict[str, dict[str, str]] = {
    "vol_commands": {
        "en": (
            "{name} volunteer words: ON (or ON until 22:00), OFF, SHIFTS, DROP 2, TAKE 4K2, WHO, "
            "CLAIM K7 (a texter), #K7 words (to one of yours), DONE, PASS (hand back), "
            "CALLBACK 7Q2, PIN 4821 (phone menu), COMMANDS."
        ),
        "es": (
            "Palabras de voluntario de {name}: ON (u ON until 22:00), OFF, SHIFTS, DROP 2, TAKE "
            "4K2, WHO, CLAIM K7 (un texto), #K7 palabras (a uno tuyo), DONE, PASS (devolver), "
            "CALLBACK 7Q2, PIN 4821 (menu), COMMANDS."
        ),
    },
    "vol_invite": {
        "en": (
            "Welcome to {name}! Text these words to this number: ON (on duty) or ON until 22:00, "
            "OFF, SHIFTS (your shifts), DROP 1, TAKE 4K2 (an open shift), WHO (who is on), CLAIM "
            "K7 (a texter), DONE, PASS (hand back), PIN 4821 (phone menu). COMMANDS lists them "
            "again."
        ),
        "es": (
            "Bienvenido/a a {name}! Envia estas palabras a este numero: ON (de turno) u ON until "
            "22:00, OFF, SHIFTS (tus turnos), DROP 1, TAKE 4K2 (turno libre), WHO (quien esta), "
            "CLAIM K7 (un texto), DONE, PASS (devolver), PIN 4821 (menu). COMMANDS las repite."
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
    "vol_pin_set": {
        "en": (
            "Your phone menu PIN is set. When you call the line, key it and press # to go ON or "
            "OFF by phone. Keep it to yourself."
        ),
        "es": (
            "Tu PIN del menu telefonico esta listo. Cuando llames a la linea, marcalo y pulsa # "
            "para ON u OFF por telefono. No lo compartas."
        ),
    },
    "vol_pin_bad": {
        "en": (
            "To set your phone menu PIN, text PIN and 4 to 8 digits, like PIN 4821. Not all one "
            "digit (0000) and not a straight run (1234, 4321)."
        ),
        "es": (
            "Para poner tu PIN del menu telefonico, envia PIN y de 4 a 8 digitos, como PIN 4821. "
            "No todos iguales (0000) ni seguidos (1234, 4321)."
        ),
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
    "vol_gap_nobody": {
        "en": (
            "{name}: nobody is on duty {shift}. If you can take the line, text ON here at that "
            "time (ON until {time} to stop at the end). It does not put you on the rota."
        ),
        "es": (
            "{name}: nadie esta de turno {shift}. Si puedes atender la linea, envia ON aqui a esa "
            "hora (ON until {time} para parar al final). No te pone en los turnos."
        ),
    },
    "vol_gap_short": {
        "en": (
            "{name}: the line is short of volunteers {shift}. If you can help, text ON here at "
            "that time (ON until {time} to stop at the end). It does not put you on the rota."
        ),
        "es": (
            "{name}: faltan voluntarios {shift}. Si puedes ayudar, envia ON aqui a esa hora (ON "
            "until {time} para parar al final). No te pone en los turnos."
        ),
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
}

#: How soon a shift starts, for "vol_shift_reminder" ({n} is a number).
STARTS_IN: dict[str, dict[str, str]] = {
    "en": {"minutes": "in {n} minutes", "hour": "in 1 hour", "hours": "in {n} hours",
           "tomorrow": "tomorrow", "days": "in {n} days"},
    "es": {"minutes": "en {n} minutos", "hour": "en 1 hora", "hours": "en {n} horas",
           "tomorrow": "manana", "days": "en {n} dias"},
}

VOICE: dict[str, dict[str, str]] = {
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
    "volunteer_pin": {
        "en": "Enter your volunteer PIN, then press pound.",
        "es": "Marque su PIN de voluntario y luego la tecla de numero.",
    },
    "volunteer_pin_again": {
        "en": "That did not match. Enter your volunteer PIN, then press pound.",
        "es": "No coincide. Marque su PIN de voluntario y luego la tecla de numero.",
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
}
