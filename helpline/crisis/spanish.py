"""Spanish words of danger (accents optional, texting shorthand spelled out by
`recognise.words`), as regular expressions. One list per kind of danger."""

SUICIDE_ES = [
    r"suicid\w*", r"matar(?:me|se|te|nos|lo|la)\b", r"me (?:voy|quiero|kiero|vy) a matar", r"me (?:quiero|kiero) matar",
    r"se (?:va|quiere|piensa) (?:a )?matar", r"(?:quitar|kitar)(?:me|se)? la vida", r"(?:mejor|hoy|ya|ahorita|ahora) me mato", r"me mato (?:y ya|hoy|esta noche|ahorita)",
    r"(?:quiero|kiero|quisiera|ganas de|prefiero|preferiria|deseo|voy a) morir(?:me)?",
    r"me (?:quiero|kiero|voy a) morir", r"(?:quiero|kiero) estar muert[oa]",
    r"no (?:quiero|kiero|deseo) (?:vivir|seguir|estar aqui|existir|despertar|seguir viviendo)",
    r"ya no (?:quiero|kiero) (?:estar|seguir|vivir|existir|nada)",
    r"(?:ya )?no (?:puedo|aguanto|soporto) (?:mas|seguir|con esto|con mi vida|vivir)",
    r"(?:acabar|terminar|termino|acabo) con (?:todo|mi vida|esto|todo esto|mi existencia)",
    r"(?:todos|todo|mi familia|mis hijos|el mundo) (?:estarian|estaria|estaran|estara) mejor sin mi",
    r"mejor sin mi", r"ojala (?:no despertar|no despierte|me muera|estuviera muert[oa]|"
    r"me muriera|no existir)", r"no (?:vale|tiene) (?:la pena|sentido) (?:vivir|seguir)",
    r"(?:cansad[oa]|harto|harta) de (?:vivir|la vida|existir|estar vivo)",
    r"ya me (?:canse|harte) de (?:vivir|todo|la vida)",
    r"no (?:tengo|hay) (?:razon|motivo|para que)"
    r" (?:para )?(?:vivir|seguir)", r"desaparecer para siempre", r"dormir para siempre",
    r"(?:pienso|pensando|pensar) en (?:morir|matarme|quitarme la vida|la muerte|suicidarme)",
    r"esta (?:noche|es la noche) (?:me voy|lo hago|es la noche)", r"ya no estare aqui",
    r"(?:me quiero|quiero|voy a) (?:ir|irme) (?:de este mundo|con (?:mi \w+|dios|diosito) al cielo|con dios|con diosito)",
    r"irme de este mundo", r"(?:dejar|deje) de (?:existir|sufrir|vivir)", r"(?:ganas de|quiero) no existir",
    r"(?:descansar|desaparecer|dormir|irme|desaparezco|bye|adios) para siempre",
    r"(?:dormir|dormirme) y no (?:volver a )?despertar", r"no despertar (?:nunca|jamas)",
    r"(?:me muero|morirme|morir) de una vez", r"mejor me muero", r"mejor desaparezco",
    r"(?:no le veo|no tiene|no le encuentro|no tiene ningun) (?:sentido|caso) (?:a )?(?:seguir|vivir|la vida)",
    r"para que (?:sigo|seguir|estar|estoy) viv[oa]", r"no (?:quiero|vale la pena) (?:seguir|estar) viv[oa]", r"(?:soy|siento que soy) una carga",
    r"(?:hoy|esta noche) se acaba", r"se acaba (?:hoy|todo|esta noche)", r"(?:ponerle|poner) fin a",
    r"acabar (?:esta noche|hoy|con esta)", r"no hay vuelta atras", r"ya (?:lo )?decidi",
    r"(?:escogi|elegi|ya tengo) el (?:lugar|dia|dia y la hora)", r"ya se como",
    r"(?:lo voy a|voy a) hacer(?:lo)? (?:hoy|esta noche)", r"(?:hoy|esta noche) (?:en la noche )?lo voy a hacer",
    r"antes de irme", r"hoy me voy", r"es hora", r"este es el final",
    r"no me van a volver a ver", r"(?:ya )?no me busquen", r"despues de hoy",
    r"ya no (?:voy a )?(?:estar|estare)", r"(?:ya )?no voy a ser (?:un )?problema",
    r"(?:volar|volarme) la cabeza", r"(?:dar|darme|pegarme|me voy a dar|me voy a pegar) un (?:tiro|balazo)",
    r"dar(?:me)? piso", r"ojala me (?:atropell\w*|matara|muriera)", r"me (?:atropelle|atropellen)",
    r"pienso (?:mucho )?en morir(?:me)?", r"(?:meterme|ponerme|inyectarme) una dosis que no me despierte",
    r"no me despierte", r"(?:mi )?ultima noche", r"tengo un plan", r"todo lo que necesito para",
    r"nadie (?:me|lo|la|nos) (?:extranaria|extranara|va a extranar)",
    r"cuant[oa]s (?:\w+ ){0,2}(?:se necesitan|necesito|para no despertar|para morir|para matar)",
    r"(?:hice|escribi|deje) (?:mi |el )?testamento",
    r"mejor si (?:yo )?no (?:estuviera|existiera|estoy|existo)", r"si yo no estuviera",
    r"se va a (?:tirar|aventar|colgar|matar|cortar)", r"tirarme",
]
MEANS_ES = [
    r"(?:tengo|junte|guarde|conte|contando|juntando) (?:todas |las |mis |unas |muchas )*"
    r"(?:pastillas|pastias|pildoras|medicinas|medicamentos)",
    r"(?:pastillas|pildoras|medicinas) (?:listas|guardadas|contadas|juntas|en la mano|aqui)",
    r"me (?:tome|trague|tomo|acabo de tomar) (?:todas|todo|un frasco|el frasco|muchas|demasiadas|"
    r"varias|un monton|como \d+|\d+)", r"frasco (?:entero|completo) de",
    r"(?:tengo|tiene|agarre|agarro|compre) (?:una|la|el|un|mi) (?:pistola|arma|cuete|cuchillo "
    r"para|soga|cuerda)", r"pistola (?:en la cabeza|cargada|en la mano)", r"arma cargada",
    r"\bsoga\b", r"ahorcar(?:me|se)", r"colgar(?:me|se)", r"me (?:voy|quiero) (?:a )?(?:colgar|"
    r"ahorcar|tirar|aventar|lanzar|cortar)",
    r"(?:estoy|ando|parad[oa]|sentad[oa]) (?:en|arriba del|sobre el|en el borde del) (?:el )?"
    r"(?:puente|techo|azotea|vias|las vias|borde|barranco)",
    r"(?:tirarme|aventarme|lanzarme) (?:del|al|de|a)",
    r"(?:cortarme|cortandome|cortar) (?:las )?venas", r"navaja", r"el carro prendido en el garage",
    r"(?:motor|carro|coche) (?:prendido|encendido)", r"garaje cerrado",
    r"(?:gillette|hoja de afeitar|rastrillo)", r"tengo (?:un|el|la|una) (?:cuchillo|navaja|gillette|arma|pistola|gun)",
    r"(?:con|clave|clavo) (?:un|unas|el|la|una) (?:vidrio|tijeras|cuchillo|navaja)",
    r"(?:la|el) (?:gun|pistola|arma) (?:aqui|conmigo|cargada)", r"ya la cargue",
    r"(?:voy a|quiero) (?:saltar|brincar|tirarme|aventarme)", r"estoy en la (?:azotea|orilla)",
    r"(?:estrellar|chocar) el (?:carro|coche) a proposito", r"dejar ir", r"me voy a dejar caer",
    r"compre todo lo (?:que )?necesito", r"(?:todo|todos|todas) (?:el|los|las) (?:stash|pastillas|percocet\w*|oxys?)",
    r"(?:un|el) (?:bote|frasco) (?:de|entero)",
    r"(?:tenia|era|traia|con|tiene) fentanilo", r"(?:tengo|tengo el) fentanilo", r"meterme todo",
    r"(?:a|hacia|en) las vias", r"(?:fumar|fume|inyectar|inyecte|meti|meterme) (?:el )?fentanilo",
    r"(?:duele|dolor en|dolor de) (?:el )?pecho",
    r"(?:prendi|encendi|deje prendido) el (?:carro|coche|motor)", r"(?:tomar|tomarme|beber|tome) (?:cloro|veneno|raticida)",
    r"mantener los ojos abiertos", r"(?:mezcle|mezclo) (?:\w+ ){0,2}(?:y|con) (?:alcohol|pastillas)",
    r"hasta sangrar", r"me rasgun\w*", r"me (?:golpeo|pego) (?:la cabeza|contra)", r"(?:estrellar|chocar) el (?:carro|coche)",
    r"(?:pistola|arma) en la (?:mesa|mano)",
]
SELF_HARM_ES = [
    r"(?:me estoy|estoy|me vuelvo a|volvi a|quiero) (?:cortando|cortar(?:me)?|lastimar(?:me)?|"
    r"quemar(?:me)?)", r"cortarme", r"cortandome", r"hacer(?:me)? dano", r"lastimarme",
    r"(?:me corte|me quemo|me queme|me pegue)", r"autolesion\w*",
    r"me estoy (?:pegando|golpeando|lastimando|aranando|quemando|cortando|rasgu\w*)",
    r"(?:golpeando|pegando) (?:la cabeza|contra la pared)", r"cortadas", r"me (?:hice|clave|enterre)",
    r"sangra (?:mucho|mucha)", r"se (?:esta|va a) cortar\w*", r"(?:esta|se esta) cortando",
]
OVERDOSE_ES = [
    r"sobre ?dosis", r"me (?:meti|pase|passe|inyecte|fume) (?:demasiado|mucho|muchisimo|de mas)",
    r"(?:me|se) (?:paso|pase) (?:con la|de) (?:droga|dosis|coca|heroina|fentanilo|pastillas)",
    r"(?:consumi|use|tome) (?:demasiado|de mas)", r"fenta\b",
    r"no siento (?:las piernas|los brazos|el cuerpo|la cara)", r"no puedo respirar",
    r"(?:me estoy|creo que me estoy|se esta) muriendo", r"me (?:muero|voy a morir)(?! de)",
    r"me tome (?:todos|todas|un bote|un frasco|mas de la cuenta|demasiad[oa]s?|\w+ de mas)",
    r"mas de la cuenta", r"se me va el aire", r"no (?:puedo|podia) (?:mover|respirar)",
    r"dolor de pecho", r"corazon (?:late|me late) (?:muy )?(?:rapid\w*|fuerte)", r"se me cierran los ojos",
    r"(?:mezcle|mezclo|tome|tomo) (?:el |la |las |los )?(?:\w+ )?(?:alcohol|pastillas|suboxone|xanax) con (?:alcohol|pastillas|\w+)",
    r"(?:me meti|se metio|fume|me inyecte|tome) (?:mucha |mucho |algo|demasiad\w*|heroina|cristal|fentanilo)",
    r"(?:demasiad[oa]s|muchas|muchos) (?:oxys?|pastillas|percocet\w*|xanax)", r"ayudaa+$",
    r"me siento muy mal", r"se esta durmiendo",
]
OTHERS_ES = [
    r"no (?:respira|esta respirando|respiraba)", r"no (?:puedo|podemos) despertarl[oae]s?",
    r"no (?:despierta|reacciona|responde)", r"labios (?:morados|azules|grises)",
    r"(?:se esta poniendo|esta) (?:morad[oa]|azul|gris)",
    r"convulsion\w*",
    r"(?:esta )?convulsionando",
    r"espuma (?:por|en) la boca", r"(?:se|le dio una) (?:desmayo|convulsion)",
    r"(?:dice|dijo|amenaza|amenazo) (?:que )?(?:se va a|que se va a|con) (?:matar|suicidar|"
    r"quitar la vida|colgar)", r"se (?:tomo|trago) (?:todas|un frasco|el frasco|muchas)",
    r"llamen? (?:al|a la) (?:911|ambulancia)",
    r"no abre los ojos", r"no se mueve", r"colgad[oa]",
    r"(?:sigue|esta|sigo) sin (?:responder|reaccionar|respirar)", r"narcan y (?:no|sigue)", r"tirad[oa] en el (?:piso|suelo)", r"mensaje de despedida",
    r"(?:se|me) quita la vida", r"dice que se va a cortar", r"(?:bote|frasco) de pastillas",
]
GOODBYE_ES = [
    r"(?:escribi|deje|termine|estoy escribiendo) (?:mi|una|la) (?:carta|nota)",
    r"carta de despedida", r"nota de despedida",
    r"(?:diganle|dile|digan|dile a) (?:a )?(?:mi|mis) \w+ (?:que )?(?:l[oa]s? )?(?:quiero|amo|perdon)",
    r"(?:mi|este es mi|es mi) ultimo (?:mensaje|dia|adios)", r"(?:ultima|ultimo) vez que (?:les )?"
    r"escribo", r"adios (?:a todos|para siempre|mundo)", r"perdon(?:enme)? por todo",
    r"(?:cuiden|cuidenme) a mis (?:hijos|perros|gatos)", r"cuando ya no este",
    r"regal(?:e|ando) (?:todas )?mis cosas", r"me despido",
    r"^adios", r"adios (?:gracias|a todos|para siempre|mundo|a alguien)", r"(?:decir|decirle|decirles) adios",
    r"(?:esta es|es) mi despedida", r"ya me despedi", r"(?:diganle|dile|digan|diganles) a mi \w+",
    r"no (?:fue|es) (?:tu|su) culpa", r"(?:cartas|carta) (?:para|a) (?:cada uno de )?mis",
    r"escribi las cartas", r"(?:perdonen|perdoname|perdonenme) (?:que|por)", r"deje (?:todo arreglado|las llaves)",
    r"ultima vez que les escribo", r"(?:mi padrino|mi familia|mis hijos) (?:que )?me perdone",
]
#: Told sideways (from the second round of tuning texts, tests/crisis_corpus/tune_round2_es.csv).
SIDEWAYS_ES = [
    r"(?:forma|manera) (?:mas facil|menos dolorosa|mas rapida|mas segura) de (?:morir|matarme|"
    r"matarse|acabar)", r"(?:pal|pa el|pa la) (?:puente|azotea|vias)", r"vomit\w* sangre",
    r"tomar(?:me)? (?:todo el|el) (?:frasco|bote)", r"se corto (?:los|las|el|la) (?:brazos|venas|"
    r"munecas|piernas)", r"sangrando mucho", r"quitame la vida", r"llevame (?:ya|contigo|de una vez)",
    r"ya (?:saben|sabran|sabes) (?:por que|porque)", r"no aguanto (?:esta|mi) vida",
    r"no voy a ser (?:una |un )?(?:carga|estorbo)", r"(?:pa|para) (?:que )?(?:\w+ ){0,2}no despert\w*",
    r"ojala me (?:estrelle|choque|mate)", r"no sobreviv\w*", r"si (?:brinco|salto|brincas|saltas|"
    r"me tiro|me aviento)", r"(?:va|voy|iba) a (?:brincar|saltar)", r"escopeta", r"puse balas",
    r"(?:matan|mata) a una persona", r"ahi se acaba", r"(?:donde|a donde) voy no (?:\w+ ){0,3}"
    r"necesit\w*", r"regale (?:mi|mis)", r"ultima vez (?:que )?despierto", r"no (?:quiere|quiero|"
    r"queria) (?:vivir|seguir viviendo)", r"tod[oa] azul", r"tirad[oa] en el bano", r"ultimo deseo",
    r"estrellarme", r"se (?:iba|va) a (?:matar|suicidar|tirar|colgar|aventar)", r"ya sabes (?:pa|"
    r"para) (?:que|q)", r"ya no voy a seguir", r"hoy es el dia", r"no despierte", r"su ultimo dia",
    r"no pienso bajar", r"subi a la azotea", r"quitarme de en medio", r"son demasiadas",
    r"a proposito", r"sin narcan", r"todas juntas", r"meter(?:me)? todo el (?:paquete|bote|stash)",
    r"(?:mensaje|msj|msg|texto) de despedida", r"siento (?:que )?me voy", r"ya no me van a ver",
]
ALARM_ES = [
    r"^(?:crisis|emergencia|auxilio|socorro|ayudenme|ayudame|911)$",
    r"(?:estoy|tengo|es|en) (?:una |un )?(?:crisis|emergencia)", r"auxilio", r"socorro",
]
