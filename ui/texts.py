"""The chat page's fixed texts in every language the selector offers (answers have their own phrases)."""

from __future__ import annotations

AUTO = "auto"
LANGUAGE_CHOICES = [
    ("Auto", AUTO), ("Svenska", "sv"), ("Deutsch", "de"), ("Italiano", "it"), ("English", "en"),
    ("Français", "fr"), ("Español", "es"), ("Português", "pt"), ("Nederlands", "nl"),
    ("日本語", "ja"), ("한국어", "ko"), ("中文", "zh"),
]  # fmt: skip
# A language is not a country, and flag emoji are empty boxes where no emoji font is installed: sources
# name their language in that language.
OWN_NAMES = {code: name for name, code in LANGUAGE_CHOICES if code != AUTO}
EXAMPLES = [
    "Vilka är de tre stegen i teamutvecklingen?",
    "Was sind die vier Säulen eines AJO-Betriebsmodells?",
    "Quali ruoli chiave servono per CJA?",
    "What is the recommended governance cadence?",
]

TEXTS: dict[str, dict[str, str]] = {
    "en": {"title": "Session Assistant", "subtitle": "Ask about the Adobe customer success webinar sessions: team structure, governance, roles, workflows. Answers quote the sessions and name their sources.",
           "placeholder": "Ask a question in your language…", "send": "Send", "clear": "Clear", "language": "Answer language",
           "solution": "Product", "all": "All products", "sources": "Sources", "video": "Video", "examples": "Examples", "written_by": "Written by {model} from the sources above"},
    "sv": {"title": "Sessionsassistenten", "subtitle": "Fråga om Adobes webbinarier för kundframgång: teamstruktur, styrning, roller, arbetsflöden. Svaren citerar sessionerna och anger källorna.",
           "placeholder": "Ställ en fråga på ditt språk…", "send": "Skicka", "clear": "Rensa", "language": "Svarsspråk",
           "solution": "Produkt", "all": "Alla produkter", "sources": "Källor", "video": "Video", "examples": "Exempel", "written_by": "Skrivet av {model} utifrån källorna ovan"},
    "de": {"title": "Session-Assistent", "subtitle": "Fragen Sie zu den Adobe Customer-Success-Webinaren: Teamstruktur, Governance, Rollen, Workflows. Antworten zitieren die Sessions und nennen die Quellen.",
           "placeholder": "Stellen Sie eine Frage in Ihrer Sprache…", "send": "Senden", "clear": "Leeren", "language": "Antwortsprache",
           "solution": "Produkt", "all": "Alle Produkte", "sources": "Quellen", "video": "Video", "examples": "Beispiele", "written_by": "Verfasst von {model} anhand der Quellen oben"},
    "it": {"title": "Assistente delle sessioni", "subtitle": "Chiedi dei webinar Adobe sul successo dei clienti: struttura del team, governance, ruoli, flussi di lavoro. Le risposte citano le sessioni e le fonti.",
           "placeholder": "Fai una domanda nella tua lingua…", "send": "Invia", "clear": "Cancella", "language": "Lingua della risposta",
           "solution": "Prodotto", "all": "Tutti i prodotti", "sources": "Fonti", "video": "Video", "examples": "Esempi", "written_by": "Scritto da {model} a partire dalle fonti qui sopra"},
    "fr": {"title": "Assistant des sessions", "subtitle": "Posez vos questions sur les webinaires Adobe : structure d'équipe, gouvernance, rôles, workflows. Les réponses citent les sessions et leurs sources.",
           "placeholder": "Posez une question dans votre langue…", "send": "Envoyer", "clear": "Effacer", "language": "Langue de réponse",
           "solution": "Produit", "all": "Tous les produits", "sources": "Sources", "video": "Vidéo", "examples": "Exemples", "written_by": "Rédigé par {model} à partir des sources ci-dessus"},
    "es": {"title": "Asistente de sesiones", "subtitle": "Pregunta sobre los webinars de Adobe: estructura de equipo, gobernanza, roles, flujos de trabajo. Las respuestas citan las sesiones y sus fuentes.",
           "placeholder": "Haz una pregunta en tu idioma…", "send": "Enviar", "clear": "Borrar", "language": "Idioma de respuesta",
           "solution": "Producto", "all": "Todos los productos", "sources": "Fuentes", "video": "Vídeo", "examples": "Ejemplos", "written_by": "Redactado por {model} a partir de las fuentes de arriba"},
    "pt": {"title": "Assistente de sessões", "subtitle": "Pergunte sobre os webinars da Adobe: estrutura de equipe, governança, funções, fluxos de trabalho. As respostas citam as sessões e suas fontes.",
           "placeholder": "Faça uma pergunta no seu idioma…", "send": "Enviar", "clear": "Limpar", "language": "Idioma da resposta",
           "solution": "Produto", "all": "Todos os produtos", "sources": "Fontes", "video": "Vídeo", "examples": "Exemplos", "written_by": "Escrito por {model} com base nas fontes acima"},
    "nl": {"title": "Sessie-assistent", "subtitle": "Vraag naar de Adobe-webinars: teamstructuur, governance, rollen, workflows. Antwoorden citeren de sessies en noemen de bronnen.",
           "placeholder": "Stel een vraag in je eigen taal…", "send": "Versturen", "clear": "Wissen", "language": "Antwoordtaal",
           "solution": "Product", "all": "Alle producten", "sources": "Bronnen", "video": "Video", "examples": "Voorbeelden", "written_by": "Geschreven door {model} op basis van de bronnen hierboven"},
    "ja": {"title": "セッションアシスタント", "subtitle": "Adobe カスタマーサクセスウェビナーについて質問してください：チーム構成、ガバナンス、役割、ワークフロー。回答はセッションを引用し出典を示します。",
           "placeholder": "ご自身の言語で質問してください…", "send": "送信", "clear": "クリア", "language": "回答言語",
           "solution": "製品", "all": "すべての製品", "sources": "出典", "video": "動画", "examples": "例", "written_by": "{model} が上記の出典をもとに作成"},
    "ko": {"title": "세션 어시스턴트", "subtitle": "Adobe 고객 성공 웨비나에 대해 질문하세요: 팀 구조, 거버넌스, 역할, 워크플로. 답변은 세션을 인용하고 출처를 밝힙니다.",
           "placeholder": "사용하는 언어로 질문하세요…", "send": "보내기", "clear": "지우기", "language": "답변 언어",
           "solution": "제품", "all": "모든 제품", "sources": "출처", "video": "동영상", "examples": "예시", "written_by": "{model}이(가) 위 출처를 바탕으로 작성"},
    "zh": {"title": "会议助手", "subtitle": "询问 Adobe 客户成功网络研讨会：团队结构、治理、角色、工作流程。回答引用会议内容并注明来源。",
           "placeholder": "用您的语言提问…", "send": "发送", "clear": "清除", "language": "回答语言",
           "solution": "产品", "all": "所有产品", "sources": "来源", "video": "视频", "examples": "示例", "written_by": "由 {model} 根据以上来源撰写"},
}  # fmt: skip


def texts(language: str) -> dict[str, str]:
    return TEXTS.get(language, TEXTS["en"])
