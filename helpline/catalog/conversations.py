"""Text conversations with a peer: what the texter is told, offers and notices to volunteers."""

MESSAGES: dict[str, dict[str, str]] = {
    # To the texter
    "conv_finding": {
        "en": (
            "Thank you for reaching out. We are finding a peer volunteer for you now, usually "
            "within {n} minutes. Your case code is {code}. In danger? Call or text {crisis}, "
            "or call {emergency}."
        ),
        "es": (
            "Gracias por escribir. Estamos buscando un companero voluntario para ti, por lo "
            "general en menos de {n} minutos. Tu codigo es {code}. En peligro? Llama o texto "
            "al {crisis}, o llama al {emergency}."
        ),
    },
    "conv_nobody": {
        "en": (
            "Thank you for reaching out. No peer volunteer is on duty right now; the next one "
            "starts {start}. Your message is kept for them (case {code}). In danger? Call or "
            "text {crisis}, or call {emergency}."
        ),
        "es": (
            "Gracias por escribir. Ahora no hay companeros de turno; el proximo empieza "
            "{start}. Guardamos tu mensaje para esa persona (codigo {code}). En peligro? Llama "
            "o texto al {crisis}, o llama al {emergency}."
        ),
    },
    "conv_nobody_unknown": {
        "en": (
            "Thank you for reaching out. No peer volunteer is on duty right now. Your message is "
            "kept for the next one (case {code}). In danger? Call or text {crisis}, or call "
            "{emergency}."
        ),
        "es": (
            "Gracias por escribir. Ahora no hay companeros de turno. Guardamos tu mensaje para "
            "el proximo (codigo {code}). En peligro? Llama o texto al {crisis}, o llama al "
            "{emergency}."
        ),
    },
    "conv_still_waiting": {
        "en": (
            "We are still finding a peer volunteer for you (case {code}); your messages are "
            "kept for them. Reply DONE to stop waiting. In danger? Call or text {crisis}."
        ),
        "es": (
            "Seguimos buscando un companero para ti (codigo {code}); guardamos tus mensajes. "
            "Responde DONE para dejar de esperar. En peligro? Llama o texto al {crisis}."
        ),
    },
    "conv_unclaimed": {
        "en": (
            "We are sorry it is taking a while: we are still looking for a peer volunteer for "
            "you (case {code}). Text MEETINGS and your ZIP for a meeting near you. In danger? "
            "Call or text {crisis}, or call {emergency}."
        ),
        "es": (
            "Perdona la espera: seguimos buscando un companero para ti (codigo {code}). Envia "
            "REUNIONES y tu codigo postal para una reunion cerca. En peligro? Llama o texto al "
            "{crisis}, o llama al {emergency}."
        ),
    },
    "conv_connected": {
        "en": (
            "{person}, a peer volunteer, is with you now (case {code}). Text here to talk. "
            "Reply DONE when you are finished."
        ),
        "es": (
            "{person}, un companero voluntario, esta contigo ahora (codigo {code}). Escribe "
            "aqui para hablar. Responde DONE cuando termines."
        ),
    },
    "conv_passed": {
        "en": (
            "Your peer volunteer had to step away. We are finding another one for you now "
            "(case {code}). In danger? Call or text {crisis}, or call {emergency}."
        ),
        "es": (
            "Tu companero tuvo que irse. Estamos buscando a otra persona para ti (codigo "
            "{code}). En peligro? Llama o texto al {crisis}, o llama al {emergency}."
        ),
    },
    "conv_closed_by_texter": {
        "en": (
            "Conversation {code} has ended. Thank you for reaching out. Text TALK any time to "
            "talk again. In danger? Call or text {crisis}, or call {emergency}."
        ),
        "es": (
            "La conversacion {code} termino. Gracias por escribir. Envia HABLAR cuando quieras "
            "hablar otra vez. En peligro? Llama o texto al {crisis}, o llama al {emergency}."
        ),
    },
    "conv_closed_by_volunteer": {
        "en": (
            "{person} has ended conversation {code}. Thank you for reaching out. Text TALK any "
            "time to talk again. In danger? Call or text {crisis}, or call {emergency}."
        ),
        "es": (
            "{person} termino la conversacion {code}. Gracias por escribir. Envia HABLAR cuando "
            "quieras. En peligro? Llama o texto al {crisis}, o llama al {emergency}."
        ),
    },
    "conv_idle_texter": {
        "en": (
            "Conversation {code} closed after a quiet while. Text TALK any time to talk again. "
            "In danger? Call or text {crisis}, or call {emergency}."
        ),
        "es": (
            "La conversacion {code} se cerro tras un rato sin mensajes. Envia HABLAR cuando "
            "quieras. En peligro? Llama o texto al {crisis}, o llama al {emergency}."
        ),
    },
    "conv_words_only": {
        "en": "Only words go through this line: pictures and files are not passed on.",
        "es": "Por esta linea solo pasan palabras: las fotos y archivos no se envian.",
    },
    "text_blocked": {
        "en": (
            "{name} cannot take your texts right now. If you are in danger, call or text "
            "{crisis}, or call {emergency}. Take care of yourself."
        ),
        "es": (
            "{name} no puede recibir tus textos ahora. Si estas en peligro, llama o texto al "
            "{crisis}, o llama al {emergency}. Cuidate mucho."
        ),
    },
    # To volunteers
    "conv_offer": {
        "en": (
            "{name}: texter {codename} ({language}) would like to talk, case {code}{words} "
            "Reply CLAIM {code} to take it."
        ),
        "es": (
            "{name}: {codename} ({language}) quiere hablar, codigo {code}{words} Responde "
            "CLAIM {code} para tomarlo."
        ),
    },
    "conv_offer_urgent": {
        "en": (
            "URGENT {name}: texter {codename} ({language}) may be in danger, case {code}{words} "
            "They got {crisis}/{emergency} info. Reply CLAIM {code} now."
        ),
        "es": (
            "URGENTE {name}: {codename} ({language}) puede estar en peligro, codigo "
            "{code}{words} Recibio info del {crisis}/{emergency}. Responde CLAIM {code} ya."
        ),
    },
    "conv_offer_opted_out": {
        "en": (
            "URGENT {name}: {codename} (case {code}) sent words that may mean danger{words} "
            "They opted out of texts, so they did not get our reply: call back through the "
            "line, CALLBACK {code}."
        ),
        "es": (
            "URGENTE {name}: {codename} (codigo {code}) envio palabras de peligro{words} Dejo "
            "de recibir textos y no recibio respuesta: llamale por la linea, CALLBACK {code}."
        ),
    },
    "conv_coordinator_urgent": {
        "en": (
            "URGENT {name}: texter {codename} (case {code}) may be in danger at {time} and no "
            "volunteer holds the conversation yet. {count} people were texted."
        ),
        "es": (
            "URGENTE {name}: {codename} (codigo {code}) puede estar en peligro a las {time} y "
            "nadie tiene la conversacion. Avisamos a {count} personas."
        ),
    },
    "conv_coordinator_unclaimed": {
        "en": (
            "{name}: texter {codename} has waited since {time} for a peer by text and nobody "
            "has claimed case {code}. {count} people were offered it."
        ),
        "es": (
            "{name}: {codename} espera desde las {time} a un companero por texto y nadie tomo "
            "el codigo {code}. Se ofrecio a {count} personas."
        ),
    },
    "conv_claimed": {
        "en": (
            "{code} is yours: {codename} ({language}). Your texts go to them; start with "
            "#{code} when you hold more than one. DONE to end, PASS to hand it back."
        ),
        "es": (
            "{code} es tuyo: {codename} ({language}). Tus textos le llegan; empieza con #{code} "
            "si tienes mas de uno. DONE para terminar, PASS para devolverlo."
        ),
    },
    "conv_taken": {
        "en": "{code} was claimed by another volunteer. Thank you for being there.",
        "es": "Otro voluntario tomo {code}. Gracias por estar ahi.",
    },
    "conv_gone": {
        "en": "There is no open conversation {code} waiting for a volunteer.",
        "es": "No hay una conversacion {code} abierta esperando a un voluntario.",
    },
    "conv_at_cap": {
        "en": "You hold {count} conversations, your limit. Send DONE or PASS for one first.",
        "es": "Tienes {count} conversaciones, tu limite. Envia DONE o PASS de una primero.",
    },
    "conv_which": {
        "en": "You hold {count} conversations: {people}. Start with the code, like #{code} hi.",
        "es": "Tienes {count} conversaciones: {people}. Empieza con el codigo: #{code} hola.",
    },
    "conv_not_yours": {
        "en": "You do not hold conversation {code}. Reply CLAIM {code} if it is still waiting.",
        "es": "No tienes la conversacion {code}. Responde CLAIM {code} si sigue esperando.",
    },
    "conv_volunteer_done": {
        "en": "{code} is closed. Thank you for being there.",
        "es": "{code} esta cerrada. Gracias por estar ahi.",
    },
    "conv_volunteer_passed": {
        "en": "{code} is handed back and offered to the others.",
        "es": "{code} fue devuelto y se ofrece a los demas.",
    },
    "conv_texter_done": {
        "en": "{code}: {codename} ended the conversation. Thank you for being there.",
        "es": "{code}: {codename} termino la conversacion. Gracias por estar ahi.",
    },
    "conv_texter_stopped": {
        "en": "{code}: {codename} opted out of texts, so the conversation has ended.",
        "es": "{code}: {codename} dejo de recibir textos; la conversacion termino.",
    },
    "conv_idle_volunteer": {
        "en": "{code} with {codename} closed after a quiet while.",
        "es": "{code} con {codename} se cerro tras un rato sin mensajes.",
    },
    "conv_urgent_holder": {
        "en": (
            "URGENT #{code} {codename} may be in danger; they got {crisis}/{emergency} info"
            "{words}"
        ),
        "es": (
            "URGENTE #{code} {codename} puede estar en peligro; recibio info del "
            "{crisis}/{emergency}{words}"
        ),
    },
    "conv_none_held": {
        "en": "You hold no conversation right now. Text COMMANDS for the volunteer words.",
        "es": "No tienes conversaciones ahora. Envia COMMANDS para ver los comandos.",
    },
    # To coordinators, about the line's own people
    "staff_stopped": {
        "en": (
            "{name}: {person} texted STOP. They get no texts from the line and are off text "
            "routing until they text START; calls still ring them if they take calls."
        ),
        "es": (
            "{name}: {person} envio STOP. No recibe textos de la linea ni conversaciones hasta "
            "que envie START; las llamadas le siguen llegando si las atiende."
        ),
    },
    "staff_started": {
        "en": "{name}: {person} texted START and gets texts from the line again.",
        "es": "{name}: {person} envio START y recibe textos de la linea otra vez.",
    },
}

VOICE: dict[str, dict[str, str]] = {}
