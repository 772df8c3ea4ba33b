"""Distinct questions for load runs: every combination of an opener, a topic, a context and a closer, in
sv/de/it/en/fr/es, once each and shuffled (thousands), so no cache can serve a repeat."""

from __future__ import annotations

import itertools
import random

TOPICS = {
    "sv": ["vilka steg teamutvecklingen har", "hur ofta styrningsmöten hålls", "vilka roller ett CJA-team behöver",
           "vad en verkställande sponsor gör", "hur kampanjarbetsflödet ser ut", "vilka pelare operativmodellen har"],
    "de": ["welche Phasen die Teamentwicklung hat", "wie oft Governance-Meetings stattfinden",
           "welche Rollen ein CJA-Team braucht", "was ein Executive Sponsor tut", "wie der Kampagnen-Workflow aussieht",
           "welche Säulen das Betriebsmodell hat"],
    "it": ["quali fasi ha lo sviluppo del team", "ogni quanto si tengono le riunioni di governance",
           "quali ruoli servono in un team CJA", "cosa fa lo sponsor esecutivo",
           "come funziona il flusso delle campagne", "quali pilastri ha il modello operativo"],
    "en": ["which stages team development has", "how often governance meetings happen", "which roles a CJA team needs",
           "what an executive sponsor does", "how the campaign workflow runs", "which pillars the operating model has"],
    "fr": ["quelles étapes a le développement de l'équipe", "à quelle fréquence ont lieu les réunions de gouvernance",
           "quels rôles une équipe CJA demande", "ce que fait un sponsor exécutif"],
    "es": ["qué etapas tiene el desarrollo del equipo", "con qué frecuencia hay reuniones de gobernanza",
           "qué roles necesita un equipo de CJA", "qué hace un patrocinador ejecutivo"],
}  # fmt: skip
OPENERS = {
    "sv": ["Kan du berätta", "Jag undrar", "Förklara gärna", "Snabb fråga:", "Hej! Berätta", "Säg mig"],
    "de": ["Kannst du mir sagen,", "Ich frage mich,", "Erklär mir bitte,", "Kurze Frage:", "Hallo! Sag mir,",
           "Weißt du,"],
    "it": ["Puoi dirmi", "Mi chiedo", "Spiegami", "Domanda veloce:", "Ciao! Dimmi", "Sai dirmi"],
    "en": ["Can you tell me", "I wonder", "Please explain", "Quick question:", "Hi! Tell me", "Do you know"],
    "fr": ["Peux-tu me dire", "Je me demande", "Explique-moi", "Question rapide :", "Bonjour ! Dis-moi", "Sais-tu"],
    "es": ["¿Puedes decirme", "Me pregunto", "Explícame", "Pregunta rápida:", "¡Hola! Dime", "¿Sabes"],
}  # fmt: skip
CONTEXTS = ["", " for our team", " in our programme", " this quarter"]
CLOSERS = ["?", " in AJO?", " in CJA?", " — briefly?", " please?", " (session 3)?"]


def distinct_questions(count: int | None = None) -> list[str]:
    """Every combination once, shuffled: thousands of different questions in six languages (or `count`)."""
    questions = [
        f"{opener} {topic}{context}{closer}"
        for language, topics in TOPICS.items()
        for opener, topic, context, closer in itertools.product(OPENERS[language], topics, CONTEXTS, CLOSERS)
    ]
    random.Random(7).shuffle(questions)
    if count is not None and count > len(questions):
        raise ValueError(f"only {len(questions)} distinct questions; ask for fewer requests")
    return questions[:count]
