"""What takes danger words back: benign contexts that cancel an overlapping danger match
("crisis center hours", "dying to see"), reassurances ("not suicidal"), the distant past or a
joke in the same sentence, unless the sentence says the danger is now."""

#: Spans that make an overlapping danger match harmless.
BENIGN = [
    # services, forms and events
    r"crisis (?:center|centre|centers|line|lines|hotline|number|team|counsel\w*|services?|text "
    r"line|unit|stabilization|intervention|nursery|worker|plan|training|hours)",
    r"(?:centro|linea|numero) de (?:crisis|emergencia)", r"crisis (?:de|del) (?:los|la|identidad|"
    r"ansiedad|pareja|\d+)", r"crisis de los \d+", r"(?:midlife|mid life|identity|existential|"
    r"quarter life|financial|housing|energy|climate|cash|money) crisis",
    r"emergency (?:contact|contacts|room|er|form|exit|fund|kit|number|savings|meeting|"
    r"brake|shelter|alert|services|dept|department|dentist|vet|repair|plumber|appointment)",
    r"(?:in case of|for) (?:an )?emergency", r"contacto de emergencia", r"sala de emergencias",
    r"(?:overdose|suicide|suicidio|sobredosis|self harm) (?:awareness|prevention|walk|vigil|"
    r"memorial|survivors?|loss|grief|training|class|bereavement|support group|hotline|lifeline|"
    r"line|crisis line|statistics|rates?|rate|deaths? in|documentary|podcast|book|course)",
    r"(?:awareness|prevention|vigil|memorial|walk|prevencion|concientizacion|vigilia|caminata) "
    r"(?:\w+ ){0,4}(?:overdose|suicide|suicidio|sobredosis)",
    r"narcan (?:training|class|kit|kits)", r"(?:where|how) (?:can i|do i|to) (?:get|find|buy) "
    r"(?:narcan|naloxone|naloxona)", r"naloxon\w* (?:training|kit)",
    r"(?:lost|lose|losing) (?:my |a |her |his )?\w+ to (?:suicide|an overdose|overdose)",
    r"(?:died|passed|murio|fallecio) (?:of|from|de) (?:an )?(?:overdose|sobredosis|suicide)"
    r"(?: \w+){0,4} (?:ago|years|anos|in (?:19|20)\d\d|last year)",
    # hyperbole and everyday figures of speech
    r"(?:killing|kills|killed|gonna kill|going to kill|will kill) me(?! ?self)\b",
    r"dying (?:to|for|of (?:laughter|laughing|boredom|embarrassment)|laughing)",
    r"(?:lol|lmao|haha|jaja)",
    r"(?:phone|battery|cell|plant|car) (?:is )?(?:dying|dead)",
    r"\bdead (?:tired|battery|phone|serious)",
    r"od(?:d|ed|ing)? on (?:coffee|caffeine|sugar|candy|chocolate|pizza|netflix|tv|coffe|"
    r"energy drinks?|christmas|cookies|sweets|love)", r"overdose on (?:coffee|caffeine|sugar|candy|"
    r"chocolate|pizza|netflix)",
    r"me (?:muero|mori|moria|estoy muriendo) (?:de|por) (?:hambre|risa|sueno|calor|frio|ganas|"
    r"verguenza|envidia|amor|los nervios|aburrimiento|cansancio|verte|saber)",
    r"me mata(?:n)? (?:el|la|los|las|este|esta|mi)", r"(?:este|el|la|esta) \w+ me mata",
    r"(?:bridge|puente) (?:club|game|loan|card|street|st|rd|road|ave|meeting|group|church)",
    r"(?:tracks|vias) (?:meeting|club|team)", r"the bridge (?:meeting|group|clubhouse)",
    r"cut (?:my ?self )?(?:a |some )?(?:slack|hair|ties|back|down)", r"cut (?:my|the) (?:hair|"
    r"grass|lawn|nails|finger|cake)", r"hurt my (?:back|knee|foot|ankle|shoulder|hand|wrist)",
    r"(?:cut|hurt) myself (?:shaving|cooking|at work|on)",
    r"(?:not|no longer|never) (?:a )?(?:emergency|crisis|urgent)",
    r"(?:knock|knocked) (?:my ?self )?out", r"(?:check out|checking out) (?:the|this|a|that|our|"
    r"your|my|some|meetings?|group|website)",
    r"(?:lines?|line up|lined up) for", r"(?:can|could) (?:you|u) (?:call|text)",
    r"(?:suicide|overdose|self harm|od) (?:warning signs|signs|pamphlet|info|information|resources|"
    r"response|er|visit|bill|risk|screening|questions?|talk|topic)",
    r"whose (?:\w+ ){0,2}(?:overdosed|died|od|killed)", r"survived (?:an|a|my) (?:overdose|attempt|od)",
    r"(?:phone|battery|cell) (?:is )?(?:about to|going to|gonna)? ?(?:die|dying|dead)",
    r"overdos\w* on (?:netflix|candy|sugar|coffee|caffeine|chocolate|pizza|tv|cookies|love|memes|"
    r"tiktok|work|christmas|halloween)", r"dying (?:out here|in here|in this heat)",
    r"(?:heat|hot|cold|weather|workout|gym)(?: \w+){0,5} dying",
    r"(?:trying|out|going|gonna) to kill me(?! ?self)", r"kill me (?:lol|lmao|haha|with)",
    r"blade (?:runner|of grass)", r"cut (?:back|down|out|off|ties|class|the cord|corners|loose)",
    r"cutting (?:back|down|out|off|ties|class|corners|my hair|hair|coupons|onions|wood|grass)",
    r"me corte (?:el|la|los|las|un|una) (?:pelo|cabello|dedo|una|unas|barba|fleco|mano)", r"picando",
    r"(?:jefe|jefa|mama|papa|esposa|esposo|suegra|suegro|novia|novio|maestra|maestro|vieja|viejo|\w+) me (?:va a|quiere|van a) matar",
    r"(?:tiras?|pruebas?|programa|charla|platica|taller|curso|vigilia|prevencion|concientizacion|informacion|folleto|entrenamiento)"
    r" (?:\w+ ){0,4}(?:sobre ?dosis|suicidio|fentanilo)",
    r"(?:murio|murieron|fallecio|fallecieron|perdi a (?:\w+ ){1,2}|muertes) (?:de|por) (?:una )?(?:sobre ?dosis|suicidio|fentanilo)",
    r"pastillas listas en el pastillero", r"pastillero",
    r"(?:signs|symptoms|warning signs|senales|sintomas) (?:of|de) (?:an |a |una )?(?:overdose|sobre ?dosis|suicide|suicidio)",
    r"(?:what to do|que hago|que hacer|how to help) (?:if|si|when) (?:someone|somebody|a person|alguien)(?: \w+){1,6}",
    r"(?:talk|talking|teach|explain|educate) (?:to |with )?(?:my |the |our )?(?:kids|children|"
    r"students|class|group|teens|patients|clients|staff|team) about(?: \w+){1,6}",
    r"(?:hablo|hablar|platicar|platico|explicar) con (?:\w+ ){0,4}sobre(?: \w+){1,6}",
 r"tirar(?:me|nos)? (?:a|en) la (?:alberca|piscina|cama|playa|basura|arena)", r"trafico en el puente",
    # round 2 (tests/crisis_corpus/tune_round2_*.csv)
    r"in case (?:she|he|they|i|someone|somebody|anyone|my \w+) (?:ever )?(?:feels|gets|is|becomes"
    r"|needs)(?: \w+){0,2}", r"lost to (?:suicide|an overdose|overdoses?)",
    r"anniversary of (?:\w+ ){0,2}(?:suicide|overdose|death|passing)",
    r"(?:speaker|share|story|testimony|lead|qualification)(?: \w+){0,4} (?:talked|spoke|shared|"
    r"told|was) about(?: \w+){1,8}", r"(?:overdosed|od|odd|oded)(?: \w+){0,3} and survived",
    r"(?:episode|movie|show|film|book|series|song|novel|character|documentary|tv)s? (?:where|"
    r"about|when|had|with|in which)(?: \w+){0,6}", r"scene (?:on|at|where|with|about)(?: \w+){0,4}",
    r"goodbye (?:letter|note) to (?:alcohol|drugs|drinking|using|my addiction|\w+)",
    r"(?:carta|letter) (?:de despedida )?(?:a|al|to) (?:el |la )?(?:alcohol|droga|drogas|vicio)",
    r"rooftop (?:garden|bar|restaurant|pool|party|terrace|deck)",
    r"(?:meeting|church|building|clubhouse|hall|place|junta|iglesia)(?: \w+){0,3} (?:by|near|next "
    r"to|across from|behind|cerca de|junto a) (?:the |las |los |el )?(?:train )?(?:tracks|bridge|"
    r"river|vias|puente)", r"(?:patients?|clients?|people)(?: \w+){0,4} (?:after|who|with) (?:an? )?"
    r"(?:overdose|suicide attempt|od)", r"(?:my )?last (?:text|message|msg) (?:of the night|"
    r"tonight|for (?:tonight|today)|for the night)", r"(?:ultimo|ultima) (?:mensaje|msj|texto) (?:de"
    r" hoy|por hoy|de la noche)", r"(?:essay|paper|report|project|assignment|tarea|ensayo) (?:on|"
    r"about|sobre)(?: \w+){0,10}", r"(?:pregunt\w+) si (?:\w+ ){0,5}(?:dije|conteste) (?:que )?no",
    r"(?:si llamo|if i call) (?:al |a )?911(?: \w+){0,8}", r"nadie esta mal",
    r"(?:pelicula|serie|novela|telenovela|cancion|libro|episodio|capitulo)(?: \w+){0,6}",
    r"linea (?:del|de|contra el|de prevencion del) suicidio",
    r"(?:anos|meses|years|months) (?:desde|since) (?:mi |my )?(?:sobre ?dosis|overdose|intento|"
    r"attempt)", r"me muero (?:de|por) (?:ganas|ver|verte|saber|ir|conocer|probar|tener)",
    r"cortarme el (?:pelo|cabello|fleco|barba)", r"pastillas de la presion",
    r"me muero si no (?:me dan|consigo|gano|paso|me llama)", r"(?:carta|nota) (?:\w+ ){0,4}"
    r"(?:cumpleanos|aniversario|navidad|dia de las madres|agradecimiento)",
    r"(?:se nos fueron|se fueron|murieron|perdimos)(?: \w+){0,3} (?:por|de) (?:la )?sobre ?dosis",
    r"(?:navaja|cuchillo) (?:pa|para) (?:cortar|pelar|partir)",
]

#: "I'm not suicidal", "no quiero hacerme dano": a reassurance, not danger.
REASSURED = [
    r"no (?:thoughts?|plans?|intentions?|intent|urges?|desire|wish) (?:of |to |for )?(?:\w+ ){0,4}"
    r"(?:self harm|hurt(?:ing)? my ?self|kill(?:ing)? my ?self|suicide|dying|die|end(?:ing)? it|hurt my ?self)",
    r"not (?:\w+ ){0,3}(?:kill(?:ing)? ?my ?self|hurt(?:ing)? ?my ?self|harm(?:ing)? ?my ?self)",
    r"(?:dont|do not) have (?:a|any) plans? (?:to )?(?:\w+ ){0,3}(?:hurt|kill|harm) my ?self",
    r"(?:not|never|no|dont|do not|wouldnt|would never|wont|will not|im not|i am not|arent|isnt)"
    r" (?:\w+ ){0,3}(?:suicidal|suicide|kill ?my ?self|hurt ?my ?self|harm ?my ?self|end (?:it|my "
    r"life)|die|dying|in danger|in crisis|an emergency|cutting|overdos\w*|od)",
    r"no (?:tengo|hay) (?:pensamientos|planes|ideas|ganas|intencion) de (?:\w+ ){0,2}(?:suicid\w*|matarme|morir\w*|hacerme dano|lastimarme)",
    r"no (?:me )?(?:quiero|voy a) (?:a )?(?:morir(?:me)?|cortar(?:me)?|matar(?:me)?|lastimar(?:me)?|hacerme dano)",
    r"no (?:quiero|voy a|pienso|estoy pensando en) (?:\w+ ){0,2}(?:hacerme dano|matarme|lastimarme|"
    r"suicidarme|quitarme la vida|cortarme|morir)",
    r"no (?:es|estoy en) (?:una )?(?:emergencia|crisis)",
    r"(?:cree|creen|piensa|piensan|thinks?) (?:que )?(?:\w+ ){0,3}(?:morir|matar\w*|suicid\w*|"
    r"die|kill myself)(?: \w+){0,4} (?:pero|but) (?:no|not|im not)",
    r"no (?:tengo|hay) (?:ganas|pensamientos) de (?:cortarme|lastimarme|hacerme dano)",
    r"ya no pienso en (?:\w+ ){0,2}(?:morir\w*|matarme|suicid\w*|eso)",
    r"no tengo (?:pastillas|armas|pistola|nada de eso)",
]
#: Far in the past: "years ago", "hace 8 anos", "back in 2015", "used to".
LONG_AGO = [
    r"\d+ (?:years|yrs|year|months|anos|meses) ago", r"(?:years|yrs|long time|a long time|decades)"
    r" ago", r"hace (?:\d+|muchos|varios|unos|un par de) (?:anos|meses)", r"hace mucho(?: tiempo)?",
    r"(?:back )?in (?:19|20)\d\d", r"en (?:el )?(?:19|20)\d\d", r"el ano pasado", r"hace anos", r"hace (?:tiempo|mucho tiempo)",
    r"used to (?:think|want|cut|be suicidal|dream)", r"antes pensaba",
    r"cuando (?:yo )?(?:era|tenia|estaba) (?:chic[oa]|nin[oa]|joven|chavo|chava|en la prepa)",
    r"(?:lo+l|lmao|lmfao|ja(?:ja)+|ha(?:ha)+|je(?:je)+|jsjs\w*)", r"in my (?:teens|20s|30s|twenties|thirties|early \d+s)",
    r"when i was (?:a kid|young|younger|a "
    r"teen|in high school|\d+)", r"cuando (?:era|tenia) ", r"in high school", r"en la prepa",
    r"(?:last|past) (?:year|decade)",
    r"i remember (?:the|when)", r"when i was (?:using|drinking|in (?:my )?addiction|active|out there)",
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten) (?:yrs|years) (?:sober|clean|in "
    r"recovery|now)", r"long gone", r"(?:those|that) days are (?:over|behind me)",
    r"back when i (?:drank|used|was using|was drinking)", r"(?:cumplo|llevo) \d+ (?:anos|meses)",
    r"como antes",
]
#: Signs the danger is now, which no reassurance or "long ago" outweighs.
NOW = [
    r"\b(?:tonight|right now|rn|again|anymore|any more|lately|these days|this week|back again|"
    r"esta noche|ahora mismo|otra vez|de nuevo|ultimamente|ya no|for real|fr|not joking|no joke|"
    r"im serious|seriously|en serio|no es broma)\b",
]
