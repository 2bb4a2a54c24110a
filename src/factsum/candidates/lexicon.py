"""Closed word lists for the name finder. Lowercase; matching is case-folded."""

from __future__ import annotations

CONNECTORS = frozenset(
    "of the de du des la le van von der den di da do dos bin al el y for & upon für zu del della".split()
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

# verbs that report speech, as a regex alternation (quotes and speakers both read it)
SPEECH_VERBS = (
    r"said|says|told|tells|added|adds|stated|states|noted|notes|explained|argued|warned|insisted|"
    r"asked|replied|wrote|declared|announced|continued|stressed|emphasised|emphasized|"
    r"confirmed|stating|saying|responded|recalled|acknowledged|admitted|conceded|predicted|"
    r"cautioned|urged|called|described|posted|commented|remarked|suggested|countered|maintained|"
    r"observed|claimed|promised|vowed|concluded|agreed|told reporters|ruled|branded|dubbed|"
    r"a déclaré|a dit|a ajouté|déclare|estime|a estimé|affirme|a affirmé|selon|a lancé|a répondu|"
    r"a souligné|a prévenu|a rappelé|a regretté|a jugé|a insisté|juge|souligne|ajoute|dit|lance|"
    r"prévient|a défendu|défend|a dénoncé|dénonce|a reconnu|reconnaît|a expliqué|explique|"
    r"a indiqué|indique|a assuré|assure|a averti|avertit|a précisé|précise|a martelé|martèle|"
    r"a confié|confie|a résumé|résume|a réagi|réagit|a salué|salue|a fustigé|a qualifié|qualifie"
)

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
