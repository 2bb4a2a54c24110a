"""Closed word lists: the one home of every list of words the finders, strategies and metrics
read. Lowercase; matching is case-folded."""

from __future__ import annotations

CONNECTORS = frozenset(
    """of the de du des la le van von der den di da do dos bin al el y for & upon für zu del della
    dello delle degli dei""".split()
)

# particles that open a name when capitalised ("De Wilde", "Van Moer", "Le Matin")
NAME_PARTICLES = frozenset("""de van von der den di da du al el la le dos del della""".split())

FUNCTION_WORDS = frozenset(
    """a an the this that these those there here he she it we they i you his her its our their
    but and or so yet nor for if when while after before since until as at on in into of to by
    with without from about over under between among during despite although though because
    however meanwhile moreover also both all some many most several each every other another
    such no not nor only just even still already then now today yesterday tomorrow
    mr mrs ms dr prof sir dame according recent earlier later last next new
    le la les un une des du de et ou mais pour dans sur avec sans par ce cette ces il elle ils
    elles nous vous on selon lors around outside inside across amid among beyond within near
    nearly almost once instead overall together elsewhere asked people children nobody everyone
    someone anyone everybody somebody separately additionally furthermore currently recently
    previously finally initially eventually ultimately officially unfortunately fortunately
    similarly likewise elsewhere""".split()
)

TITLES = frozenset(
    """president vice prime minister ministers secretary assistant deputy general chancellor
    king queen prince princess emperor pope sheikh emir sultan dr mr mrs ms miss prof professor
    judge justice chief executive ceo cfo coo cto chairman chairwoman chair governor senator
    sen rep representative congressman congresswoman mayor commissioner coach captain
    ambassador envoy spokesman spokeswoman spokesperson director inspector sergeant officer
    lieutenant colonel major admiral marshal commander comrade premier leader foreign defence
    defense finance interior state acting former ex interim associate senior lord lady
    rabbi imam cardinal bishop archbishop father reverend rev councillor councilor
    gov lt gen col sgt capt cmdr maj resident qc
    councilman councilwoman alderman mp mep lawmaker detective constable superintendent
    sheriff attorney prosecutor chancellor magistrate dean provost rector president-elect
    président présidente ministre premier première député députée sénateur sénatrice maire
    juge madame monsieur m mme
    actor actress singer rapper comedian presenter star striker midfielder defender goalkeeper
    boss manager chef scientologist briton frenchman frenchwoman englishman scot""".split()
)

DEPARTMENT_WORDS = frozenset(
    """affairs defence defense state finance health justice interior commerce trade
    education energy agriculture transport transportation economy labour labor culture
    environment security treasury industry communications development housing""".split()
)

DEMONYMS = frozenset(
    """afghan albanian algerian american andorran angolan argentine argentinian armenian
    australian austrian azerbaijani bahraini bangladeshi belarusian belgian bolivian bosnian
    brazilian british bulgarian burmese cambodian cameroonian canadian chilean chinese
    colombian congolese croatian cuban cypriot czech danish dutch ecuadorian egyptian emirati
    english eritrean estonian ethiopian european filipino finnish french georgian german
    ghanaian greek guatemalan haitian honduran hungarian icelandic indian indonesian iranian
    iraqi irish israeli italian ivorian jamaican japanese jordanian kazakh kenyan korean
    kosovar kuwaiti kyrgyz lao latvian lebanese liberian libyan lithuanian luxembourgish
    macedonian malagasy malaysian malian maltese mexican moldovan mongolian montenegrin
    moroccan mozambican namibian nepali nepalese nigerian nigerien norwegian omani pakistani
    palestinian panamanian paraguayan peruvian polish portuguese qatari romanian russian
    rwandan saudi scottish senegalese serbian singaporean slovak slovenian somali
    south-african spanish sri-lankan sudanese swedish swiss syrian taiwanese tajik tanzanian
    thai tunisian turkish turkmen ugandan ukrainian uruguayan uzbek venezuelan vietnamese
    welsh yemeni zambian zimbabwean western eastern northern southern asian african arab
    latin nordic baltic balkan north south east west central
    chechen kurd kurdish tutsi hutu pashtun uighur uyghur scot basque catalan
    français française allemand allemande américain américaine chinois chinoise russe
    européen européenne britannique italien italienne espagnol espagnole""".split()
)

ORGANIZATION_WORDS = frozenset(
    """university agency party ministry bank company corp corporation inc group council court
    association union committee federation institute institution organization organisation
    news times post fund authority commission department office service board club fc league
    foundation ltd llc plc gmbh sa airlines airways holdings parliament assembly senate
    congress government police army navy forces society center centre school college
    hospital church network bureau reuters press observatory laboratory lab labs systems
    technologies motors energy partners capital bancorp trust alliance coalition front
    movement tribunal cabinet secretariat directorate exchange
    université ministère assemblée conseil parti banque société cour co cos bhd""".split()
)

# heads of place names, never of a person's name ("Democratic Republic of Congo")
PLACE_WORDS = frozenset(
    """republic kingdom states emirates islands island territory province county city
    mountains river sea ocean gulf bay valley coast""".split()
)

# heads of the names of buildings, sites and outlets: a word of the name, never a sentence glued
# on after it ("Riverside Retail Park in", "Damascus Radio said")
# ... of which these head only places: a name they end is a place whatever a model calls it
# ("Rugby Park", "Wall Street"); a hall, palace or museum also speaks as an institution
VENUE_WORDS = frozenset("park square street road avenue lane bridge airport station stadium arena".split())
FACILITY_WORDS = VENUE_WORDS | frozenset(
    """hall palace castle tower cathedral abbey museum gallery theatre theater zoo library embassy
    consulate prison academy radio television tv""".split()
)
# heads of place names that also end club names ("Manchester City", "Ross County")
CLUB_PLACE_WORDS = frozenset("city county".split())

# cardinals that end names ("League Two", "Formula One", "Apollo Eleven")
CARDINAL_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty""".split()
)

# verbs that report speech, as a regex alternation (quotes and speakers both read it)
SPEECH_VERBS = (
    r"said|says|told|tells|added|adds|stated|states|noted|notes|explained|argued|warned|insisted|"
    r"asked|replied|wrote|declared|announced|continued|stressed|emphasised|emphasized|"
    r"confirmed|stating|saying|responded|recalled|acknowledged|admitted|conceded|predicted|"
    r"cautioned|urged|called|described|posted|commented|remarked|suggested|countered|maintained|"
    r"observed|claimed|claims|alleged|alleges|promised|vowed|concluded|agreed|told reporters|ruled|"
    r"branded|dubbed|went on|goes on|"
    r"a déclaré|a dit|a ajouté|déclare|estime|a estimé|affirme|a affirmé|selon|a lancé|a répondu|"
    r"a souligné|a prévenu|a rappelé|a regretté|a jugé|a insisté|juge|souligne|ajoute|dit|lance|"
    r"prévient|a défendu|défend|a dénoncé|dénonce|a reconnu|reconnaît|a expliqué|explique|"
    r"a indiqué|indique|a assuré|assure|a averti|avertit|a précisé|précise|a martelé|martèle|"
    r"a confié|confie|a résumé|résume|a réagi|réagit|a salué|salue|a fustigé|a qualifié|qualifie"
)

# verbs that pass on someone's words, as a regex alternation: one earlier in a sentence makes a
# quoted word in it theirs ("revealed that she had a ‘fling’", "he answered "yes""). "revealed"
# is not in SPEECH_VERBS, whose regex windows it cost people names (rules-only people F1 fell on
# the seeds and on real news); the parse links quotes to it (PARSED_SPEECH_VERBS)
REPORTING_VERBS = rf"{SPEECH_VERBS}|revealed|reveals|revealing|answered|answers"

# participles that give a thing its name, as a regex alternation: right after a noun and before
# quotation marks they name it ("a troll called ‘tidewrack’", "a trick known as "the loop""),
# while after a speaker they report words ("what he called "brilliant"")
NAMING_PARTICIPLES = r"called|named|nicknamed|dubbed|known as"

# "heard from students that …", "learned from aides that …": the source follows "from"
HEARING_VERBS = r"heard|hears|learned|learnt|learns"

# verbs that report words only when the parse hangs the quote on them ("accusing the judges of
# being ‘out of touch’", "the panel decided it was ‘not excessive’"): too loose for a regex window
PARSED_SPEECH_VERBS = (
    rf"{SPEECH_VERBS}|telling|adding|accusing|accused|decided|found|reported|reports|writes|"
    r"warns|insists|argues|explains|asks|describing|calling|demanding|demanded|criticised|criticized|"
    r"revealed|reveals|"
    # the plain forms plural subjects take ("critics say", "fans who call for")
    r"say|tell|claim|call|warn|insist|argue|allege|describe|admit|write|add|highlighted|highlights|"
    + HEARING_VERBS
)

# what a speaker issues rather than who speaks ("the statement said", "the report found")
DOCUMENT_WORDS = frozenset("statement report release letter document study survey filing".split())

# words that tie a person's name to a gender ("Ms Holt", "Quill alleges that she"), so that
# "she said" skips the men named since
MASCULINE_WORDS = frozenset("he him his himself mr".split())
FEMININE_WORDS = frozenset("she her hers herself mrs ms miss".split())

NEWS_AGENCIES = frozenset(
    "afp reuters ap bloomberg xinhua kcna yonhap bbc cnn dpa ansa efe tass kyodo pti aap".split()
)

# Heads of the noun phrases that stand for an unnamed speaker ("a source said", "judges
# ruled", "said a spokesman"): the speaker is then the phrase as the article words it.
SPEAKER_DESCRIPTORS = frozenset(
    """source sources official officials spokesman spokeswoman spokesperson spokesmen aide aides
    witness witnesses police detective detectives investigator investigators prosecutor
    prosecutors judge judges court jury lawyer lawyers attorney attorneys neighbour neighbours
    neighbor neighbors resident residents friend friends relative relatives family insider
    insiders expert experts analyst analysts critic critics campaigner campaigners activist
    activists group groups man woman mother father teacher teachers doctor doctors nurse nurses
    doctors worker workers employee employees staff student students fan fans report statement
    diplomat diplomats minister ministers masses viewers users parents spokespeople
    paramedic paramedics firefighter firefighters officer officers authorities""".split()
)

# words that carry no fact: sentence salience (factsum.sentences) does not count them
SALIENCE_STOPWORDS = frozenset(
    """the and for that with this from have has had was were are but not its his her their they
    said says will would could should been also than then into over after before about which who
    what when where there more most some such only other very just while during because les des
    une pour dans que qui sur par avec est sont pas plus ont été ses leur""".split()
)

# words a shortening by deletion may still bring in: glue that joins what is left
DELETION_GLUE = frozenset(
    """a an the and or of in on at to for with its their his her is was are were has had""".split()
)

# words an acronym skips besides the connectors ("Research and Development" -> "RD")
ACRONYM_SKIPPED_WORDS = frozenset("and & et und y e".split())

# words that open a place name but are otherwise function words ("New York", "New Zealand")
NAME_OPENERS = frozenset("new".split())

# words that open a sentence and never go on a name: capitalised inside a run of names they
# start a sentence glued on where a caption lost its full stop ("in Menorca While Pat")
SENTENCE_OPENERS = frozenset(
    """but so yet if when while although though because however meanwhile moreover also this
    these those there he she it we they his her its their another both each every then""".split()
)

# Arabic articles joined to a name by a hyphen, written in lower case ("al-Qaeda", "el-Sisi")
HYPHENATED_PARTICLES = frozenset("al el ad ar as at an ash az ul".split())

# prefixes that make a name a modifier: "Ex-Chelsea striker", "anti-Kremlin", "pro-Brexit"
MODIFIER_PREFIXES = frozenset("ex anti pro non post pre".split())

# words that open a line before a name and are no part of it ("RIP Stan Freberg")
TRIBUTE_WORDS = frozenset("rip".split())

# last words of the titles of papers and magazines, whose "The" is part of the title even at a
# sentence start ("The New York Times", "The Hollywood Reporter", "The Astrophysical Journal")
PUBLICATION_WORDS = frozenset(
    """times post journal reporter enquirer inquirer guardian telegraph independent observer
    economist herald tribune gazette chronicle mail express mirror sun star standard globe
    examiner courier register bulletin spectator atlantic letters""".split()
)

# names that take a number as their last word ("Channel 5", "Radio 4", "Formula 1", "Apollo 11")
NUMBERED_NAME_HEADS = frozenset("channel radio formula apollo".split())

# titles in the plural, after a name list ("Anas Sarwar and Ian Murray MPs")
PLURAL_TITLES = frozenset("mps meps mlas msps senators ministers".split())

# lower-case words a title in quotation marks may hold ("Lord of the Flies")
TITLE_CASE_CONNECTORS = frozenset("and of the a an in on for to de la le et du".split())

# words that name a work or a part of one: a quoted name beside them is its title (the hit
# “Rain,”; her album, “Tidewater,”; the “Hey, Hey” chorus). Not "lyric" or "line": a quoted
# lyric is someone's written words.
WORK_NOUNS = frozenset(
    """song songs hit hits single singles album albums record records track tracks tune tunes
    anthem anthems ballad ballads chorus refrain show shows series sitcom programme program
    episode film films movie movies documentary book books novel novels memoir play plays musical
    opera poem poems cartoon cartoons column essay painting exhibition tour podcast video sketch
    skit parody spoof""".split()
)

# verbs that name or make a work, directly before its title (titled “Rain,”; he recorded
# “Tin Roof, Blue Door”). Not "wrote", "penned" or "sang": what one writes or sings is as often
# a message or a lyric (he wrote “Miss You, Stan.” on a card), and those are quotes.
WORK_VERBS = frozenset(
    """titled entitled called named dubbed recorded released composed published directed""".split()
)

# words a plural possessive never stands before: prepositions, conjunctions, auxiliaries,
# articles and pronouns begin no noun phrase it could own ("the players' efforts" but never
# "the players' to"), so a mark after -s before one of them closes a quotation ('patriotic
# Scots' to vote). Words that are also nouns or adjectives (past, will, like, near) are left out.
NOT_AFTER_A_POSSESSIVE = frozenset(
    """about across after against along among around as at before behind below between beyond
    by despite during except for from in into of on onto since through throughout to toward
    towards under until upon via with within without and but or nor so yet because although
    though while whereas if unless whether than that which who whom whose where when is are was
    were be been has have had does did would shall should could might a an the this these those
    it he she they we you i his her its their our my your them him us me""".split()
)

# words that open an unnamed speaker's noun phrase ("a source", "three judges")
DETERMINERS = frozenset("a an the one two three several some many other".split())

# French puts the verb before its subject after a quote: "« … », estime Éric Vasseur";
# as a regex alternation, like SPEECH_VERBS
INVERTED_SPEECH_VERBS = (
    r"said|says|added|adds|wrote|asked|replied|continued|recalled|explained|noted|warned|insisted|"
    r"according to|a déclaré|a dit|a ajouté|selon|a lancé|a souligné|a répondu|a prévenu|"
    r"estime|a estimé|affirme|a affirmé|juge|a jugé|souligne|ajoute|dit|lance|prévient|déclare|"
    r"explique|a expliqué|précise|a précisé|assure|a assuré|reconnaît|a reconnu|insiste|a insisté|"
    r"poursuit|a poursuivi|résume|a résumé|confie|a confié|indique|a indiqué|martèle|a martelé"
)

# pronouns that speak for the last person named, as a regex alternation
SUBJECT_PRONOUNS = r"he|she|they|il|elle|ils|elles"

# roles written in lower case right before a name ("economist Jane Doe"), as a regex alternation
LOWERCASE_TITLES = (
    r"professor|official|leader|minister|spokesman|spokeswoman|spokesperson|director|analyst|"
    r"economist|lawyer|judge|chief executive|executive|founder|chairman|president|senator|mayor|"
    r"coach|striker|captain|researcher|scientist|author|governor|ambassador|envoy|commissioner|"
    r"secretary|officer|resident|engineer|manager|owner|député|députée|ministre"
)

# English and French month names and abbreviations -> month number
MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}

# French writes its months in lower case: capitalised inside a sentence these are names
# ("on Mars", "Mai Thi")
FRENCH_MONTHS = frozenset(
    """janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre
    décembre decembre""".split()
)

# English and French weekdays, as a regex alternation
WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
)

# words that look like month names but usually are not dates
AMBIGUOUS_MONTHS = frozenset("may march mar jan jun jul aug sep dec nov oct feb apr sept mai mars".split())

# words right after a figure that are never its unit
UNIT_STOPWORDS = frozenset(
    """and or the a an to in of on at for by from with was were is are as than that who which more
    less per percent et le la les des du au en sur pour par times point points out said says he
    she it they""".split()
)

# words a key point is not judged on (evals.metrics.key_point_coverage)
KEY_POINT_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours""".split()
)

# compass words: after a capitalised word they end a place name ("Middle East", "Far East")
COMPASS_WORDS = frozenset("east west north south".split())
# short for the first word of a place's name ("St. Louis", "Mt. Kenya", "Ft. Worth"): their full
# stop ends no sentence
PLACE_NAME_ABBREVIATIONS = frozenset("st mt ft".split())
COMPASS_ADJECTIVES = frozenset("eastern western northern southern central".split())

# sentence openers that lean on the sentence before them: pronouns and connectives
LEANING_OPENERS = (
    "He", "She", "They", "It", "This", "That", "These", "Those", "His", "Her", "Their", "Its",
    "But", "And", "Also", "Meanwhile", "However",
)  # fmt: skip

# words that date an event to a day or a week: news says when; a feature's hook seldom does
NEWS_TIME_WORDS = rf"{WEEKDAYS}|yesterday|today|tonight|last night|last week|this week"

# pronouns that point back to someone or something named before, as a regex alternation
BACK_POINTING_PRONOUNS = r"he|she|him|her|his|hers|himself|herself|it|its|they|them|their|theirs"

# words that make a clause say something else when they go: a deletion that holds one is refused
NEGATION_WORDS = frozenset("not n't no never nor neither none nobody nothing nowhere without cannot".split())
MODAL_WORDS = frozenset("can could may might must shall should will would 'll 'd ought".split())
# a relative clause these open, set off by commas, adds to a noun already named ("the ferry,
# which ..."); "that" restricts: it says which ferry
NON_RESTRICTIVE_OPENERS = frozenset("who whom whose which where".split())
# what a pronoun after a name may stand for: a person, or a place or a body
PERSONAL_PRONOUNS = frozenset("he she him her his hers himself herself they them their theirs".split())
IMPERSONAL_PRONOUNS = frozenset("it its they them their theirs".split())
