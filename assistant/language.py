"""Languages: detect the asker's language and hold the fixed phrases answers are wrapped in."""

from __future__ import annotations

import re
from functools import lru_cache

# Full localisation for the four main languages, fixed phrases for the rest of the series' languages.
SUPPORTED = ("sv", "de", "it", "en", "fr", "es", "pt", "nl", "ja", "ko", "zh")
FALLBACK = "en"
ACRONYM = re.compile(r"[A-Z0-9][A-Z0-9-]*")
# English terms these pages use untranslated in every language; they say nothing about the asker's.
LOANWORDS = re.compile(
    r"\b(adobe|journey optimi[sz]er|customer journey analytics|content supply chain|experience platform|"
    r"center of excellence|centre of excellence|governance|workflows?|reporting|roadmaps?|frameworks?|"
    r"best practices?|check-ins?|stakeholders?|use cases?|sponsorship|change management|northstar)\b",
    re.IGNORECASE,
)

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    # name of language X, written in language Y: LANGUAGE_NAMES[Y][X]
    "sv": {"sv": "svenska", "de": "tyska", "it": "italienska", "en": "engelska", "fr": "franska",
           "es": "spanska", "pt": "portugisiska", "nl": "nederländska", "ja": "japanska",
           "ko": "koreanska", "zh": "kinesiska"},
    "de": {"sv": "Schwedisch", "de": "Deutsch", "it": "Italienisch", "en": "Englisch",
           "fr": "Französisch", "es": "Spanisch", "pt": "Portugiesisch", "nl": "Niederländisch",
           "ja": "Japanisch", "ko": "Koreanisch", "zh": "Chinesisch"},
    "it": {"sv": "svedese", "de": "tedesco", "it": "italiano", "en": "inglese", "fr": "francese",
           "es": "spagnolo", "pt": "portoghese", "nl": "olandese", "ja": "giapponese",
           "ko": "coreano", "zh": "cinese"},
    "en": {"sv": "Swedish", "de": "German", "it": "Italian", "en": "English", "fr": "French",
           "es": "Spanish", "pt": "Portuguese", "nl": "Dutch", "ja": "Japanese", "ko": "Korean",
           "zh": "Chinese"},
    "fr": {"sv": "suédois", "de": "allemand", "it": "italien", "en": "anglais", "fr": "français",
           "es": "espagnol", "pt": "portugais", "nl": "néerlandais", "ja": "japonais",
           "ko": "coréen", "zh": "chinois"},
    "es": {"sv": "sueco", "de": "alemán", "it": "italiano", "en": "inglés", "fr": "francés",
           "es": "español", "pt": "portugués", "nl": "neerlandés", "ja": "japonés", "ko": "coreano",
           "zh": "chino"},
    "pt": {"sv": "sueco", "de": "alemão", "it": "italiano", "en": "inglês", "fr": "francês",
           "es": "espanhol", "pt": "português", "nl": "holandês", "ja": "japonês", "ko": "coreano",
           "zh": "chinês"},
    "nl": {"sv": "Zweeds", "de": "Duits", "it": "Italiaans", "en": "Engels", "fr": "Frans",
           "es": "Spaans", "pt": "Portugees", "nl": "Nederlands", "ja": "Japans", "ko": "Koreaans",
           "zh": "Chinees"},
    "ja": {"sv": "スウェーデン語", "de": "ドイツ語", "it": "イタリア語", "en": "英語", "fr": "フランス語",
           "es": "スペイン語", "pt": "ポルトガル語", "nl": "オランダ語", "ja": "日本語", "ko": "韓国語",
           "zh": "中国語"},
    "ko": {"sv": "스웨덴어", "de": "독일어", "it": "이탈리아어", "en": "영어", "fr": "프랑스어",
           "es": "스페인어", "pt": "포르투갈어", "nl": "네덜란드어", "ja": "일본어", "ko": "한국어",
           "zh": "중국어"},
    "zh": {"sv": "瑞典语", "de": "德语", "it": "意大利语", "en": "英语", "fr": "法语", "es": "西班牙语",
           "pt": "葡萄牙语", "nl": "荷兰语", "ja": "日语", "ko": "韩语", "zh": "中文"},
}  # fmt: skip

PHRASES: dict[str, dict[str, str]] = {
    "from_session": {
        "sv": "Enligt sessionen **{title}** (avsnittet *{section}*):",
        "de": "Laut der Session **{title}** (Abschnitt *{section}*):",
        "it": "Secondo la sessione **{title}** (sezione *{section}*):",
        "en": "According to the session **{title}** (section *{section}*):",
        "fr": "D'après la session **{title}** (section *{section}*) :",
        "es": "Según la sesión **{title}** (sección *{section}*):",
        "pt": "De acordo com a sessão **{title}** (seção *{section}*):",
        "nl": "Volgens de sessie **{title}** (sectie *{section}*):",
        "ja": "セッション **{title}**（*{section}*）によると:",
        "ko": "세션 **{title}** (*{section}* 섹션)에 따르면:",
        "zh": "根据会议 **{title}**（*{section}* 部分）：",
    },
    "other_language": {
        "sv": "Sessionen **{title}** finns bara på {language} här. Relevant avsnitt (*{section}*), citerat på {language}:",
        "de": "Die Session **{title}** liegt hier nur auf {language} vor. Der passende Abschnitt (*{section}*), zitiert auf {language}:",
        "it": "La sessione **{title}** è disponibile qui solo in {language}. Ecco la sezione pertinente (*{section}*), citata in {language}:",
        "en": "The session **{title}** is only available in {language} here. The relevant section (*{section}*), quoted in {language}:",
        "fr": "La session **{title}** n'est disponible ici qu'en {language}. Section pertinente (*{section}*), citée en {language} :",
        "es": "La sesión **{title}** solo está disponible aquí en {language}. Sección relevante (*{section}*), citada en {language}:",
        "pt": "A sessão **{title}** só está disponível aqui em {language}. Seção relevante (*{section}*), citada em {language}:",
        "nl": "De sessie **{title}** is hier alleen in het {language} beschikbaar. Relevante sectie (*{section}*), geciteerd in het {language}:",
        "ja": "セッション **{title}** はここでは{language}のみで提供されています。関連するセクション（*{section}*）を{language}で引用します:",
        "ko": "세션 **{title}**은(는) 여기에서 {language}로만 제공됩니다. 관련 섹션(*{section}*)을 {language}로 인용합니다:",
        "zh": "会议 **{title}** 在此仅提供{language}版本。相关部分（*{section}*），以{language}引用：",
    },
    "also": {
        "sv": "Även i sessionen **{title}** (avsnittet *{section}*):",
        "de": "Außerdem in der Session **{title}** (Abschnitt *{section}*):",
        "it": "Anche nella sessione **{title}** (sezione *{section}*):",
        "en": "Also in the session **{title}** (section *{section}*):",
        "fr": "Également dans la session **{title}** (section *{section}*) :",
        "es": "También en la sesión **{title}** (sección *{section}*):",
        "pt": "Também na sessão **{title}** (seção *{section}*):",
        "nl": "Ook in de sessie **{title}** (sectie *{section}*):",
        "ja": "セッション **{title}**（*{section}*）にも:",
        "ko": "세션 **{title}** (*{section}* 섹션)에도:",
        "zh": "另见会议 **{title}**（*{section}* 部分）：",
    },
    "no_coverage": {
        "sv": "Det tas inte upp i de sessioner jag känner till. Fråga gärna om teamstruktur, styrning, roller eller arbetsflöden i sessionerna.",
        "de": "Dazu sagen die mir bekannten Sessions nichts. Fragen Sie gern nach Teamstruktur, Governance, Rollen oder Workflows aus den Sessions.",
        "it": "Le sessioni che conosco non trattano questo argomento. Chiedi pure di struttura del team, governance, ruoli o flussi di lavoro delle sessioni.",
        "en": "The sessions I know don't cover that. Ask me about team structure, governance, roles or workflows from the sessions.",
        "fr": "Les sessions que je connais n'abordent pas ce sujet. Posez-moi une question sur la structure d'équipe, la gouvernance, les rôles ou les workflows.",
        "es": "Las sesiones que conozco no tratan ese tema. Pregúntame sobre estructura de equipo, gobernanza, roles o flujos de trabajo.",
        "pt": "As sessões que conheço não abordam esse assunto. Pergunte sobre estrutura de equipe, governança, funções ou fluxos de trabalho.",
        "nl": "De sessies die ik ken behandelen dat niet. Vraag me naar teamstructuur, governance, rollen of workflows uit de sessies.",
        "ja": "私が知っているセッションではその内容は扱われていません。チーム構成、ガバナンス、役割、ワークフローについて質問してください。",
        "ko": "제가 아는 세션에서는 그 내용을 다루지 않습니다. 팀 구조, 거버넌스, 역할 또는 워크플로에 대해 질문해 주세요.",
        "zh": "我所了解的会议未涉及该内容。欢迎询问团队结构、治理、角色或工作流程等问题。",
    },
}  # fmt: skip


def base_language(tag: str) -> str:
    return re.split(r"[-_]", tag.strip())[0].lower()


def language_variant(tag: str) -> str:
    """`sv-SE` -> `sv`, but Chinese keeps its script (`zh-hant`): those are different documents."""
    parts = re.split(r"[-_]", tag.strip().lower())
    script = next((p for p in parts[1:] if p in ("hans", "hant")), None)
    return f"{parts[0]}-{script}" if script else parts[0]


def phrase_language(language: str) -> str:
    """The language whose fixed phrases we use: the asker's, or English when we have none."""
    code = base_language(language)
    return code if code in SUPPORTED else FALLBACK


def phrase(key: str, in_language: str, /, **values: str) -> str:
    return PHRASES[key][phrase_language(in_language)].format(**values)


def language_name(language: str, in_language: str) -> str:
    names = LANGUAGE_NAMES[phrase_language(in_language)]
    return names.get(base_language(language), language)


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in SUPPORTED]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()


def telling_words(text: str) -> str:
    """The words that say something about the language: no loanwords, acronyms or numbers."""
    text = LOANWORDS.sub(" ", text)
    return " ".join(w for w in re.findall(r"\w[\w'-]*", text) if not ACRONYM.fullmatch(w))


def detect_language_with_confidence(text: str) -> tuple[str | None, float]:
    """Best language among SUPPORTED and lingua's confidence in it (None when there is nothing to go on)."""
    words = telling_words(text)
    if not words.strip():
        return None, 0.0
    values = _detector().compute_language_confidence_values(words)
    if not values:
        return None, 0.0
    return values[0].language.iso_code_639_1.name.lower(), float(values[0].value)


def detect_language(text: str, default: str = FALLBACK) -> str:
    """Language of `text` among SUPPORTED; `default` when there is too little to tell."""
    # Acronyms (AJO, CJA, RACI) and loanwords say nothing about the language and mislead on short text.
    words = telling_words(text)
    if not words.strip():
        return default
    detected = _detector().detect_language_of(words)
    if detected is None:
        return default
    return detected.iso_code_639_1.name.lower()
