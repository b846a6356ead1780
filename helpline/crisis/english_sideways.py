"""English words of danger told sideways, from the second round of tuning texts
(tests/crisis_corpus/tune_round2_*.csv): questions about methods and doses, plans and means
named indirectly, final arrangements, relapse with danger, someone else in danger. Regular
expressions over `recognise.words` text, as in `english`."""

SIDEWAYS_EN = [
    r"(?:which|what) (?:is|s|would be|works) (?:faster|quicker|less painful|more painless|surer|"
    r"more certain)", r"\w+ or (?:hanging|jumping|pills|a gun|drowning|bleeding out)",
    r"how (?:high|tall|far|deep|long|much|many)(?: \w+){0,5} (?:bridge|building|fall|jump|drop|"
    r"cut|drown|bleed|hang|to die|not survive|to kill|would kill|kills)",
    r"does (?:it )?(?:\w+ ){0,2}hurt to (?:drown|die|hang|bleed|jump|overdose|od|be shot)",
    r"does (?:drowning|hanging|bleeding out|jumping|carbon monoxide|an overdose|dying) hurt",
    r"carbon monoxide", r"(?:whats|what is) the (?:most|max|maximum)(?: \w+){0,3} (?:someone|a "
    r"person|you|u|i|one) can take", r"max(?:imum)? dose", r"what happens if (?:you|i|someone|u) "
    r"(?:take|took|swallow|swallowed) (?:\d+|a whole|all|a bottle)", r"to (?:not|never) wake up",
    r"(?:til|till|until) i (?:dont|do not|never) wake up", r"(?:sleep|go to sleep|fall asleep) and "
    r"(?:never|not) wake up", r"(?:hoping|praying) i (?:dont|do not|never|wont) wake up",
    r"take me in my sleep", r"(?:slic|slash|slit)\w* (?:my |his |her )?wrists?",
    r"carv\w* into", r"cutting (?:him|her|them)sel(?:f|ves)", r"tak(?:e|ing) (?:my|my own) life",
    r"(?:\bhose\b|tailpipe|exhaust pipe)(?: \w+){0,3} (?:hooked|exhaust|tailpipe|window|car)",
    r"join (?:my )?(?:\w+ ){0,2}(?:soon|tonight|in heaven|up there)", r"(?:made up my mind|"
    r"decided) how", r"decided to (?:end|die|go|do it|kill)", r"(?:wont|not|not gonna|not going "
    r"to) (?:be )?(?:here|around|alive) (?:after|past) (?:tonight|today|this weekend)",
    r"(?:not gonna|not going to|wont) be (?:here|around|alive)(?: \w+)? (?:tomorrow|tonight|"
    r"much longer|anymore|by morning)",
    r"drive (?:\w+ ){0,3}into (?:the|a|an) (?:\w+ ){0,2}(?:divider|wall|tree|pole|barrier|median|"
    r"overpass|semi|truck|river|lake|bridge)", r"at full speed",
    r"(?:so|for) (?:they|someone|somebody|you|u|the cops|people) (?:can|could|will) find (?:me|"
    r"my body)", r"(?:shoot|use|do|snort|smoke|take) (?:up )?(?:everything|all)(?: i have| i "
    r"got| of it)?(?: and| to)? (?:be done|die|not wake)", r"and be done(?: with it)?$",
    r"(?:gun|pistol|rifle|pills|rope|razor|blade)(?: \w+){0,6} (?:keep|keeps|cant stop) "
    r"(?:looking|staring|thinking) at (?:it|them)", r"(?:staring|looking) at (?:the|my|these|"
    r"those) (?:pills|gun|rope|razor|bottle|blade)", r"(?:log|logging|sign|signing|clock|"
    r"clocking) (?:off|out) (?:permanently|for good|forever|for the last time)", r"dead weight",
    r"dragging everyone down", r"wish (?:i had|id|i would have) died", r"wish (?:they|he|she|you"
    r"|u|someone|the paramedics) (?:never|hadnt|didnt) (?:narcan\w*|saved|revived|found|brought) "
    r"me", r"(?:so|that) (?:my )?\w+ (?:isnt|wont be|is not) stuck", r"last time (?:ull|youll)",
    r"(?:drink|drinking|use|using|drank) (?:till|until|til) i (?:die|drop dead)", r"took (?:some|a "
    r"few|a bunch|most|half|the rest) of (?:the|my|them|those|his|her)", r"took all (?:my|of my|"
    r"his|her|the) \w+", r"(?:want|need|wish) (?:it|this|everything|it all) (?:to be )?over(?: with)?"
    r"$", r"(?:going|slipping|fading) under", r"(?:break|rest|relief) from me (?:permanently|for "
    r"good|forever)", r"(?:gonna|going to) do it this time", r"nobody (?:can|will|could) stop me",
    r"(?:dont|do not) call (?:anyone|911|the cops|an ambulance|for help)", r"i took them(?: all)?$",
    r"tonights? (?:is )?it$", r"(?:picked|chose|set|have) (?:a|the) (?:date|day)",
    r"same (?:amount|dose) (?:as |i used|i did|i was)", r"something (?:feels|is) (?:really |very "
    r")?wrong", r"to make sure (?:i|it)", r"bought extra", r"(?:rest|sleep) (?:for good|forever)",
    r"locked (?:him|her|them|my)sel(?:f|ves) in", r"with (?:a |the |my |his |her )?(?:razor|blade|"
    r"knife|gun|pills|rope)$", r"(?:taking|took) a bunch of", r"permanent one", r"was laced",
    r"(?:hands|fingers|feet|face|arms|lips) (?:are |r )?(?:tingling|numb|going numb)",
    r"vision (?:is )?(?:weird|blurry|going|fading)", r"high enough", r"counting down",
    r"barely (?:keep|stay)(?: \w+)? (?:my eyes open|awake)", r"(?:dont|wont) need (?:\w+ ){0,3}"
    r"where im going", r"gave away my", r"(?:pain|it|this|everything) will (?:stop|end|be over) "
    r"soon", r"made sure of it", r"(?:dont|do not) deserve to (?:live|be alive|be here|exist)",
    r"(?:dont|do not|cant|cannot) see (?:a|any) future", r"face (?:is )?drooping",
    r"(?:cant|cannot) (?:lift|move) (?:his|her|my) (?:arm|leg)", r"someone to know (?:i|that i) "
    r"(?:tried|was here)", r"(?:a human|someone|somebody) to know",
    r"thanks? (?:you )?for everything(?: \w+){0,3} (?:bye|goodbye)",
]
