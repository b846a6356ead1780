"""English words of danger, as regular expressions over `recognise.words` text (lower case,
no accents, apostrophes dropped, punctuation turned to spaces). One list per kind of danger."""

ME = r"(?:my ?self|me)"
I_AM = r"(?:im|i am|i m|ive been|i been|i was|i feel like im|i think im)"
WANT = r"(?:want|wanna|wana|going|gonna|goin|ready|about|plan(?:ning)?|trying|tryna|need|have|got)"
PILLS = (r"(?:pills?|pils|pillz|meds|medication|medicine|tablets|oxys?|xans?|xanax|percs?|percocets?|"
         r"benzos?|sleeping pills|painkillers|pain killers|tylenol|vicodin|klonopin|bars|insulin|"
         r"\w+(?:quel|zepam|zolam|pine|zodone|pentin|codone|morphone|morphine|xetine|traline))")
SOMEONE = (r"(?:he|she|they|hes|shes|theyre|him|her|them|my (?:\w+ ?){1,2}|friend|boyfriend|"
           r"girlfriend|husband|wife|son|daughter|brother|sister|mom|dad|roommate|cousin|"
           r"partner|buddy|homie|bf|gf)")

SUICIDE_EN = [
    r"suicid\w*", r"suicde\w*", r"sucid\w*", r"suic\w*dal", r"sewer ?slide\w*", r"unaliv\w*",
    r"self ?delet\w*", r"kms", r"kys(?: my ?self)?", r"k m s",
    r"kill(?:ing|in)? ?my ?self", r"killmyself", r"end(?:ing|in)? (?:my|this) (?:own )?life",
    rf"{WANT} (?:to |2 )?end (?:it|it all|everything|things|my life|this)",
    r"end(?:ing)? it all", r"just end it", r"end it tonight", r"end it now",
    r"take (?:my|my own) life", r"take the easy way out", rf"off(?:ing)? {ME}\b",
    rf"{WANT} (?:to |2 )?(?:die|be dead|not exist|disappear forever|go to sleep forever)",
    r"wanna die", r"wish(?:ing)? i (?:was|were|could be) dead", r"rather be dead",
    r"wish i (?:could|would)(?: just)? (?:die|not wake up|never wake up|disappear|sleep forever)",
    r"(?:hope|pray) i (?:dont|never|do not) wake up", r"never wake up again",
    r"dont want to (?:wake up|live|be alive|be here|exist|go on|keep going|keep living)",
    r"do not want to (?:wake up|live|be alive|be here|exist|go on)",
    r"dont wanna (?:wake up|live|be alive|be here|exist|go on)",
    r"better off (?:dead|without me|if i was gone|if i were gone|if i wasnt here)",
    r"(?:everyone|everybody|they|world|family|kids) (?:would be|d be|will be|is) better "
    r"(?:off )?without me",
    r"no (?:reason|point|purpose) (?:to|in|for) (?:live|living|going on|be here|being here|"
    r"keep going|stay)",
    r"(?:dont|do not|cant|cannot) see (?:the|a|any) (?:point|reason|way out)",
    r"whats the point (?:of|in) (?:living|life|going on|anything|being alive|trying)",
    r"(?:cant|can not|cannot) (?:go on|keep going|do this anymore|take it anymore|take this "
    r"anymore|live like this|keep living|handle (?:it|life) anymore|take much more)",
    r"(?:done|finished) with (?:life|living|everything|it all|this world)",
    r"(?:tired|sick) of (?:living|being alive|life|existing|being here)",
    r"(?:not|wont) (?:be )?(?:here|around|alive) (?:tomorrow|much longer|by morning|anymore|"
    r"next week)",
    rf"(?:{WANT}|wanna) (?:to )?check out(?: for good| early| permanently)?", r"check out for good",
    r"(?:thinking|thoughts|think) (?:about|of) (?:dying|death|ending it|killing myself|"
    r"ending my life|not being here)",
    r"(?:tonight|today) is the (?:night|day)", r"my last (?:night|day) (?:alive|on earth|here)",
    r"(?:life|living) (?:isnt|is not|aint) worth (?:it|living)", r"not worth living",
    r"nothing (?:left )?to live for",
    r"nothing (?:left )?(?:worth )?living for", r"nothing left worth living",
    r"(?:want|wanna|need) (?:it all |everything |this |the pain )?to (?:stop|end) (?:for good|forever|permanently)",
    r"(?:i )?(?:just )?want out", r"(?:hope|pray|praying|wish) (?:i )?(?:dont|do not|never|wont) "
    r"(?:get to |live to )?see (?:tomorrow|the morning|another day|morning)",
    r"(?:wont|dont think ill|dont think i will|not gonna|not going to|might not) make it "
    r"(?:to|through|past|until|till) (?:the )?(?:weekend|tomorrow|morning|tonight|monday|friday|"
    r"christmas|next week)",
    r"(?:god|he|someone|something) (?:just )?(?:takes|take) me in my sleep", r"die in my sleep",
    r"(?:nobody|no one|noone) (?:would|will|wd) (?:even )?(?:notice|care|miss me) if i (?:was|were|"
    r"died|disappeared|was gone|were gone)",
    r"if i (?:was|were|wasnt|werent|am) (?:gone|dead|not here|not around)",
    r"(?:truck|car|bus|train) (?:hits|hit|would hit|runs over) me",
    r"(?:hit by|run over by) (?:a )?(?:truck|car|bus|train)",
    r"planning my (?:own )?funeral", r"(?:voice|voices) (?:telling|tell|tells) me to (?:die|kill|end)",
    r"how many (?:\w+ )?(?:it takes|to take|would kill|does it take)",
    r"(?:know|figured out|decided) (?:how|when|where) (?:im going to|im gonna|i will|to) (?:do it|end it)",
    r"how (?:im going to|im gonna|i will|ill) do it", r"(?:im|i am) going to do it (?:tonight|today)",
    r"(?:taking|take|use|using|inject|injecting|swallow|swallowing) (?:all|every one) of (?:it|them|"
    r"my \w+)(?: tonight| now| at once)?", r"use it all", r"all of (?:it|them) tonight",
    r"enough (?:\w+ ){0,3}to (?:just )?(?:not wake up|never wake up|kill me|do it|die|end it|stop my heart|be done)",
    r"(?:life|everything|it all) (?:still )?(?:feels|is|seems) (?:so )?pointless",
    r"should be enough", r"(?:im|i am) (?:so )?done(?: with it all| with everything)?$",
    r"its time$",
    r"better off with (?:\w+ ){0,5}than (?:with )?me", r"ctb", r"yeet(?:ing)? my ?self",
    r"(?:dip|dipping|check|checking|tap|tapping|log|logging|bow|bowing) out (?:permanently|for good|forever)",
    r"(?:planning|plan|planned|plotting) my (?:exit|death|suicide|way out|last day)",
    r"(?:nap|sleep) i (?:dont|wont|never|will not) wake up from", r"(?:dont|wont|never) wake up from",
    r"before i do something", r"stop existing", r"(?:finally|really) (?:going to|gonna) do it",
    r"(?:got|have|set) everything (?:ready|in place)", r"(?:im|i am) (?:finally )?going to do it",
    r"better off if i (?:just )?(?:wasnt|werent|was not|were not|was|were) (?:here|around|alive|gone|dead)",
    r"(?:everyones|everybodys|everyone is|everybody is|theyre|theyd be|they would be|kids would be|world would be) "
    r"(?:\w+ ){0,2}better off", r"(?:lighter|better|happier|easier) without me",
    r"planning (?:how|when) to (?:end it|die|kill|do it|go)", r"(?:finally )?(?:have|got) a plan",
    r"(?:being|im|i am|feel like|ill always be) (?:such )?a burden (?:to|on) (?:everyone|everybody|my family|them|you all|my kids)", r"(?:fixing|fix|ending|end) that tonight",
    r"wont have to (?:do this|deal with this|feel this|feel like this|wake up)", r"(?:now that|since) (?:ive|i have) decided",
    r"(?:stop|end|over) (?:permanently|for good|forever)", r"tonights the night",
    r"(?:fastest|easiest|quickest|painless|painlessly|best|surest) (?:way )?to (?:die|kill|end|go)",
    r"how (?:many|much) (?:\w+ ){0,3}(?:would it take|does it take|to take|would kill|is lethal|to die|it takes)",
    r"bleed out", r"lethal dose", r"(?:looking|looked|searching|searched|googling|googled) up how",
    r"not (?:come|coming) back", r"(?:not )?(?:trying|going|planning) to come back", r"to make it (?:all )?stop",
    r"(?:favor|favour) by (?:dying|dieing|leaving|being gone)", r"(?:lay|lie) down and not get up",
    r"(?:all of it|everything|it all) at once", r"disappear (?:permanently|for good|forever)",
    r"wish (?:i )?(?:wasnt|was never|had never been|werent|was not) born", r"waste of space",
    r"(?:voices?) (?:are|is|keep|keeps) (?:telling|tell|tells) me to", r"wants? to die",
    r"(?:youll|you will|you ll) know why", r"before i go", r"only (?:one|person) who ever (?:listened|cared)",
    r"(?:tell|say to) (?:my \w+|them|everyone|him|her) (?:i said )?(?:thanks|thank you|goodbye|bye)",
    r"(?:take|took|taking|use|using) enough", r"not coming home", r"(?:knife|gun) block",
    r"(?:bleach|rope|gun|pills|knife|razor|belt)(?: \w+){0,6} (?:thinking|think) about it",
    r"(?:gonna|going to|about to) cut", r"emoji(?:gun|rope|coffin|knife)", r"emojipills(?: emojipills)+",
    r"emojipills (?:bye|goodbye)", r"(?:paid off|canceled|cancelled) (?:my|all my) (?:debts|phone|lease|accounts)",
    r"(?:tying|tie|tied) up (?:all )?(?:the |my )?loose ends",
    r"(?:deserve|deserves) better than me", r"(?:get|have|collect) (?:the|my) insurance",
    r"(?:bridge|river|tracks|water|roof)(?: \w+){0,4} (?:is |are )?calling (?:me|my name)",
    r"(?:holding|have|got) a (?:razor|blade)", r"with a (?:rope|gun|noose)",
]
MEANS_EN = [
    rf"{PILLS} (?:are |r )?(?:lined up|counted|saved|ready|stockpiled|in (?:my|front of me)|right here|"
    r"all here|on the (?:table|counter|bed))",
    rf"(?:saved|saving|stockpiled|stockpiling|hoarding|counted|counting|lined up|have|got) "
    rf"(?:up )?(?:all |enough |a bunch of |a bottle of |the |my )*{PILLS}(?: up)? "
    r"(?:to|for|so i can|and im|tonight|ready)",
    rf"enough {PILLS}", rf"(?:whole|entire|full) (?:bottle|bottles|pack|packet) of {PILLS}",
    rf"took (?:all|every|a whole bottle of|the whole bottle of|a bottle of|a handful of|too "
    rf"many|a bunch of|like \d+|\d+)(?: of)?(?: my| the| his| her)? {PILLS}",
    r"(?:have|got|holding|loaded|bought|found|grabbed) (?:a |the |my |his |her |dads |moms )?"
    r"(?:gun|pistol|rifle|shotgun|revolver|glock)",
    r"(?:gun|pistol|barrel) (?:to|in|against) my (?:head|mouth|chest|temple)",
    r"(?:gun|pistol) is loaded", r"loaded (?:gun|pistol)", r"pull the trigger",
    r"noose", r"hang(?:ing)? (?:my ?self|myself)", r"tied (?:a|the) rope", r"rope (?:is )?ready",
    rf"{I_AM}? ?(?:standing|sitting|parked|up|out)? ?(?:on|at|off|by|near|under) (?:the|a|this) "
    r"(?:bridge|roof|rooftop|ledge|edge|tracks|train tracks|railroad tracks|overpass|cliff|"
    r"balcony)",
    r"(?:im|i am|am) (?:on|at) (?:the|a) (?:bridge|roof|tracks|ledge|overpass)",
    r"jump(?:ing)? (?:off|from|in front)", r"(?:in front of|under) (?:a|the) (?:train|bus|truck)",
    r"(?:car|engine) (?:is )?(?:running|on) in (?:the|a|my) (?:closed )?garage",
    r"garage with the (?:car|engine) (?:running|on)", r"(?:slit|slice|cut|open) (?:my )?wrists?",
    r"razor (?:blade )?(?:in my hand|ready|out)",
    r"(?<!roller)(?<!shoulder )blades?(?! runner)", r"counted (?:them|it|\w+) out",
    rf"(?:\d+|all my|all of my|all the) {PILLS} (?:are )?(?:lined up|on the|in my|counted)",
    r"(?:gun|pistol|rifle) (?:in|on) my (?:lap|hand|hands|mouth|table|nightstand)",
    r"(?:got|bought|have|found) (?:a |the |some )?rope", r"the rope", r"(?:tied|tying) the knot already",
    r"(?:knot|noose) (?:is )?(?:tied|ready)", r"car is running and the garage",
    r"(?:in|sitting in) the (?:bath|bathtub|tub) with (?:a )?(?:blade|razor|knife)",
    r"drive (?:my car )?(?:into|off) (?:the|a) (?:river|lake|wall|tree|traffic|ocean|bridge|cliff)",
    r"(?:drank|drink|drinking|swallowed) (?:some |a bottle of |the )?(?:antifreeze|bleach|poison|"
    r"rat poison|drain cleaner|windshield fluid)",
    r"whole (?:script|prescription|bottle)", rf"all my {PILLS}",
    r"(?:have|got|holding|grabbed) a knife", r"loaded (?:\w+ ){0,2}(?:gun|pistol|rifle|shotgun)",
    r"the (?:gun|pistol|rifle) is (?:in|on|under|loaded)", r"grabbed my (?:razor|blade|knife|gun|pills)",
    r"(?:on|at|top of) (?:the |my |a )?(?:\w+ ){0,2}(?:roof|rooftop|ledge|parking structure)",
    r"(?:the|a) bridge (?:is )?(?:calling|again|tonight)", r"(?:theres|there is) a bridge",
    r"(?:driving|drive|drove|walking|walk|going|went|headed|heading) (?:\w+ ){0,2}(?:to|towards) (?:the|a) "
    r"(?:bridge|tracks|train tracks|river|lake|roof|ledge)",
    r"(?:thinking|think|thoughts) (?:bout|about|of) (?:the )?(?:bridge|tracks|jumping|the wheel)",
    r"(?:belt|rope|cord) and (?:a|the) (?:closet|door|beam|hook|closet door)",
    r"(?:sit|sitting) in (?:my|the) car with the (?:engine|motor) (?:on|running)",
    r"(?:jerking|jerk|swerve|swerving) the wheel", r"(?:drive|driving) into (?:oncoming )?traffic",
    r"(?:filled|fill) the (?:tub|bath)", r"took everything", r"medicine cabinet",
 r"(?:belt|rope|cord|sheet|cable) (?:around|round) (?:his|her|my|their) neck",
    r"close the (?:garage )?door and (?:start|run) the car", r"start the car in the garage",
    rf"took (?:my |the |all my |his |her )?{PILLS} on top", rf"swallowed (?:a bunch of |all |too many |"
    rf"\d+ |a handful of |a bottle of |my |the )?(?:\w+ )?{PILLS}", r"take (?:them|it|these|those) all",

 r"walk(?:ing)? into (?:traffic|the (?:lake|"
    r"river|ocean|sea))", r"drive (?:my car )?(?:off|into) (?:a|the) (?:bridge|cliff|wall|tree)",
]
SELF_HARM_EN = [
    r"self ?harm\w*", r"self ?injur\w*",
    rf"(?:cut|cutting|cuttin|burn|burning|hurt|hurting|hurtin|harm|harming|hit|hitting|punish|"
    rf"starve|starving|stab|stabbing) {ME}\b",
    r"(?:cut|cutting|burned|burning|carving) (?:my )?(?:arms?|legs?|thighs?|wrists?|skin)",
    r"urges? to (?:cut|hurt|harm|burn)", r"(?:started|start) cutting again", r"relapsed on cutting",
    r"blood (?:everywhere|wont stop)",
    r"sh (?:urges?|again|tonight|relapse)", r"(?:relapsed|relapse) on sh",
    r"(?:cut|cutting|carved|carving|burned|burning|scratched|scratching) (?:again|tonight|deeper|"
    r"till|until|into my|my arms?|my legs?|my skin)", r"^cutting$", r"(?:need|want|urge) to "
    r"(?:cut|carve|burn|bleed)", r"(?:till|until) (?:it|they|my \w+) (?:bleeds?|bled)",
    r"(?:punching|punch|hitting|hit|banging|banged|slamming) (?:the )?(?:wall|walls|my head|"
    r"my fists?)", r"boiling water on my", r"picking (?:at )?my (?:cuts|scars|wounds)",
    r"(?:arms|legs|thighs) (?:are )?covered", r"cut (?:too|way too|really|so) deep",
    r"(?:knife|lighter|blade) (?:\w+ ){0,4}(?:on|to|into|against) my (?:leg|arm|skin|wrist|thigh)",
    r"(?:slit|slice|sliced|slashed|cut|opened) (?:my )?wrists?", r"(?:so much|a lot of|lots of|too much) blood",
 r"(?:knife|lighter|blade) (?:on|to|into) my (?:leg|"
    r"arm|skin|wrist|thigh)",
]
OVERDOSE_EN = [
    r"overdos\w*", r"over dos\w*", r"overdoes\w*", r"overdosing",
    r"(?:im|i am|i think im|i think i am|hes|shes|he is|she is) (?:od|oding|odin|odding)",
    r"(?:i|he|she|they|just) (?:od|odd|oded|odded|o d d)\b", r"\bod (?:ing|d)\b",
    rf"took too (?:much|many)(?: {PILLS}| of)?", r"took (?:way|waaay|waay) too much",
    r"(?:shot|did|used|snorted|smoked|took|drank|dropped|popped|injected) (?:up )?(?:way |"
    r"waaay |waay |so )?too (?:much|many)", r"(?:bad|hot) batch", r"laced (?:with )?(?:fent|fenty)",
    r"(?:fent|fentanyl|fenty|fetty)(?: in| was| laced)(?! test)", r"(?:took|used|did|smoked|snorted) "
    r"(?:some )?(?:fent|fentanyl|fenty|fetty)",
    r"cant feel my (?:legs|arms|body|face|hands|chest)",
    r"(?:mixed|mixing) (?:\w+ ){0,3}(?:pills|xanax|xans|benzos|bars|oxy|percs|meds|opiates)"
    r" (?:and|with|w) (?:alcohol|booze|drinking|liquor|vodka|beer|whiskey)",
    r"(?:mixed|mixing) (?:alcohol|booze|drinking) (?:and|with|w) (?:pills|xanax|benzos|bars|meds)",
    r"(?:chest|heart) (?:is )?(?:hurts|hurting|racing|pounding|exploding)",
    r"(?:cant|can not|cannot) (?:breathe|breath|stay awake)", r"(?:throwing up|vomiting) blood",
    r"(?:im|i am) (?:dying|dyin)(?! to| of laugh| laughing| over| for)",
    r"help (?:me )?(?:im|i am) dying",
    r"think im (?:dying|gonna die|going to die)",
    r"(?:breathing|breath|heart|heartbeat|pulse) (?:feels|is|seems|getting) (?:real |really |so |"
    r"very |super )?(?:slow|weird|wrong|off|faint|shallow)", r"nodding (?:hard|out|off)",
    r"(?:keep|keeps|im) blacking out", r"pupils (?:are )?(?:pinned|pinpoint)", r"(?:im|i am|feel like im) fading",
    r"(?:cant|can not) keep my eyes open", r"(?:body|legs|arms) (?:feels|feel) (?:so |really )?heavy",
    r"lips (?:are )?(?:tingling|numb)", r"took (?:all|\d+|a lot|like \d+) of (?:my|his|her|the|"
    r"them)", r"took a lot", r"on purpose", r"pretty sure (?:that|it) was (?:fent|fentanyl)",
    r"(?:stronger|more) than (?:usual|normal|i thought)", r"used alone", r"used my old (?:amount|dose)",
    r"pressed (?:percs?|pills|bars|m30s?|blues|xanax|\d+s?)",
    r"chest (?:pain|is tight|tight|hurts|is tightening)", r"(?:cant|can not) catch my breath",
    r"hard to breathe", r"(?:vomiting|throwing up|puking) (?:and|for|blood)",
    r"lips (?:feel|are|r) (?:tingly|tingling|numb)", r"shd", r"sh d",

    r"(?:gonna|going to|wanna|want to|about to|trying to|tryna) (?:od|o d|o de)",
    r"(?:drank|drinking|drunk) (?:a lot|too much|heavy|a bottle)(?: \w+){0,3} (?:and|then) (?:took|popped|swallowed)",

 r"(?:gonna|going to) die (?:tonight|now|soon)",
]
OTHERS_EN = [
    r"(?:not|isnt|is not|aint|stopped|stop|barely|hardly|cant|cannot) breath(?:ing|in|e)?",
    r"(?:no|isnt) (?:pulse|heartbeat)",
    rf"(?:cant|can not|cannot|wont|couldnt) wake (?:{SOMEONE} )?up", r"wont wake up",
    r"(?:not|isnt) waking up", r"(?:wont|not|isnt) (?:respond|responding|answering me)",
    r"(?:lips|face|skin|fingers|fingernails|nails) (?:are|is|turning|turned|going|look|looks) "
    r"(?:blue|purple|gray|grey|white)",
    r"turn(?:ing|ed) (?:blue|purple|gray|grey)", r"(?:blue|purple) lips",
    rf"{SOMEONE} (?:is )?(?:seizing|having a seizure|unresponsive|passed out|foaming|collapsed|"
    r"convulsing|snoring weird|gurgling)", r"foaming at the mouth", r"unresponsive",
    r"(?:seizure|seizing|convulsing)",
    rf"{SOMEONE} (?:od|odd|oded|odded|overdosed|overdosing|is overdosing|took too (?:much|many))",
    rf"{SOMEONE} (?:says|said|keeps saying|is saying|threatening|threatened|texted|posted|"
    rf"wants|is going|is gonna|will) (?:to |that )?(?:he|she|they|hes|shes)? ?(?:will |is going to "
    r"|gonna |wants to |wanna |is gonna )?(?:kill|hurt|shoot|hang) (?:him|her|them)?(?:self|selves)",
    r"(?:kill|hurt|shoot|hang)(?:ing)? (?:him|her|them)(?:self|selves)",
    rf"{SOMEONE} (?:has|got|is holding|grabbed) (?:a |the |my |his |her )?(?:gun|pistol|knife|rope)",
    r"(?:call|calling) (?:911|an ambulance|the ambulance)", r"narcan (?:isnt|is not|didnt|not) "
    r"(?:working|work)",
    r"gave (?:him|her|them) narcan",
    r"(?:giving|give|need|where is the) narcan "
    r"(?:now|rn|asap|quick|hurry)", r"need narcan",
    r"found (?:my |him |her |them )?(?:\w+ )?(?:on the (?:floor|ground|bathroom floor)|"
    r"unconscious|passed out|not breathing|with a needle)", r"needle (?:in|still in) (?:his|her|"
    r"their) arm", r"snoring (?:really |real |so )?(?:weird|funny|loud and)",
    r"(?:texted|messaged|sent) me (?:a )?goodbye", r"cant wake (?:him|her|them)",
    r"(?:hes|shes|theyre|he is|she is|is) not moving", r"gurgl\w*", r"cut (?:him|her|them)sel(?:f|ves)",
    rf"{SOMEONE} took (?:my |his |her |the |a bunch of |all (?:my |the )?)?{PILLS}",
    r"breathing (?:like )?(?:once|twice|\w+ times) a minute", r"(?:weird|strange|funny|loud) snoring",
    r"snoring (?:noise|sound)",
    r"(?:hes|shes|theyre|is|he is|she is) (?:turning |going )?(?:blue|purple|gray|grey)",
    r"lips (?:\w+ )?(?:blue|purple|gray|grey)", r"goodbye video", r"(?:scratching|cutting) (?:his|her|their) arms",
    r"(?:arms|legs) (?:bloody|bleeding)",
]
GOODBYE_EN = [
    r"(?:wrote|writing|written|left|leaving|finished) (?:a|my|the|his|her|him a) (?:\w+ )?"
    r"(?:note|letter|goodbye)", r"suicide note", r"goodbye (?:letter|note|text|message)s?",
    r"giv(?:e|ing|en) (?:away )?(?:all )?(?:my|away my) (?:stuff|things|belongings|dog|cat|"
    r"stuff away|things away)", r"giving (?:away )?my (?:stuff|things)",
    r"tell (?:my|them|her|him|everyone) (?:\w+ )?(?:i love|that i love|im sorry|i m sorry)",
    r"(?:this is|its|this will be|heres) (?:my )?(?:last|final) (?:text|message|goodbye|night|words)",
    r"(?:goodbye|bye) (?:everyone|all|world|forever|for good|cruel world)", r"final goodbye",
    r"when im gone", r"after im gone", r"see (?:you|ya|u) on the other side",
    r"(?:take|taking) care of (?:my|the) (?:kids|dog|cat|son|daughter) (?:for me|when)",
    r"(?:im|i am) (?:sorry|so sorry) (?:for everything|to everyone)", r"forgive me(?: for this)?",
    r"(?:made|written|wrote) (?:my|a) will", r"(?:im|i am) ready to go",
    r"(?:this is|its|saying|said|say) (?:my )?goodbyes?", r"goodbye$",
    r"(?:sorry|thank you|thanks|love (?:you|u) all|love you guys)(?: \w+){0,8} (?:goodbye|bye)$",
    r"wont need (?:it|them|this|that|those|anything|my \w+)(?: anymore| where im going)?",
    r"(?:ill|i will|im|i am) (?:be )?(?:already )?gone (?:before|by|tomorrow|soon|tonight)",
    r"(?:im|i am) already gone", r"remember me by", r"last time (?:youll|you will|u will|u ll|you ll) "
    r"(?:hear|see)", r"(?:dont|do not) (?:try to )?(?:find|look for|come find) me",
    r"(?:none of this|this|it) (?:was|is|isnt|wasnt) (?:not )?(?:your|her|his|their) fault",
    r"(?:letters?|notes?) (?:to|for) (?:my|everyone)", r"so this is it", r"put my will",
    r"(?:called|texted) everyone (?:i love )?(?:\w+ ){0,3}(?:goodbye|to say bye)",
]
ALARM_EN = [
    r"^(?:crisis|emergency|sos|911|help me|help me please|please help me|mayday|urgent)$",
    r"(?:im|i am|were|we are|having|its|this is|in) (?:a |an )?(?:crisis|emergency)",
    r"(?:need|get) (?:help|someone) (?:now|right now|asap|rn|immediately|please hurry)",
]
