"""Intent words: a question about the session itself, a price, a set (assistant.phrases)."""

import pytest

from assistant.phrases import (
    asked_definition,
    asked_in_language,
    asks_about_a_cadence,
    asks_about_the_series,
    asks_facts_of_the_sessions,
    asks_for_a_list,
    asks_how_long,
    asks_how_many,
    asks_how_often,
    asks_only_of_the_session,
    asks_what_a_session_covers,
    asks_where_to_start,
    asks_which_languages,
    asks_which_sessions,
    asks_who_it_is_for,
    catalog_language,
    named_frequencies,
    names_a_figure,
    names_a_frequency,
    names_only_products,
    points_back,
    small_talk,
    uncovered_topic,
    without_small_talk,
)


@pytest.mark.parametrize(
    "question",
    [
        "What is the third CJA session about?",
        "What does the session on executive sponsors cover?",
        "Worum geht es in der AJO-Session?",
        "Welche Themen behandelt die zweite Sitzung?",
        "Di cosa parla la sessione sull'architettura?",
        "Quali argomenti tratta il webinar?",
        "Vad handlar sessionen om?",
        "Vad tar den femte sessionen upp?",
        "De quoi parle la séance sur la gouvernance ?",
        "¿De qué trata la sesión de CJA?",
        "Sobre o que é a sessão de AJO?",
        "Waar gaat de sessie over?",
        "このセッションの概要は？",
        "Kan du sammanfatta session 4 om AJO?",  # asked as a verb: summarise it
        "Können Sie die CJA-Session zur Architektur zusammenfassen?",
        "Puoi riassumere la sessione 5 di CJA?",
        "Pouvez-vous résumer la session sur la gouvernance ?",
        "¿Puedes resumir la sesión 2 de AJO?",
        "Kun je de sessie over CJA samenvatten?",
        "Worum geht es?",  # naming nothing: after an answer, its session (with nothing said yet, the help)
        "Vad handlar det om?",
    ],
)
def test_questions_about_a_session_itself(question):
    assert asks_what_a_session_covers(question)


@pytest.mark.parametrize(
    "question",
    [
        "What does the governance cadence cover?",  # about a section's subject, no session named
        "What does session 4 of the CJA series say about business cases?",  # about one subject of it
        "Which roles are critical for CJA?",
        "Worum geht es bei der Governance-Kadenz?",
        "Who is the series for?",
        "How many people are in the team at the scale stage of the session?",
        "Vad handlar styrningskadensen om?",
        "セッションのガバナンスについて教えてください",  # "about governance in the session": a topic
        "Where do I resume the session recording?",
    ],
)
def test_questions_about_a_sections_content(question):
    assert not asks_what_a_session_covers(question)


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        ("How much does a Customer Journey Analytics licence cost?", "no_prices"),
        ("Wie viel kostet eine Lizenz für AJO?", "no_prices"),
        ("Vad är priset för CJA?", "no_prices"),
        ("Combien coûte Journey Optimizer ?", "no_prices"),
        ("¿Cuánto cuesta la licencia?", "no_prices"),
        ("Qual é o preço do CJA?", "no_prices"),
        ("Wat is de prijs van AJO?", "no_prices"),
        ("Was kostet AJO?", "no_prices"),
        ("Vad kostar CJA per år?", "no_prices"),
        ("Wat kost Journey Optimizer?", "no_prices"),
        ("How do I craft a business case for cost reduction?", None),  # costs as a topic of the pages
        ("Come si dimostra la riduzione dei costi?", None),
        ("Wie viele Personen hat ein Team?", None),
        ("Was kostet es, wenn die Architektur veraltet?", "no_prices"),  # a cost asked of a topic is still a price
        ("Vad kostar det att inte ha en sponsor?", "no_prices"),
        ("Vad tjänar en AJO-utvecklare i Sverige?", "no_salaries"),
        ("Wie hoch ist das Gehalt eines CJA-Architekten?", "no_salaries"),
        ("Quanto guadagna un product owner?", "no_salaries"),
        ("What salary should a Journey Optimizer developer get?", "no_salaries"),
        ("¿Cuánto gana un analista de CJA?", "no_salaries"),
        ("Hur lönsamt är CJA?", None),  # profitable: not a salary
        ("How do we earn the trust of executives?", None),  # earning trust is not pay
        ("Vad tjänar vi på en sponsor?", None),  # what we gain: no role's pay asked
        ("Wer hält die Sessions?", "no_speakers"),
        ("Who presents the CJA webinar?", "no_speakers"),
        ("Chi sono i relatori?", "no_speakers"),
        ("¿Quién imparte la sesión?", "no_speakers"),
        ("Qui anime le webinaire ?", "no_speakers"),
        ("Wer hält den Kontakt zu den Stakeholdern?", None),  # "who holds" without a session word
        ("Who runs the steering committee?", None),
        ("How should we present the business case to executives?", None),
        ("Gibt es Folien zum Download?", "no_slides"),
        ("Can I get the slides of the CJA operating model session?", "no_slides"),
        ("Dove posso scaricare le slide?", "no_slides"),
        ("Kan jag ladda ner presentationen?", "no_slides"),
        ("Vem leder arbetsgruppen?", None),
        ("Quels sont les horaires du support Adobe ?", "no_support"),
        ("Welche Zertifizierungen gibt es für CJA-Entwickler?", "no_support"),
        ("Welche Browser unterstützt die Oberfläche von AJO?", "no_support"),
        ("What is Adobe's support SLA for priority tickets?", "no_support"),
        ("Finns det en certifiering för AJO?", "no_support"),
        ("How do we get executive support for CJA?", None),  # a sponsor's support: the pages' own topic
        ("Come otteniamo il supporto dei dirigenti?", None),
        ("Wie konfiguriere ich eine Datenansicht in CJA?", "no_howto"),
        ("How do I install the AJO mobile SDK?", "no_howto"),
        ("What do employees go through, step by step, when we introduce CJA?", None),
        ("Wie viele Profile darf ich in Adobe Experience Platform speichern?", "no_howto"),
        ("Hur många användare kan logga in samtidigt i CJA?", "no_howto"),
        ("How many users can we add to AJO?", "no_howto"),
        ("Hur många personer behövs i ett AJO-team?", None),  # a team's size: the pages' topic
        ("How many questions should we ask for each use case?", None),
        ("Vilken version av AJO är senast?", "no_howto"),
        ("How do I reset my password in Journey Optimizer?", "no_howto"),  # using the software
        ("Hur exporterar jag en rapport från CJA till Excel?", "no_howto"),
        ("Wie richte ich Push-Benachrichtigungen in AJO ein?", "no_howto"),
        ("Quali sono le novità di CJA?", "no_howto"),
        ("What's new in Journey Optimizer?", "no_howto"),
        ("How do we push executives to sponsor CJA?", None),  # "push" alone is everyday English
        ("Wie bringen wir neue Funktionen ins Team?", None),  # a team's functions, not a release's
        ("How do we set up a Center of Excellence?", None),  # an organisation's set-up: the pages' topic
        ("When is the next webinar?", "no_schedule"),
        ("Wann ist die nächste Session?", "no_schedule"),
        ("What comes next after the session on architecture?", None),
        ("Which Adobe consultant should we contact for help?", "no_support"),
        ("Wen kontaktiere ich bei Adobe?", "no_support"),
        ("Who is our Adobe account manager?", "no_support"),
        ("How do we contact stakeholders about Adobe Journey Optimizer?", None),  # the product, not the vendor
        ("How long does it take to roll out CJA?", "no_timelines"),
        ("Wie lange dauert die Einführung von AJO?", "no_timelines"),
        ("Quanto tempo ci vuole per vedere risultati con AJO?", "no_timelines"),
        ("Hur lång tid tar det att införa CJA?", "no_timelines"),
        ("Combien de temps faut-il pour déployer AJO ?", "no_timelines"),
        ("How long does the session take?", None),  # its recording's length
        ("Wie lange dauert die Session?", None),
        ("Wie lange dauert die dritte?", None),  # a session by its place in a list just shown
        ("Quanto tempo dura la sessione?", None),
    ],
)
def test_questions_about_what_no_page_covers(question, reply):
    topic = uncovered_topic(question)
    assert (topic[0] if topic else None) == reply


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("Vad betyder KBO?", "KBO"),
        ("What does RACI stand for?", "RACI"),
        ("Was ist eine NSA?", "NSA"),
        ("Cosa significa KBO?", "KBO"),
        ("Qu'est-ce que la NSA ?", "NSA"),
        ("What is AJO?", None),  # a product: every page
        ("What is the RACI framework used for?", None),  # more than the acronym asked
        ("Vad betyder styrning?", None),  # not an acronym
        ("Cosa significa Northstar?", "Northstar"),  # a name: its two lists were quoted whole
        ("Was ist NorthStar?", "NorthStar"),
        ("Vad är Prosci?", "Prosci"),
        ("Was ist Governance?", None),  # an ordinary word, which the pages use in many senses
        ("Cosa sono i KBO?", "KBO"),  # asked in the plural: the overview and a whole list were quoted
        ("Che cosa sono gli NSA?", "NSA"),
        ("¿Qué son los KBO?", "KBO"),
        ("O que são os KBOs?", "KBO"),
        ("Cosa sono i pilastri?", None),  # a list asked for, no acronym
    ],
)
def test_a_question_for_what_an_acronym_or_a_name_means(question, term):
    assert asked_definition(question) == term


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("What is the AJO series about?", True),
        ("Give me a short summary of the AJO series", True),
        ("Vad handlar CJA-serien om?", True),
        ("Worum geht es in der Content-Supply-Chain-Reihe?", True),
        ("Which session should I watch first if I'm new to CJA?", True),
        ("Par quelle session commencer ?", True),
        ("Ich bin neu hier. Worum geht es in dieser Serie überhaupt?", True),  # who asks, "this": no topic
        # a separable verb, a length, asking politely (one section of one page was quoted)
        ("Fasse die CJA-Serie in drei Sätzen zusammen", True),
        ("Kannst du die AJO-Reihe kurz zusammenfassen?", True),
        ("Résume la série AJO", True),
        ("Summarize the CJA series in a few sentences", True),
        ("Fasse die Rollen im AJO-Team zusammen", False),  # a topic
        ("Which sessions cover AI?", False),  # a two-letter acronym is a topic: the whole catalog was listed
        ("Welche Sessions behandeln KI?", False),
        ("What does the AJO series say about governance?", False),  # a topic: the pages answer
        ("What is the first session about?", False),  # one session, by its place
        ("Which session covers the first step of the roadmap?", False),
        ("Welche Sessions gibt es?", False),  # the catalog alone
    ],
)
def test_a_question_about_the_series_as_a_whole(question, about):
    assert asks_about_the_series(question) is about


@pytest.mark.parametrize(
    ("question", "every"),
    [
        ("Hur länge är AJO-sessionerna?", True),
        ("Quanto durano le sessioni di AJO?", True),
        ("Is the content supply chain series available in Swedish?", True),
        ("Gibt es Aufzeichnungen der AJO-Sessions?", True),
        ("Welche Sessions gibt es auf Deutsch?", True),
        ("Who is the series for?", True),
        ("Wie lange dauert die Session?", False),  # one session: the one talked about
        ("Welche Sessions gibt es?", False),  # the catalog alone
        ("Vilka roller behövs enligt sessionerna?", False),  # a content question
    ],
)
def test_a_question_asking_a_fact_of_every_session(question, every):
    assert asks_facts_of_the_sessions(question) is every


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Welche Sessions gibt es auf Deutsch?", "de"),
        ("Which sessions are available in Swedish?", "sv"),
        ("Is the content supply chain series available in Swedish?", "sv"),
        ("Quali sessioni ci sono in spagnolo?", "es"),
        ("Welke sessies zijn er in het Nederlands?", "nl"),
        ("Welche Sessions gibt es?", None),  # every session
        ("Gibt es sie auch auf Englisch?", None),  # the languages of the session talked about
        ("Kannst du das auf Deutsch sagen?", None),  # the previous answer again
        ("Welche Rollen gibt es auf Deutsch?", None),  # a question of its own
    ],
)
def test_a_request_for_the_sessions_in_a_language(question, language):
    assert catalog_language(question) == language


@pytest.mark.parametrize(
    ("question", "catalog"),
    [
        ("Which sessions are there?", True),
        ("Vilka sessioner finns det i CJA-serien?", True),
        ("Welche Sessions gibt es zu AJO?", True),
        ("Quali sessioni ci sono su Content Supply Chain?", True),
        ("How many sessions does the CJA series have?", True),
        ("¿Qué sesiones hay?", True),
        ("Quali sessioni ci sono sulla Content Supply Chain?", True),  # a preposition the stopwords lack
        ("Che sessioni ci sono?", True),
        ("Quelles sessions y a-t-il sur AJO ?", True),
        ("¿Qué sesiones hay sobre AJO?", True),
        ("Welke sessies zijn er over AJO?", True),
        ("Kan du ge mig en lista över alla sessioner om Content Supply Chain?", True),  # a list asked for
        ("Gib mir eine Liste aller Sessions zu CJA", True),
        ("Quante sessioni ci sono in tutto?", True),  # "in total" names no topic (it got CJA 3's roles)
        ("Wie viele Sessions gibt es insgesamt?", True),
        ("Hur många sessioner finns det totalt?", True),
        ("Che cosa dice la sessione sul team?", False),
        ("Quali sessioni parlano di sponsorizzazione?", False),  # a topic: the pages answer
        ("Which session covers the roles?", False),
        ("What is the CJA session about?", False),  # its summary
        ("What is the third CJA session about?", False),
        ("Which roles are needed?", False),  # no session word
    ],
)
def test_a_question_asking_which_sessions_there_are(question, catalog):
    assert asks_which_sessions(question) is catalog


def test_questions_about_who_a_session_is_for_and_how_long_it_is():
    assert asks_who_it_is_for("Who is the series for?")
    assert asks_who_it_is_for("Für wen ist die CJA-Session gedacht?")
    assert asks_who_it_is_for("A chi è rivolta la sessione?")
    assert asks_who_it_is_for("Vilken målgrupp har webbinariet?")
    assert not asks_who_it_is_for("Who is responsible for reporting?")  # a role in the pages, not the audience
    assert asks_who_it_is_for("Vem är sessionen om arkitekturen till för?")
    assert asks_who_it_is_for("Who should attend the CJA roadmap session?")
    assert not asks_who_it_is_for("Vem ansvarar för sessionen?")
    assert asks_how_long("How long is the recording?")
    assert asks_how_long("Hur lång är sessionen?")
    assert asks_how_long("¿Cuánto dura la sesión?")
    assert not asks_how_long("How long does the incubate stage last?")  # a fact of the pages
    for bare in ("Quanto dura?", "How long is it?", "Wie lange dauert sie?", "Hur länge varar den?", "¿Cuánto dura?"):
        assert asks_how_long(bare), bare  # nothing but the duration: of the session talked about
    for placed in ("Wie lange dauert die dritte?", "How long is the last one?", "Quanto dura la terza?"):
        assert asks_how_long(placed), placed  # a session by its place in the series just listed
    assert not asks_how_long("Wie lange dauert die Inkubationsphase?")
    assert not asks_how_long("How long does it take to implement AJO?")
    assert not asks_how_long("세션에서 팀은 얼마나 커야 하나요?")  # "how big", not "how long"


@pytest.mark.parametrize(
    ("question", "listing"),
    [
        ("What roles are key for Customer Journey Analytics?", True),
        ("Which pillars does the framework have?", True),
        ("Vilka roller behövs i teamet?", True),
        ("Welche Rollen sind für CJA entscheidend?", True),
        ("Quali ruoli chiave servono per CJA?", True),
        ("Quelles sont les étapes du changement ?", True),
        ("¿Cuáles son los pilares?", True),
        ("¿Qué pasos recomienda la sesión?", True),
        ("Quais são as fases?", True),
        ("Welke rollen zijn nodig?", True),
        ("What are the roles in CJA?", True),  # "what are the …s" asked for no list
        ("Was sind die Säulen eines Betriebsmodells?", True),
        ("Cosa sono i pilastri?", True),
        ("What is the governance cadence?", False),  # "is": one thing
        ("Who is responsible for reporting?", False),
        ("Quale ruolo gestisce la roadmap?", False),  # singular
        ("Vem äger roadmapen?", False),
        ("¿Qué es un centro de excelencia?", False),
    ],
)
def test_questions_asking_for_a_set(question, listing):
    assert asks_for_a_list(question) is listing


@pytest.mark.parametrize(
    ("question", "often"),
    [
        ("How often should the CJA working group meet?", True),
        ("Hur ofta bör ledningen stämma av AJO-programmet?", True),
        ("Wie oft trifft sich das Steuerungsgremium?", True),
        ("Ogni quanto va rivisto il diagramma?", True),
        ("Con quale frequenza si riunisce la governance?", True),
        ("À quelle fréquence faut-il revoir la feuille de route ?", True),
        ("¿Con qué frecuencia se reúne el equipo?", True),
        ("Com que frequência a liderança deve acompanhar o programa?", True),
        ("Hoe vaak komt het team samen?", True),
        ("Quanto spesso bisogna aggiornare il diagramma NSA?", True),  # was not asked "how often"
        ("Combien de fois par an le comité se réunit-il ?", True),
        ("¿Qué tan seguido se reúne el equipo?", True),
        ("Quantas vezes o comitê se reúne?", True),
        ("Wat is de aanbevolen governance-cadans voor AJO?", True),  # a cadence is how often
        ("Hur ser styrningskadensen ut?", True),  # also inside a compound
        ("Welche Governance-Kadenz empfiehlt die Session?", True),
        ("How many people does the team need?", False),
        ("Wie lange dauert die Session?", False),
    ],
)
def test_questions_asking_how_often(question, often):
    assert asks_how_often(question) is often


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Vem deltar i de månatliga mötena?", {"monthly"}),
        ("* **Kontroller av månadsledarskap** Åtgärda eskaleringar", {"monthly"}),
        ("Was passiert in den Quartalsreviews?", {"quarterly"}),
        ("vierteljährliche Roadmap-Überprüfungen", {"quarterly"}),  # not "jährlich" inside it
        ("* **Bi-Weekly Discussions** Resolve blockers", {"biweekly"}),  # not weekly
        ("* **Diskutera varannan vecka** Lös blockerare", {"biweekly"}),
        ("Riunioni strategiche annuali e attività giornaliere", {"annual", "daily"}),
        ("Wer leitet das Team?", set()),
    ],
)
def test_the_frequencies_a_text_names(text, named):
    assert named_frequencies(text) == named


@pytest.mark.parametrize(
    ("message", "start"),
    [
        ("Which session should I watch first?", True),
        ("ich bin neu hier, womit soll ich anfangen?", True),
        ("Var ska jag börja?", True),
        ("Da dove comincio?", True),
        ("Par où commencer ?", True),
        ("¿Por dónde empiezo?", True),
        ("Waar moet ik beginnen?", True),
        ("I'm new to AJO, where do I start?", True),  # of that product's series
        # inflected and separable verbs: "fange … an", "beginne", "börjar", "sollten"
        ("Ich bin neu bei CJA. Womit fange ich an?", True),
        ("Womit beginne ich?", True),
        ("Jag är ny på CJA, var börjar jag?", True),
        ("Womit sollten wir bei AJO anfangen?", True),
        ("Wann beginnt die nächste Session?", False),  # when, not where
        ("Welche Rollen braucht man zu Beginn?", False),
        ("How do we start with CJA?", False),  # how to get going: a page answers
        ("Which use cases should we start with?", False),  # a topic of its own
        ("Vilka AJO-idéer ska vi börja med?", False),
        ("What is the first session about?", False),  # one session, by its place
        ("In welcher Reihenfolge soll ich die Sessions ansehen?", False),  # the order: every session
    ],
)
def test_messages_asking_where_to_start(message, start):
    assert asks_where_to_start(message) is start


@pytest.mark.parametrize(
    ("question", "meets"),
    [
        ("Wie oft trifft sich das Lenkungsgremium?", True),
        ("Hur ofta ska styrgruppen ses?", True),  # the body, inside a compound
        ("Ogni quanto si riunisce il comitato direttivo?", True),
        ("À quelle fréquence le comité de pilotage doit-il se réunir ?", True),
        ("¿Con qué frecuencia se reúne el equipo?", True),
        ("Hoe vaak vergadert de stuurgroep?", True),
        ("Was passiert in den Quartalsreviews?", True),  # a frequency named, and a meeting
        ("Welche Quartalszahlen hat Adobe veröffentlicht?", False),  # a frequency, but no meeting
        ("How often should the working group meet?", True),
        ("How often should we post on Instagram?", False),  # how often, but no meeting
        ("Wie oft sollten wir Newsletter verschicken?", False),
        ("Who sits on the steering committee?", False),  # a meeting body, but not how often
    ],
)
def test_questions_about_a_cadence(question, meets):
    assert asks_about_a_cadence(question) is meets


def test_lines_that_name_a_frequency_in_the_pages_languages():
    for line in (
        "**Bi-Weekly Discussions** Resolve blockers.",
        "Kontroller av månadsledarskap",
        "**Diskutera varannan vecka** Lös blockerare.",
        "**Vierteljährliche Analytics-Überprüfungen**",
        "i check-in mensili della leadership",
        "NSAs should be regularly updated.",
        "revisiones trimestrales de la hoja de ruta",
    ):
        assert names_a_frequency(line), line
    assert not names_a_frequency("**Product Owner** manages the roadmap and access.")
    assert not names_a_frequency("Die Annahme der Änderungen")  # not "annual"


@pytest.mark.parametrize(
    ("question", "languages"),
    [
        ("Welche Sprachen gibt es für die AJO Betriebsmodell Session?", True),
        ("In quali lingue è disponibile la sessione sul modello operativo di CJA?", True),
        ("Vilka språk finns sessionen på?", True),
        ("Is the Content Supply Chain session translated?", True),
        ("Und in welchen Sprachen gibt es sie?", True),  # a follow-up: nothing else asked
        ("¿En qué idiomas está?", True),
        ("Finns sessionen om AJO:s operativa modell på japanska?", True),  # a language named
        ("Gibt es die Session auch auf Englisch?", True),
        ("What is the governance cadence in English?", False),  # a content question, no session named
        ("Does the team need a common language with IT?", False),  # a topic, no session named
        ("Welche Rollen gibt es?", False),
    ],
)
def test_questions_asking_for_the_sessions_languages(question, languages):
    assert asks_which_languages(question) is languages


@pytest.mark.parametrize(
    ("question", "many"),
    [
        ("Hur många personer behöver vi i början för AJO?", True),
        ("Wie viele Leute braucht ein AJO-Team am Anfang?", True),
        ("Quante persone servono per iniziare con AJO?", True),
        ("How big should the AJO team be when we start?", True),
        ("Combien de personnes faut-il au départ ?", True),
        # a verb between, or written as one word
        ("Quanto è grande il team AJO?", True),
        ("Quelle est la taille de l'équipe ?", True),
        ("Wieviele Leute brauche ich für AJO?", True),
        ("Qué tan grande debe ser el equipo?", True),
        ("Quanto dura la sessione?", False),  # a duration
        ("Quali ruoli servono?", False),
    ],
)
def test_questions_asking_how_many(question, many):
    assert asks_how_many(question) is many


def test_a_figure_is_a_digit_in_the_line():
    assert names_a_figure("**Scale** 5-10 dedicated members")
    assert not names_a_figure("**Scale** dedicated members")


@pytest.mark.parametrize(
    ("question", "only"),
    [
        ("Is there a recording of the CJA operating model session?", True),
        ("Gibt es davon eine Aufzeichnung?", True),
        ("Hur lång är inspelningen?", True),
        ("Var hittar jag videon från AJO-sessionen om ledningens stöd?", True),  # Swedish "the video"
        ("Gibt es einen Mitschnitt der CJA-Session?", True),
        ("C'è un filmato della sessione?", True),
        ("In quali lingue è disponibile la sessione sul modello operativo di CJA?", True),
        ("Who is the series for?", True),
        ("What do they say in the video about governance?", False),  # the content is asked too
        ("Is there a video where they explain how the team grows?", False),
        ("What is the session about?", False),  # its summary: a quote
        ("Quali ruoli servono?", False),  # no session fact at all
        ("Quelle est la durée de la session sur l'architecture CJA ?", True),  # "quelle" asks the duration
        ("What is the duration of the AJO roadmap session?", True),
        ("Qual è la durata della sessione e quali ruoli servono?", False),  # the content is asked too
    ],
)
def test_questions_for_the_sessions_own_facts_and_nothing_else(question, only):
    assert asks_only_of_the_session(question) is only


@pytest.mark.parametrize(
    ("message", "talk"),
    [
        ("hej", ("greeting", "sv")),
        ("Ciao, come stai?", ("greeting", "it")),  # lingua takes these two words for Portuguese
        ("Hi there!", ("greeting", "en")),
        ("Danke!", ("thanks", "de")),
        ("Tack så mycket!", ("thanks", "sv")),
        ("Tack, hej då!", ("farewell", "sv")),
        ("Tschüss", ("farewell", "de")),
        ("Hej! Vad kan du hjälpa till med?", ("help", "sv")),  # a greeting then a request: help
        ("Hej! Jag är ny här, vad kan du hjälpa mig med?", ("help", "sv")),  # who is asking, then the request
        ("Hallo, ich bin neu hier. Was kannst du?", ("help", "de")),
        ("Hi, I'm new here. What can you do?", ("help", "en")),
        ("Ciao, sono nuova qui!", ("greeting", "it")),
        ("What can you do?", ("help", "en")),
        ("???", ("help", None)),
        ("Hello, which roles does CJA need?", None),  # a question after the greeting
        ("Help me with the AJO roles", None),
        ("Grazie per la risposta sui ruoli", None),
        ("ok tack!", ("thanks", "sv")),  # an acknowledgement first: it was refused as not covered
        ("Perfekt, danke!", ("thanks", "de")),
        ("ok", ("thanks", None)),  # alone: in the conversation's language
        # thanks with a word on the answer were answered from the pages
        ("Danke, das hilft!", ("thanks", "de")),
        ("Thanks, that helps a lot", ("thanks", "en")),
        ("Tack, det var till hjälp!", ("thanks", "sv")),  # its "hjälp" asks for no help
        ("Grazie mille, molto utile!", ("thanks", "it")),  # "utile" is French too: most phrases decide
        ("Sehr hilfreich!", ("thanks", "de")),
        ("Was ist hilfreich für CJA?", None),
        ("ok, vilka roller behövs?", None),
        ("Supermarket?", None),
    ],
)
def test_messages_that_ask_nothing_of_the_pages(message, talk):
    assert small_talk(message) == talk


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("Kannst du das auf Deutsch sagen?", "de"),
        ("Auf Deutsch bitte", "de"),
        ("In English, please", "en"),
        ("Kan du svara på svenska?", "sv"),
        ("In italiano per favore", "it"),
        ("Peux-tu répondre en français ?", "fr"),
        ("¿Puedes responder en español?", "es"),
        ("Pode responder em português?", "pt"),
        ("Kun je dat in het Nederlands zeggen?", "nl"),
        ("日本語でお願いします", "ja"),
        ("한국어로 답해 주세요", "ko"),
        ("用中文回答", "zh"),
        ("Kannst du mir die Antwort auf Englisch geben?", "en"),  # giving it, to me
        ("Kan du ge mig svaret på engelska?", "en"),
        ("Puoi darmi la risposta in inglese?", "en"),
        ("Peux-tu me donner la réponse en anglais ?", "en"),
        ("Kannst du mir die Rollen auf Englisch geben?", None),  # asks something of its own
        ("Gibt es sie auf Englisch?", None),  # the session's languages
        ("Finns sessionen på japanska?", None),
        ("Welche Rollen gibt es auf Deutsch?", None),  # a question of its own
        ("Vilka roller behövs i CJA?", None),
    ],
)
def test_a_message_asking_the_answer_again_in_another_language(message, language):
    assert asked_in_language(message) == language


def test_a_sessions_facts_asked_of_its_place_in_a_list():
    assert asks_which_languages("Finns den sista på svenska?")  # after a list of sessions
    assert asks_how_long("Und wie lange dauert die dritte?") and asks_how_long("Och den sista, hur lång är den?")
    assert not asks_which_languages("Kannst du das auf Deutsch sagen?")


def test_a_message_naming_only_a_product():
    assert names_only_products("AJO") and names_only_products("Content Supply Chain?")
    assert names_only_products("cja")
    assert not names_only_products("CJA roles")  # a topic
    assert not names_only_products("Hallo")


@pytest.mark.parametrize(
    ("message", "rest"),
    [
        ("Tack! Och för AJO?", "Och för AJO?"),
        ("Super, danke! Und die dritte?", "Und die dritte?"),
        ("Hallo, welche Rollen braucht ein CJA-Team?", "welche Rollen braucht ein CJA-Team?"),
        ("Ich bin neu hier. Worum geht es?", "Worum geht es?"),  # who is asking: the question follows
        ("Ich arbeite mit CJA. Worum geht es?", "Ich arbeite mit CJA. Worum geht es?"),  # a clause of its own
        ("Governance, roles and workflows: which session?", "Governance, roles and workflows: which session?"),
        ("Hej!", "Hej!"),  # nothing after it: small talk, answered as such
    ],
)
def test_the_thanks_or_greeting_a_message_starts_with_is_left_out(message, rest):
    assert without_small_talk(message) == rest


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("This approach avoids implementing features.", True),
        ("Dieser Ansatz vermeidet Funktionen ohne Zweck.", True),
        ("Questo approccio evita funzionalità inutili.", True),
        ("Detta arbetssätt undviker funktioner utan syfte.", True),
        ("Cette approche évite les fonctions inutiles.", True),
        ("Thistle grows here.", False),  # a word, not the pointer
        ("NSAs are driven by use cases.", False),
        ("Das Team trifft sich wöchentlich.", False),  # an article, not a pointer
    ],
)
def test_a_sentence_that_points_back(sentence, expected):
    assert points_back(sentence) is expected


def test_an_example_the_asker_gives_is_left_out():
    from assistant.phrases import without_examples

    assert without_examples("Welche Rollen (z. B. Product Owner) gibt es?").split() == "Welche Rollen gibt es?".split()
    assert "produktägare" not in without_examples("Vilka roller (t.ex. produktägare) finns?")
    assert "Product Owner" not in without_examples("Quali ruoli (ad es. Product Owner) servono?")
    assert without_examples("Was macht der Product Owner (PO)?") == "Was macht der Product Owner (PO)?"  # no example
