"""The fixed phrases answers are wrapped in, in every supported language (English for the rest)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from assistant.terms import STOPWORDS, common_word
from ingest.language import LANGUAGE_NAMES, known_language, language_name
from ingest.products import ORDINALS, SESSION_WORD, mentioned_products, mentioned_session, strip_products

PHRASES: dict[str, dict[str, str]] = {
    "from_session": {
        "sv": "Enligt sessionen **{title}** (avsnittet *{section}*){cite}:",
        "de": "Laut der Session **{title}** (Abschnitt *{section}*){cite}:",
        "it": "Secondo la sessione **{title}** (sezione *{section}*){cite}:",
        "en": "According to the session **{title}** (section *{section}*){cite}:",
        "fr": "D'après la session **{title}** (section *{section}*){cite} :",
        "es": "Según la sesión **{title}** (sección *{section}*){cite}:",
        "pt": "De acordo com a sessão **{title}** (seção *{section}*){cite}:",
        "nl": "Volgens de sessie **{title}** (sectie *{section}*){cite}:",
        "ja": "セッション **{title}**（*{section}*）によると{cite}:",
        "ko": "세션 **{title}** (*{section}* 섹션)에 따르면{cite}:",
        "zh": "根据会议 **{title}**（*{section}* 部分）{cite}：",
    },
    "other_language": {
        "sv": "Sessionen **{title}** finns här på {available}. Relevant avsnitt (*{section}*), citerat på {language}{cite}:",
        "de": "Die Session **{title}** liegt hier auf {available} vor. Der passende Abschnitt (*{section}*), zitiert auf {language}{cite}:",
        "it": "La sessione **{title}** è disponibile qui in {available}. Ecco la sezione pertinente (*{section}*), citata in {language}{cite}:",
        "en": "The session **{title}** is available here in {available}. The relevant section (*{section}*), quoted in {language}{cite}:",
        "fr": "La session **{title}** est disponible ici en {available}. Section pertinente (*{section}*), citée en {language}{cite} :",
        "es": "La sesión **{title}** está disponible aquí en {available}. Sección relevante (*{section}*), citada en {language}{cite}:",
        "pt": "A sessão **{title}** está disponível aqui em {available}. Seção relevante (*{section}*), citada em {language}{cite}:",
        "nl": "De sessie **{title}** is hier beschikbaar in het {available}. Relevante sectie (*{section}*), geciteerd in het {language}{cite}:",
        "ja": "セッション **{title}** はここでは{available}で提供されています。関連するセクション（*{section}*）を{language}で引用します{cite}:",
        "ko": "세션 **{title}**은(는) 여기에서 {available}로 제공됩니다. 관련 섹션(*{section}*)을 {language}로 인용합니다{cite}:",
        "zh": "会议 **{title}** 在此提供{available}版本。相关部分（*{section}*），以{language}引用{cite}：",
    },
    "also": {
        "sv": "Även i sessionen **{title}** (avsnittet *{section}*){cite}:",
        "de": "Außerdem in der Session **{title}** (Abschnitt *{section}*){cite}:",
        "it": "Anche nella sessione **{title}** (sezione *{section}*){cite}:",
        "en": "Also in the session **{title}** (section *{section}*){cite}:",
        "fr": "Également dans la session **{title}** (section *{section}*){cite} :",
        "es": "También en la sesión **{title}** (sección *{section}*){cite}:",
        "pt": "Também na sessão **{title}** (seção *{section}*){cite}:",
        "nl": "Ook in de sessie **{title}** (sectie *{section}*){cite}:",
        "ja": "セッション **{title}**（*{section}*）にも{cite}:",
        "ko": "세션 **{title}** (*{section}* 섹션)에도{cite}:",
        "zh": "另见会议 **{title}**（*{section}* 部分）{cite}：",
    },
    "see_also": {
        "sv": "Se även sessionen **{title}** (avsnittet *{section}*){cite}.",
        "de": "Siehe auch die Session **{title}** (Abschnitt *{section}*){cite}.",
        "it": "Vedi anche la sessione **{title}** (sezione *{section}*){cite}.",
        "en": "See also the session **{title}** (section *{section}*){cite}.",
        "fr": "Voir aussi la session **{title}** (section *{section}*){cite}.",
        "es": "Véase también la sesión **{title}** (sección *{section}*){cite}.",
        "pt": "Veja também a sessão **{title}** (seção *{section}*){cite}.",
        "nl": "Zie ook de sessie **{title}** (sectie *{section}*){cite}.",
        "ja": "セッション **{title}**（*{section}*）も参照してください{cite}。",
        "ko": "세션 **{title}** (*{section}* 섹션)도 참고하세요{cite}.",
        "zh": "另请参阅会议 **{title}**（*{section}* 部分）{cite}。",
    },
    "section_also": {
        "sv": "Och i avsnittet *{section}*{cite}:",
        "de": "Und im Abschnitt *{section}*{cite}:",
        "it": "E nella sezione *{section}*{cite}:",
        "en": "And in the section *{section}*{cite}:",
        "fr": "Et dans la section *{section}*{cite} :",
        "es": "Y en la sección *{section}*{cite}:",
        "pt": "E na seção *{section}*{cite}:",
        "nl": "En in de sectie *{section}*{cite}:",
        "ja": "また、セクション *{section}* では{cite}:",
        "ko": "그리고 *{section}* 섹션에서는{cite}:",
        "zh": "另外，在 *{section}* 部分{cite}：",
    },
    # Before an answer to a message in a language no answer can be in ("Jak zbudować zespół AJO?")
    "read_as": {  # typing slips mended (assistant.typos): the question as it was searched for
        "sv": "*Jag läste frågan som: ”{question}”*",
        "de": "*Ich habe die Frage so gelesen: „{question}“*",
        "it": "*Ho letto la domanda così: «{question}»*",
        "en": "*I read the question as: “{question}”*",
        "fr": "*J'ai lu la question ainsi : « {question} »*",
        "es": "*He leído la pregunta así: «{question}»*",
        "pt": "*Li a pergunta assim: “{question}”*",
        "nl": "*Ik heb de vraag zo gelezen: ‘{question}’*",
        "ja": "*質問を次のように読みました：「{question}」*",
        "ko": "*질문을 다음과 같이 읽었습니다: \"{question}\"*",
        "zh": "*我将问题理解为：“{question}”*",
    },
    "unanswerable_language": {
        "sv": "Jag kan svara på {languages}, så här är svaret på svenska.",
        "de": "Ich antworte auf {languages}, deshalb hier die Antwort auf Deutsch.",
        "it": "Posso rispondere in {languages}, quindi ecco la risposta in italiano.",
        "en": "I can answer in {languages}, so here is the answer in English.",
        "fr": "Je peux répondre en {languages} : voici donc la réponse en français.",
        "es": "Puedo responder en {languages}, así que aquí tienes la respuesta en español.",
        "pt": "Posso responder em {languages}, então aqui está a resposta em português.",
        "nl": "Ik kan antwoorden in het {languages}, dus hier is het antwoord in het Nederlands.",
        "ja": "{languages}で回答できます。以下は日本語での回答です。",
        "ko": "{languages}로 답변할 수 있어 한국어로 답변합니다.",
        "zh": "我可以用{languages}回答，以下是中文回答。",
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
    "help": {
        "sv": "Jag svarar på frågor om Adobes webbinarier för kundframgång om Journey Optimizer, Customer Journey Analytics och Content Supply Chain: teamstruktur, styrning, roller, arbetsflöden och mer, med citat ur sessionerna och deras källor. Fråga till exempel: \"Vilka roller behövs i ett CJA-team?\" eller \"Vilka sessioner finns det?\"",
        "de": "Ich beantworte Fragen zu den Customer-Success-Webinaren von Adobe zu Journey Optimizer, Customer Journey Analytics und Content Supply Chain: Teamstruktur, Governance, Rollen, Workflows und mehr, mit Zitaten aus den Sessions und ihren Quellen. Fragen Sie zum Beispiel: \"Welche Rollen braucht ein CJA-Team?\" oder \"Welche Sessions gibt es?\"",
        "it": "Rispondo a domande sui webinar di customer success di Adobe su Journey Optimizer, Customer Journey Analytics e Content Supply Chain: struttura del team, governance, ruoli, flussi di lavoro e altro, citando le sessioni con le loro fonti. Chiedi ad esempio: \"Quali ruoli servono in un team CJA?\" oppure \"Quali sessioni ci sono?\"",
        "en": "I answer questions about Adobe's customer success webinars on Journey Optimizer, Customer Journey Analytics and Content Supply Chain: team structure, governance, roles, workflows and more, quoting the sessions with their sources. Ask for example: \"Which roles does a CJA team need?\" or \"Which sessions are there?\"",
        "fr": "Je réponds aux questions sur les webinaires customer success d'Adobe consacrés à Journey Optimizer, Customer Journey Analytics et Content Supply Chain : structure d'équipe, gouvernance, rôles, workflows et plus, en citant les sessions et leurs sources. Demandez par exemple : « Quels rôles faut-il dans une équipe CJA ? » ou « Quelles sessions y a-t-il ? »",
        "es": "Respondo preguntas sobre los webinars de customer success de Adobe sobre Journey Optimizer, Customer Journey Analytics y Content Supply Chain: estructura de equipo, gobernanza, roles, flujos de trabajo y más, citando las sesiones con sus fuentes. Pregunta por ejemplo: \"¿Qué roles necesita un equipo de CJA?\" o \"¿Qué sesiones hay?\"",
        "pt": "Respondo a perguntas sobre os webinars de customer success da Adobe sobre Journey Optimizer, Customer Journey Analytics e Content Supply Chain: estrutura de equipe, governança, funções, fluxos de trabalho e mais, citando as sessões com suas fontes. Pergunte por exemplo: \"Quais funções uma equipe de CJA precisa?\" ou \"Quais sessões existem?\"",
        "nl": "Ik beantwoord vragen over de customer-success-webinars van Adobe over Journey Optimizer, Customer Journey Analytics en Content Supply Chain: teamstructuur, governance, rollen, workflows en meer, met citaten uit de sessies en hun bronnen. Vraag bijvoorbeeld: \"Welke rollen heeft een CJA-team nodig?\" of \"Welke sessies zijn er?\"",
        "ja": "Journey Optimizer、Customer Journey Analytics、Content Supply Chain に関する Adobe のカスタマーサクセス ウェビナーについて、チーム構成、ガバナンス、役割、ワークフローなどの質問に、セッションを引用し出典を示してお答えします。例:「CJA チームに必要な役割は？」「どんなセッションがありますか？」",
        "ko": "Journey Optimizer, Customer Journey Analytics, Content Supply Chain에 관한 Adobe 고객 성공 웨비나에 대해 팀 구조, 거버넌스, 역할, 워크플로 등의 질문에 세션을 인용하고 출처를 밝혀 답합니다. 예: \"CJA 팀에는 어떤 역할이 필요한가요?\", \"어떤 세션이 있나요?\"",
        "zh": "我可以回答有关 Adobe 客户成功网络研讨会（Journey Optimizer、Customer Journey Analytics 和 Content Supply Chain）的问题：团队结构、治理、角色、工作流程等，并引用会议内容和来源。例如：“CJA 团队需要哪些角色？”或“有哪些会议？”",
    },
    "greeting": {
        "sv": "Hej!", "de": "Hallo!", "it": "Ciao!", "en": "Hello!", "fr": "Bonjour !", "es": "¡Hola!",
        "pt": "Olá!", "nl": "Hallo!", "ja": "こんにちは！", "ko": "안녕하세요!", "zh": "你好！",
    },
    "thanks": {
        "sv": "Varsågod! Fråga gärna mer om sessionerna.",
        "de": "Gern geschehen! Fragen Sie gern weiter zu den Sessions.",
        "it": "Prego! Chiedi pure altro sulle sessioni.",
        "en": "You're welcome! Ask me anything else about the sessions.",
        "fr": "Avec plaisir ! N'hésitez pas à poser d'autres questions sur les sessions.",
        "es": "¡De nada! Pregúntame lo que quieras sobre las sesiones.",
        "pt": "De nada! Pergunte o que quiser sobre as sessões.",
        "nl": "Graag gedaan! Vraag gerust meer over de sessies.",
        "ja": "どういたしまして！セッションについて何でも聞いてください。",
        "ko": "천만에요! 세션에 대해 더 궁금한 점을 물어보세요.",
        "zh": "不客气！欢迎继续询问有关会议的问题。",
    },
    "farewell": {
        "sv": "Hej då! Välkommen tillbaka med fler frågor om sessionerna.",
        "de": "Auf Wiedersehen! Fragen Sie gern wieder zu den Sessions.",
        "it": "Arrivederci! Torna pure con altre domande sulle sessioni.",
        "en": "Goodbye! Come back with more questions about the sessions.",
        "fr": "Au revoir ! Revenez quand vous voulez avec d'autres questions sur les sessions.",
        "es": "¡Adiós! Vuelve cuando quieras con más preguntas sobre las sesiones.",
        "pt": "Tchau! Volte quando quiser com mais perguntas sobre as sessões.",
        "nl": "Tot ziens! Kom gerust terug met meer vragen over de sessies.",
        "ja": "さようなら！セッションについてまたいつでも質問してください。",
        "ko": "안녕히 가세요! 세션에 대해 언제든 다시 질문해 주세요.",
        "zh": "再见！欢迎随时再来询问有关会议的问题。",
    },
    "no_prices": {
        "sv": "Sessionerna jag känner till tar inte upp priser eller licenser. Fråga gärna om teamstruktur, styrning, roller eller arbetsflöden i sessionerna.",
        "de": "Die mir bekannten Sessions nennen keine Preise oder Lizenzen. Fragen Sie gern nach Teamstruktur, Governance, Rollen oder Workflows aus den Sessions.",
        "it": "Le sessioni che conosco non parlano di prezzi o licenze. Chiedi pure di struttura del team, governance, ruoli o flussi di lavoro delle sessioni.",
        "en": "The sessions I know don't cover prices or licences. Ask me about team structure, governance, roles or workflows from the sessions.",
        "fr": "Les sessions que je connais ne parlent ni de prix ni de licences. Posez-moi une question sur la structure d'équipe, la gouvernance, les rôles ou les workflows.",
        "es": "Las sesiones que conozco no tratan precios ni licencias. Pregúntame sobre estructura de equipo, gobernanza, roles o flujos de trabajo.",
        "pt": "As sessões que conheço não tratam de preços nem de licenças. Pergunte sobre estrutura de equipe, governança, funções ou fluxos de trabalho.",
        "nl": "De sessies die ik ken gaan niet over prijzen of licenties. Vraag me naar teamstructuur, governance, rollen of workflows uit de sessies.",
        "ja": "私が知っているセッションでは価格やライセンスは扱われていません。チーム構成、ガバナンス、役割、ワークフローについて質問してください。",
        "ko": "제가 아는 세션에서는 가격이나 라이선스를 다루지 않습니다. 팀 구조, 거버넌스, 역할 또는 워크플로에 대해 질문해 주세요.",
        "zh": "我所了解的会议未涉及价格或许可。欢迎询问团队结构、治理、角色或工作流程等问题。",
    },
    "no_salaries": {
        "sv": "Sessionerna jag känner till tar inte upp löner. Fråga gärna om teamstruktur, styrning, roller eller arbetsflöden i sessionerna.",
        "de": "Die mir bekannten Sessions nennen keine Gehälter. Fragen Sie gern nach Teamstruktur, Governance, Rollen oder Workflows aus den Sessions.",
        "it": "Le sessioni che conosco non parlano di stipendi. Chiedi pure di struttura del team, governance, ruoli o flussi di lavoro delle sessioni.",
        "en": "The sessions I know don't cover salaries. Ask me about team structure, governance, roles or workflows from the sessions.",
        "fr": "Les sessions que je connais ne parlent pas de salaires. Posez-moi une question sur la structure d'équipe, la gouvernance, les rôles ou les workflows.",
        "es": "Las sesiones que conozco no tratan sueldos. Pregúntame sobre estructura de equipo, gobernanza, roles o flujos de trabajo.",
        "pt": "As sessões que conheço não tratam de salários. Pergunte sobre estrutura de equipe, governança, funções ou fluxos de trabalho.",
        "nl": "De sessies die ik ken gaan niet over salarissen. Vraag me naar teamstructuur, governance, rollen of workflows uit de sessies.",
        "ja": "私が知っているセッションでは給与は扱われていません。チーム構成、ガバナンス、役割、ワークフローについて質問してください。",
        "ko": "제가 아는 세션에서는 급여를 다루지 않습니다. 팀 구조, 거버넌스, 역할 또는 워크플로에 대해 질문해 주세요.",
        "zh": "我所了解的会议未涉及薪资。欢迎询问团队结构、治理、角色或工作流程等问题。",
    },
    "no_speakers": {
        "sv": "Sessionssidorna jag känner till nämner inte vem som presenterar. Fråga gärna om teamstruktur, styrning, roller eller arbetsflöden i sessionerna.",
        "de": "Die mir bekannten Session-Seiten nennen die Vortragenden nicht. Fragen Sie gern nach Teamstruktur, Governance, Rollen oder Workflows aus den Sessions.",
        "it": "Le pagine delle sessioni che conosco non indicano i relatori. Chiedi pure di struttura del team, governance, ruoli o flussi di lavoro delle sessioni.",
        "en": "The session pages I know don't name their speakers. Ask me about team structure, governance, roles or workflows from the sessions.",
        "fr": "Les pages des sessions que je connais ne nomment pas les intervenants. Posez-moi une question sur la structure d'équipe, la gouvernance, les rôles ou les workflows.",
        "es": "Las páginas de las sesiones que conozco no nombran a los ponentes. Pregúntame sobre estructura de equipo, gobernanza, roles o flujos de trabajo.",
        "pt": "As páginas das sessões que conheço não citam os palestrantes. Pergunte sobre estrutura de equipe, governança, funções ou fluxos de trabalho.",
        "nl": "De sessiepagina's die ik ken noemen de sprekers niet. Vraag me naar teamstructuur, governance, rollen of workflows uit de sessies.",
        "ja": "私が知っているセッションのページには講演者の名前がありません。チーム構成、ガバナンス、役割、ワークフローについて質問してください。",
        "ko": "제가 아는 세션 페이지에는 발표자가 나와 있지 않습니다. 팀 구조, 거버넌스, 역할 또는 워크플로에 대해 질문해 주세요.",
        "zh": "我所了解的会议页面没有列出演讲者。欢迎询问团队结构、治理、角色或工作流程等问题。",
    },
    "no_support": {
        "sv": "Sessionerna jag känner till tar inte upp produktsupport, certifieringar eller systemkrav: det gör Adobes produktdokumentation och support. Fråga gärna om teamstruktur, styrning, roller eller arbetsflöden i sessionerna.",
        "de": "Die mir bekannten Sessions behandeln weder Produktsupport noch Zertifizierungen oder Systemanforderungen: Dafür sind Adobes Produktdokumentation und Support da. Fragen Sie gern nach Teamstruktur, Governance, Rollen oder Workflows aus den Sessions.",
        "it": "Le sessioni che conosco non trattano supporto tecnico, certificazioni o requisiti di sistema: se ne occupano la documentazione e il supporto di Adobe. Chiedi pure di struttura del team, governance, ruoli o flussi di lavoro delle sessioni.",
        "en": "The sessions I know don't cover product support, certifications or system requirements: Adobe's product documentation and support do. Ask me about team structure, governance, roles or workflows from the sessions.",
        "fr": "Les sessions que je connais ne traitent ni du support produit, ni des certifications, ni de la configuration requise : la documentation et le support d'Adobe s'en chargent. Posez-moi une question sur la structure d'équipe, la gouvernance, les rôles ou les workflows.",
        "es": "Las sesiones que conozco no tratan el soporte de producto, las certificaciones ni los requisitos del sistema: de eso se ocupan la documentación y el soporte de Adobe. Pregúntame sobre estructura de equipo, gobernanza, roles o flujos de trabajo.",
        "pt": "As sessões que conheço não tratam de suporte ao produto, certificações ou requisitos de sistema: a documentação e o suporte da Adobe tratam disso. Pergunte sobre estrutura de equipe, governança, funções ou fluxos de trabalho.",
        "nl": "De sessies die ik ken gaan niet over productondersteuning, certificeringen of systeemvereisten: daarvoor zijn de productdocumentatie en support van Adobe. Vraag me naar teamstructuur, governance, rollen of workflows uit de sessies.",
        "ja": "私が知っているセッションでは、製品サポート、認定資格、システム要件は扱われていません。Adobe の製品ドキュメントとサポートをご覧ください。チーム構成、ガバナンス、役割、ワークフローについて質問してください。",
        "ko": "제가 아는 세션에서는 제품 지원, 자격증 또는 시스템 요구 사항을 다루지 않습니다. Adobe 제품 설명서와 지원을 확인해 주세요. 팀 구조, 거버넌스, 역할 또는 워크플로에 대해 질문해 주세요.",
        "zh": "我所了解的会议不涉及产品支持、认证或系统要求：请查阅 Adobe 的产品文档和支持。欢迎询问团队结构、治理、角色或工作流程等问题。",
    },
    "no_howto": {
        "sv": "Sessionerna jag känner till handlar om operativa modeller, inte om hur man konfigurerar eller använder produkterna: det beskriver Adobes produktdokumentation på Experience League. Fråga gärna om teamstruktur, styrning, roller eller arbetsflöden i sessionerna.",
        "de": "Die mir bekannten Sessions behandeln Betriebsmodelle, nicht die Konfiguration oder Bedienung der Produkte: Das beschreibt Adobes Produktdokumentation auf Experience League. Fragen Sie gern nach Teamstruktur, Governance, Rollen oder Workflows aus den Sessions.",
        "it": "Le sessioni che conosco trattano i modelli operativi, non come configurare o usare i prodotti: lo descrive la documentazione di Adobe su Experience League. Chiedi pure di struttura del team, governance, ruoli o flussi di lavoro delle sessioni.",
        "en": "The sessions I know are about operating models, not how to configure or use the products: Adobe's product documentation on Experience League covers that. Ask me about team structure, governance, roles or workflows from the sessions.",
        "fr": "Les sessions que je connais portent sur les modèles opérationnels, pas sur la configuration ou l'utilisation des produits : la documentation d'Adobe sur Experience League les décrit. Posez-moi une question sur la structure d'équipe, la gouvernance, les rôles ou les workflows.",
        "es": "Las sesiones que conozco tratan de modelos operativos, no de cómo configurar o usar los productos: eso lo describe la documentación de Adobe en Experience League. Pregúntame sobre estructura de equipo, gobernanza, roles o flujos de trabajo.",
        "pt": "As sessões que conheço tratam de modelos operacionais, não de como configurar ou usar os produtos: a documentação da Adobe no Experience League descreve isso. Pergunte sobre estrutura de equipe, governança, funções ou fluxos de trabalho.",
        "nl": "De sessies die ik ken gaan over operationele modellen, niet over het configureren of gebruiken van de producten: daarvoor is de productdocumentatie van Adobe op Experience League. Vraag me naar teamstructuur, governance, rollen of workflows uit de sessies.",
        "ja": "私が知っているセッションは運用モデルについてであり、製品の設定や使い方は扱っていません。Experience League の Adobe 製品ドキュメントをご覧ください。チーム構成、ガバナンス、役割、ワークフローについて質問してください。",
        "ko": "제가 아는 세션은 운영 모델에 관한 것이며 제품 설정이나 사용법은 다루지 않습니다. Experience League의 Adobe 제품 설명서를 확인해 주세요. 팀 구조, 거버넌스, 역할 또는 워크플로에 대해 질문해 주세요.",
        "zh": "我所了解的会议讲的是运营模式，而不是如何配置或使用产品：请查阅 Experience League 上的 Adobe 产品文档。欢迎询问团队结构、治理、角色或工作流程等问题。",
    },
    "no_schedule": {
        "sv": "Sessionerna jag känner till är inspelningar: sidorna anger inga datum för kommande sessioner. Fråga gärna efter en inspelning, eller om teamstruktur, styrning, roller eller arbetsflöden.",
        "de": "Die mir bekannten Sessions sind Aufzeichnungen: Die Seiten nennen keine Termine künftiger Sessions. Fragen Sie gern nach einer Aufzeichnung oder nach Teamstruktur, Governance, Rollen oder Workflows.",
        "it": "Le sessioni che conosco sono registrazioni: le pagine non indicano date di sessioni future. Chiedimi pure una registrazione, o di struttura del team, governance, ruoli o flussi di lavoro.",
        "en": "The sessions I know are recordings: their pages give no dates of sessions to come. Ask me for a recording, or about team structure, governance, roles or workflows.",
        "fr": "Les sessions que je connais sont des enregistrements : leurs pages ne donnent pas de dates de sessions à venir. Demandez-moi un enregistrement, ou posez une question sur la structure d'équipe, la gouvernance, les rôles ou les workflows.",
        "es": "Las sesiones que conozco son grabaciones: sus páginas no dan fechas de sesiones futuras. Pídeme una grabación o pregúntame sobre estructura de equipo, gobernanza, roles o flujos de trabajo.",
        "pt": "As sessões que conheço são gravações: as páginas não dão datas de sessões futuras. Peça uma gravação ou pergunte sobre estrutura de equipe, governança, funções ou fluxos de trabalho.",
        "nl": "De sessies die ik ken zijn opnames: de pagina's noemen geen data van komende sessies. Vraag me om een opname, of naar teamstructuur, governance, rollen of workflows.",
        "ja": "私が知っているセッションは録画です。ページには今後のセッションの日程はありません。録画について、またはチーム構成、ガバナンス、役割、ワークフローについて質問してください。",
        "ko": "제가 아는 세션은 녹화본이며, 페이지에는 앞으로의 세션 일정이 없습니다. 녹화나 팀 구조, 거버넌스, 역할 또는 워크플로에 대해 질문해 주세요.",
        "zh": "我所了解的会议都是录像：页面上没有后续会议的日期。欢迎索取录像，或询问团队结构、治理、角色或工作流程等问题。",
    },
    "no_timelines": {
        "sv": "Sessionerna jag känner till anger inte hur lång tid en införing tar eller när resultaten syns. Fråga gärna om teamstruktur, styrning, roller eller arbetsflöden i sessionerna.",
        "de": "Die mir bekannten Sessions nennen keine Zeiträume, weder für die Einführung noch bis zu ersten Ergebnissen. Fragen Sie gern nach Teamstruktur, Governance, Rollen oder Workflows aus den Sessions.",
        "it": "Le sessioni che conosco non indicano tempi, né per l'introduzione né per vedere i risultati. Chiedimi pure di struttura del team, governance, ruoli o flussi di lavoro delle sessioni.",
        "en": "The sessions I know give no timelines, neither for a rollout nor for seeing results. Ask me about team structure, governance, roles or workflows from the sessions.",
        "fr": "Les sessions que je connais ne donnent pas de délais, ni pour un déploiement ni pour voir des résultats. Posez-moi une question sur la structure d'équipe, la gouvernance, les rôles ou les workflows des sessions.",
        "es": "Las sesiones que conozco no dan plazos, ni para una implantación ni para ver resultados. Pregúntame sobre estructura de equipo, gobernanza, roles o flujos de trabajo de las sesiones.",
        "pt": "As sessões que conheço não indicam prazos, nem para uma implantação nem para ver resultados. Pergunte sobre estrutura de equipe, governança, funções ou fluxos de trabalho das sessões.",
        "nl": "De sessies die ik ken noemen geen doorlooptijden, niet voor een invoering en niet tot de eerste resultaten. Vraag me naar teamstructuur, governance, rollen of workflows uit de sessies.",
        "ja": "私が知っているセッションには、導入や成果が出るまでの期間は示されていません。チーム構成、ガバナンス、役割、ワークフローについて質問してください。",
        "ko": "제가 아는 세션에는 도입이나 성과가 나오기까지의 기간이 나와 있지 않습니다. 팀 구조, 거버넌스, 역할 또는 워크플로에 대해 질문해 주세요.",
        "zh": "我所了解的会议没有给出推行或见效所需的时间。欢迎询问会议中的团队结构、治理、角色或工作流程等问题。",
    },
    "no_slides": {
        "sv": "Sessionssidorna jag känner till har inga bilder eller nedladdningar, bara inspelningen (fråga efter den). Fråga gärna om teamstruktur, styrning, roller eller arbetsflöden.",
        "de": "Die mir bekannten Session-Seiten bieten keine Folien oder Downloads, nur die Aufzeichnung (fragen Sie danach). Fragen Sie gern nach Teamstruktur, Governance, Rollen oder Workflows.",
        "it": "Le pagine delle sessioni che conosco non offrono slide né download, solo la registrazione (chiedimela). Chiedi pure di struttura del team, governance, ruoli o flussi di lavoro.",
        "en": "The session pages I know offer no slides or downloads, only the recording (ask me for it). Ask me about team structure, governance, roles or workflows from the sessions.",
        "fr": "Les pages des sessions que je connais ne proposent ni diapositives ni téléchargements, seulement l'enregistrement (demandez-le-moi). Posez-moi une question sur la structure d'équipe, la gouvernance, les rôles ou les workflows.",
        "es": "Las páginas de las sesiones que conozco no ofrecen diapositivas ni descargas, solo la grabación (pídemela). Pregúntame sobre estructura de equipo, gobernanza, roles o flujos de trabajo.",
        "pt": "As páginas das sessões que conheço não oferecem slides nem downloads, só a gravação (peça-me). Pergunte sobre estrutura de equipe, governança, funções ou fluxos de trabalho.",
        "nl": "De sessiepagina's die ik ken bieden geen slides of downloads, alleen de opname (vraag me ernaar). Vraag me naar teamstructuur, governance, rollen of workflows uit de sessies.",
        "ja": "私が知っているセッションのページにはスライドやダウンロードはなく、録画だけがあります（お尋ねください）。チーム構成、ガバナンス、役割、ワークフローについて質問してください。",
        "ko": "제가 아는 세션 페이지에는 슬라이드나 다운로드가 없고 녹화만 있습니다(요청해 주세요). 팀 구조, 거버넌스, 역할 또는 워크플로에 대해 질문해 주세요.",
        "zh": "我所了解的会议页面没有幻灯片或下载，只有录像（可以问我要）。欢迎询问团队结构、治理、角色或工作流程等问题。",
    },
    "not_in_product": {
        "sv": "Ingen av sessionerna om {product} skriver ”{topic}”; det gör sessionen **{session}**.",
        "de": "Keine der Sessions zu {product} schreibt „{topic}“; die Session **{session}** schon.",
        "it": "Nessuna delle sessioni su {product} usa «{topic}»; la sessione **{session}** sì.",
        "en": "None of the {product} sessions uses “{topic}”; the session **{session}** does.",
        "fr": "Aucune des sessions sur {product} n'emploie « {topic} » ; la session **{session}**, si.",
        "es": "Ninguna de las sesiones sobre {product} usa «{topic}»; la sesión **{session}** sí.",
        "pt": "Nenhuma das sessões sobre {product} usa “{topic}”; a sessão **{session}** usa.",
        "nl": "Geen van de sessies over {product} gebruikt ‘{topic}’; de sessie **{session}** wel.",
        "ja": "{product} のセッションには「{topic}」という語は出てきません。セッション **{session}** には出てきます。",
        "ko": "{product} 세션에는 '{topic}'이라는 말이 나오지 않습니다. **{session}** 세션에는 나옵니다.",
        "zh": "{product} 的会议都没有用到“{topic}”这个词；会议 **{session}** 用到了。",
    },
    "not_mentioned": {
        "sv": "De sessioner jag känner till nämner inte {names}. Fråga gärna om teamstruktur, styrning, roller eller arbetsflöden i sessionerna.",
        "de": "Die mir bekannten Sessions erwähnen {names} nicht. Fragen Sie gern nach Teamstruktur, Governance, Rollen oder Workflows aus den Sessions.",
        "it": "Le sessioni che conosco non menzionano {names}. Chiedi pure di struttura del team, governance, ruoli o flussi di lavoro delle sessioni.",
        "en": "The sessions I know don't mention {names}. Ask me about team structure, governance, roles or workflows from the sessions.",
        "fr": "Les sessions que je connais ne mentionnent pas {names}. Posez-moi une question sur la structure d'équipe, la gouvernance, les rôles ou les workflows.",
        "es": "Las sesiones que conozco no mencionan {names}. Pregúntame sobre estructura de equipo, gobernanza, roles o flujos de trabajo.",
        "pt": "As sessões que conheço não mencionam {names}. Pergunte sobre estrutura de equipe, governança, funções ou fluxos de trabalho.",
        "nl": "De sessies die ik ken noemen {names} niet. Vraag me naar teamstructuur, governance, rollen of workflows uit de sessies.",
        "ja": "私が知っているセッションでは{names}は扱われていません。チーム構成、ガバナンス、役割、ワークフローについて質問してください。",
        "ko": "제가 아는 세션에서는 {names}을(를) 다루지 않습니다. 팀 구조, 거버넌스, 역할 또는 워크플로에 대해 질문해 주세요.",
        "zh": "我所了解的会议未提及{names}。欢迎询问团队结构、治理、角色或工作流程等问题。",
    },
    "recording": {
        "sv": "Inspelningen av sessionen finns här: {url}",
        "de": "Die Aufzeichnung der Session finden Sie hier: {url}",
        "it": "La registrazione della sessione è qui: {url}",
        "en": "The session's recording is here: {url}",
        "fr": "L'enregistrement de la session est ici : {url}",
        "es": "La grabación de la sesión está aquí: {url}",
        "pt": "A gravação da sessão está aqui: {url}",
        "nl": "De opname van de sessie staat hier: {url}",
        "ja": "セッションの録画はこちらです: {url}",
        "ko": "세션 녹화는 여기에서 볼 수 있습니다: {url}",
        "zh": "会议录像在这里：{url}",
    },
    "audience": {
        "sv": "Sessionen riktar sig till: {roles}.",
        "de": "Die Session richtet sich an: {roles}.",
        "it": "La sessione è rivolta a: {roles}.",
        "en": "The session is meant for: {roles}.",
        "fr": "La session s'adresse à : {roles}.",
        "es": "La sesión está dirigida a: {roles}.",
        "pt": "A sessão é destinada a: {roles}.",
        "nl": "De sessie is bedoeld voor: {roles}.",
        "ja": "このセッションの対象: {roles}。",
        "ko": "이 세션의 대상: {roles}.",
        "zh": "本会议面向：{roles}。",
    },
    "level": {
        "sv": "Nivå: {levels}.",
        "de": "Niveau: {levels}.",
        "it": "Livello: {levels}.",
        "en": "Level: {levels}.",
        "fr": "Niveau : {levels}.",
        "es": "Nivel: {levels}.",
        "pt": "Nível: {levels}.",
        "nl": "Niveau: {levels}.",
        "ja": "レベル: {levels}。",
        "ko": "수준: {levels}.",
        "zh": "级别：{levels}。",
    },
    "duration": {
        "sv": "Inspelningen är cirka {minutes} minuter lång.",
        "de": "Die Aufzeichnung dauert etwa {minutes} Minuten.",
        "it": "La registrazione dura circa {minutes} minuti.",
        "en": "The recording lasts about {minutes} minutes.",
        "fr": "L'enregistrement dure environ {minutes} minutes.",
        "es": "La grabación dura unos {minutes} minutos.",
        "pt": "A gravação dura cerca de {minutes} minutos.",
        "nl": "De opname duurt ongeveer {minutes} minuten.",
        "ja": "録画の長さは約{minutes}分です。",
        "ko": "녹화 길이는 약 {minutes}분입니다.",
        "zh": "录像时长约 {minutes} 分钟。",
    },
    "languages": {
        "sv": "Sessionen finns på {available}.",
        "de": "Die Session gibt es auf {available}.",
        "it": "La sessione è disponibile in {available}.",
        "en": "The session is available in {available}.",
        "fr": "La session est disponible en {available}.",
        "es": "La sesión está disponible en {available}.",
        "pt": "A sessão está disponível em {available}.",
        "nl": "De sessie is beschikbaar in het {available}.",
        "ja": "このセッションは次の言語で公開されています: {available}。",
        "ko": "이 세션은 다음 언어로 제공됩니다: {available}.",
        "zh": "本会议提供以下语言版本：{available}。",
    },
    "catalog": {
        "sv": "Det här är sessionerna jag kan svara utifrån:",
        "de": "Zu diesen Sessions kann ich Fragen beantworten:",
        "it": "Queste sono le sessioni su cui posso rispondere:",
        "en": "These are the sessions I can answer from:",
        "fr": "Voici les sessions sur lesquelles je peux répondre :",
        "es": "Estas son las sesiones sobre las que puedo responder:",
        "pt": "Estas são as sessões sobre as quais posso responder:",
        "nl": "Dit zijn de sessies waarover ik vragen kan beantwoorden:",
        "ja": "回答できるセッションは次のとおりです:",
        "ko": "답변할 수 있는 세션은 다음과 같습니다:",
        "zh": "我可以回答以下会议的问题：",
    },
    "catalog_in": {
        "sv": "De här sessionerna finns på {language}:",
        "de": "Diese Sessions gibt es auf {language}:",
        "it": "Queste sessioni sono disponibili in {language}:",
        "en": "These sessions are available in {language}:",
        "fr": "Ces sessions sont disponibles en {language} :",
        "es": "Estas sesiones están disponibles en {language}:",
        "pt": "Estas sessões estão disponíveis em {language}:",
        "nl": "Deze sessies zijn beschikbaar in het {language}:",
        "ja": "{language}で視聴できるセッションは次のとおりです:",
        "ko": "{language}로 제공되는 세션은 다음과 같습니다:",
        "zh": "以下会议提供{language}版本：",
    },
    "catalog_series_in": {
        "sv": "Av serien om {product} finns de här sessionerna på {language}:",
        "de": "Aus der Reihe zu {product} gibt es diese Sessions auf {language}:",
        "it": "Della serie su {product} sono disponibili in {language} queste sessioni:",
        "en": "Of the {product} series, these sessions are available in {language}:",
        "fr": "De la série {product}, ces sessions sont disponibles en {language} :",
        "es": "De la serie de {product}, estas sesiones están disponibles en {language}:",
        "pt": "Da série de {product}, estas sessões estão disponíveis em {language}:",
        "nl": "Uit de reeks over {product} zijn deze sessies beschikbaar in het {language}:",
        "ja": "{product} シリーズのうち、{language}で視聴できるセッションは次のとおりです:",
        "ko": "{product} 시리즈 중 {language}로 제공되는 세션은 다음과 같습니다:",
        "zh": "{product} 系列中提供{language}版本的会议如下：",
    },
    "compared": {
        "sv": "Det här handlar sessionerna om:",
        "de": "Darum geht es in diesen Sessions:",
        "it": "Ecco di cosa tratta ciascuna di queste sessioni:",
        "en": "Here is what each of these sessions is about:",
        "fr": "Voici le sujet de chacune de ces sessions :",
        "es": "Esto es lo que trata cada una de estas sesiones:",
        "pt": "Veja do que trata cada uma destas sessões:",
        "nl": "Hier lees je waar elk van deze sessies over gaat:",
        "ja": "各セッションの内容は次のとおりです:",
        "ko": "각 세션의 내용은 다음과 같습니다:",
        "zh": "这些会议的内容如下：",
    },
    "compared_series": {
        "sv": "Det här handlar sessionerna i serien om {product} om:",
        "de": "Darum geht es in diesen Sessions der Reihe zu {product}:",
        "it": "Ecco di cosa tratta ciascuna di queste sessioni della serie su {product}:",
        "en": "Here is what each of these sessions of the {product} series is about:",
        "fr": "Voici le sujet de chacune de ces sessions de la série {product} :",
        "es": "Esto es lo que trata cada una de estas sesiones de la serie de {product}:",
        "pt": "Veja do que trata cada uma destas sessões da série de {product}:",
        "nl": "Hier lees je waar elk van deze sessies uit de reeks over {product} over gaat:",
        "ja": "{product} シリーズの各セッションの内容は次のとおりです:",
        "ko": "{product} 시리즈의 각 세션 내용은 다음과 같습니다:",
        "zh": "{product} 系列中这些会议的内容如下：",
    },
    "catalog_start": {
        "sv": "Varje serie är numrerad i ordning; börja med den första sessionen:",
        "de": "Die Sessions jeder Reihe sind nummeriert; beginnen Sie mit der ersten:",
        "it": "Le sessioni di ogni serie sono numerate in ordine; iniziate dalla prima:",
        "en": "Each series is numbered in order; start with its first session:",
        "fr": "Les sessions de chaque série sont numérotées dans l'ordre ; commencez par la première :",
        "es": "Las sesiones de cada serie están numeradas en orden; empiece por la primera:",
        "pt": "As sessões de cada série são numeradas em ordem; comece pela primeira:",
        "nl": "De sessies van elke reeks zijn op volgorde genummerd; begin met de eerste:",
        "ja": "各シリーズのセッションは順番に番号が付いています。最初のセッションから始めてください:",
        "ko": "각 시리즈의 세션은 순서대로 번호가 매겨져 있습니다. 첫 세션부터 시작하세요:",
        "zh": "每个系列的会议按顺序编号，请从第一场开始：",
    },
    "catalog_start_series": {
        "sv": "Serien om {product} är numrerad i ordning; börja med den första sessionen:",
        "de": "Die Sessions der Reihe zu {product} sind nummeriert; beginnen Sie mit der ersten:",
        "it": "Le sessioni della serie su {product} sono numerate in ordine; iniziate dalla prima:",
        "en": "The {product} series is numbered in order; start with its first session:",
        "fr": "Les sessions de la série {product} sont numérotées dans l'ordre ; commencez par la première :",
        "es": "Las sesiones de la serie de {product} están numeradas en orden; empiece por la primera:",
        "pt": "As sessões da série de {product} são numeradas em ordem; comece pela primeira:",
        "nl": "De sessies van de reeks over {product} zijn op volgorde genummerd; begin met de eerste:",
        "ja": "{product} シリーズのセッションは順番に番号が付いています。最初のセッションから始めてください:",
        "ko": "{product} 시리즈의 세션은 순서대로 번호가 매겨져 있습니다. 첫 세션부터 시작하세요:",
        "zh": "{product} 系列的会议按顺序编号，请从第一场开始：",
    },
    "session_count": {  # "Quante sessioni ci sono in tutto?": the count before the list
        "sv": "{count} sessioner.", "de": "{count} Sessions.", "it": "{count} sessioni.", "en": "{count} sessions.",
        "fr": "{count} sessions.", "es": "{count} sesiones.", "pt": "{count} sessões.", "nl": "{count} sessies.",
        "ja": "{count} 件のセッション。", "ko": "세션 {count}개.", "zh": "共 {count} 场会议。",
    },
    "catalog_series": {
        "sv": "Serien om {product} har de här sessionerna:",
        "de": "Die Reihe zu {product} umfasst diese Sessions:",
        "it": "La serie su {product} comprende queste sessioni:",
        "en": "The {product} series has these sessions:",
        "fr": "La série {product} comprend ces sessions :",
        "es": "La serie de {product} incluye estas sesiones:",
        "pt": "A série de {product} inclui estas sessões:",
        "nl": "De reeks over {product} bevat deze sessies:",
        "ja": "{product} シリーズのセッションは次のとおりです:",
        "ko": "{product} 시리즈의 세션은 다음과 같습니다:",
        "zh": "{product} 系列包括以下会议：",
    },
}  # fmt: skip

# Words that ask for the session's recording, in the languages the phrases speak.
RECORDING_WORDS = re.compile(
    r"\b(videos?|videon|videor(?:na)?|recording|recorded|watch|inspelning\w*|inspelad|titta|aufzeichnung\w*|"
    r"aufnahme\w*|mitschnitt\w*|ansehen|filmato|"
    r"anschauen|registrazione|registrata|guardare|vidéo|enregistrement|regarder|vídeo|grabación|grabada|"
    r"gravação|gravada|assistir|opname|bekijken|terugkijken)\b|動画|ビデオ|録画|동영상|비디오|녹화|视频|視頻|录像|錄影",
    re.IGNORECASE,
)


# "What is the session about?": the answer is the page's own summary (its overview and key points), not
# one of its sections. Only with a word for a session, so "what does the cadence cover?" asks a section;
# "what … about" only at the end, so "what does session 4 say about business cases?" asks a section too.
ABOUT_WORDS = re.compile(
    r"\bwhat\b[^?]*\babout\W*$|\bcover(?:s|ed)?\b|\btopics?\b|\boverview\b|\bsummar(?:y|i[sz]e)\b|"
    r"\bworum\b|\bwovon\b|\bbehandel[tn]\b|\bthemen?\b|\bzusammenfassung\b|\büberblick\b|"
    r"\bdi (?:che )?cosa (?:parla|tratta)|\bcosa tratta|\btemi\b|\bargomenti\b|\briassunto\b|\bpanoramica\b|\baffronta\b|"
    r"\bhandlar\b.*\bom\b|\btar\b.*\bupp\b|\bgår\b.*\bigenom\b|\bämnen\b|\bsammanfattning\b|\böversikt\b|"
    r"\bde quoi\b|\bcouvre\b|\bsujets\b|\bthèmes\b|\brésumé\b|\baperçu\b|"
    r"\bde qué (?:trata|va)\b|\bcubre\b|\btemas\b|\bresumen\b|"
    r"\bsobre o que\b|\bdo que trata\b|\btópicos\b|\bresumo\b|"
    r"\bwaar gaat\b|\bonderwerpen\b|\bsamenvatting\b|"
    r"\bsammanfatta\w*|\bzusammenfass\w*|\briassum\w*|\brésum(?:er|ez)\b|\bresum(?:ir|a|ame|eme)\b|\bresúm\w*|"
    r"\bsamenvat\w*|\bfass\w*\b.*\bzusammen\b|\brésume\b|"  # and the separable "Fasse die Serie zusammen"
    r"概要|무엇에 관한|개요|关于什么|講什麼|讲什么|主要内容|概述",  # not について or 内容: "about" any topic
    re.IGNORECASE,
)
# The series' own words for a session (ingest.products, which finds session numbers), with their plurals
# and inflections, and a few more an asker uses.
SESSION_WORDS = re.compile(
    rf"\b(?:{SESSION_WORD}\w*|sesion\w*|sessões|webbinari\w*|webinaire\w*|seminar\w*)\b|セッション|ウェビナー|세션|웨비나|会议|研讨会|網絡研討會|网络研讨会",
    re.IGNORECASE,
)


SERIES_WORDS = re.compile(r"\b(?:series|serie|serien|reihe|série|séries|reeks)\b|シリーズ|시리즈|系列", re.IGNORECASE)
# "Who is the series for?", "How long is the session?": answered with the page's own facts (its front
# matter's role, level and duration) before the quote, when the question names a session or the series.
AUDIENCE_WORDS = re.compile(
    r"\bwho\b[^?]*\bfor\W*$|\bwho should (?:attend|watch)\b|\baudience\b|\bmeant for\b|\baimed at\b|\bfür wen\b|"
    r"\bzielgruppe\b|\brichtet sich\b|\bvem\b[^?]*\btill för\W*$|"
    r"\bper chi\b|\ba chi\b[^?]*\b(?:rivolt|destinat)\w*|\bpubblico\b|\bför vem\b|\bmålgrupp\w*|\bvem riktar\b|"
    r"\bpour qui\b|\bpublic cible\b|\bs'adresse\b|\bpara quién\b|\bdirigid[ao]s?\b|\bpúblico\b|\bpara quem\b|"
    r"\bvoor wie\b|\bdoelgroep\b|対象|대상|面向|适合谁|適合誰",
    re.IGNORECASE,
)
DURATION_WORDS = re.compile(
    r"\bhow long\b|\bwie lange?\b|\bdauer\b|\bquanto dura(?:no)?\b|\bdurata\b|\bhur läng\w*|\bhur lång\w*|\blängd\b|"
    r"\bcombien de temps\b|\bdurée\b|\bcu[aá]nto dura\b|\bduración\b|\bquanto tempo\b|\bduração\b|\bhoe lang\b|"
    r"\bduur\b|\bduration\b|長さ|길이|多长|多長|时长|時長",  # not どのくらい or 얼마나: "how much" of anything
    re.IGNORECASE,
)


# "Which roles…?", "Quali ruoli…?": a question asking for a set wants a section's whole list, not its best
# items, even when it shares no word with the section's heading (the page may be in another language).
# Interrogatives that are plural only, and English's "which/what <plural noun> <verb>".
LIST_QUESTION = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+)?\w{3,}s\s+(?:are|do|does|did|should|would|can|will|were|have|make)\b|"
    r"\bvilka\b|\bwelche\b|\bquali\b|\bquel(?:le)?s\b|\bcu[aá]les\b|\bqu[eé]\s+\w{3,}s\b|\bquais\b|\bwelke\b|"
    r"\blist\b|\bname (?:all|the)\b|\ball the\b|"
    # "What are the roles…?", "Was sind die Säulen…?", "Cosa sono i pilastri?", "Wat zijn de rollen?"
    r"\bwhat\s+are\s+the\s+(?:\w+\s+)?\w{3,}s\b|\bwas\s+sind\s+die\b|\bcosa\s+sono\s+(?:i|gli|le)\b|"
    r"\bwat\s+zijn\s+de\b",
    re.IGNORECASE,
)


def asks_for_a_list(message: str) -> bool:
    return bool(LIST_QUESTION.search(message))


# "How often should the working group meet?": the answer is a line that names a frequency, which the model
# does not rank above another line about the same team.
FREQUENCY_QUESTION = re.compile(
    r"\bhow (?:often|frequently)\b|\bhur ofta\b|\bwie (?:oft|häufig)\b|\bin welchem (?:rhythmus|abstand)\b|"
    r"\bogni quanto\b|\bcon (?:quale|che) frequenza\b|\bquanto spesso\b|\bquante volte\b|\bà quelle fréquence\b|"
    r"\btous les combien\b|\bcombien de fois\b|\bqu[eé] tan (?:a menudo|seguido|frecuentemente)\b|"
    r"\bcu[aá]ntas veces\b|\bquantas vezes\b|\bhoe dikwijls\b|"
    r"\bcon qu[eé] frecuencia\b|\bcada cu[aá]nto\b|\bcom que frequ[eê]ncia\b|\bde quanto em quanto\b|"
    r"\bhoe vaak\b|頻度|얼마나 자주|多久一次|频率|頻率|"
    r"cadence|cadencia|cadenza|cadência|cadans|kadens|kadenz",  # a cadence is how often (also in compounds)
    re.IGNORECASE,
)
# Each frequency a cadence names, in the supported languages (Latin-script words, then CJK): "de månatliga
# mötena" asks for the monthly line
FREQUENCIES: dict[str, tuple[str, str]] = {
    "biweekly": (
        r"bi-?weekly|fortnightly|varannan vecka|vierzehntägig\w*|zweiwöchentlich\w*|bisettimanal[ei]|"
        r"quindicinal[ei]|toutes les deux semaines|bimensuel\w*|quincenal\w*|quinzenal\w*|tweewekelijks\w*",
        "",
    ),
    "annual": (r"annual\w*|yearly|årlig\w*|jährlich\w*|annuel\w*|anual\w*|jaarlijks\w*", "年次|연간|每年"),
    "quarterly": (
        r"quarterly|kvartal\w*|vierteljährlich\w*|quartal\w*|trimestral\w*|trimestriel\w*|driemaandelijks\w*",
        "四半期|분기|每季度",
    ),
    "monthly": (
        r"monthly|månatlig\w*|månads\w*|monatlich\w*|mensil[ei]|mensuel\w*|mensual\w*|mensa[il]\w*|maandelijks\w*",
        "月次|毎月|월간|每月",
    ),
    "weekly": (
        r"weekly|vecko\w*|wöchentlich\w*|settimanal[ei]|hebdomadaire\w*|semanal\w*|wekelijks\w*",
        "週次|毎週|주간|每周",
    ),
    "daily": (
        r"daily|daglig\w*|täglich\w*|giornalier[ae]|quotidian[ae]|quotidien\w*|di[aá]ri[oa]s?|dagelijks\w*",
        "毎日|매일|每天|每日",
    ),
}
REGULARLY = r"regularly|regelbund\w*|regelmäßig\w*|regolarmente|régulièrement|regularmente|regelmatig\w*"


def frequency_pattern(latin: str, cjk: str) -> re.Pattern[str]:
    # A Latin-script word stands alone ("vierteljährlich" is no "jährlich", "bi-weekly" no "weekly"); CJK
    # writes no spaces
    return re.compile(rf"(?<![\w-])(?:{latin})(?!\w)" + (f"|{cjk}" if cjk else ""), re.IGNORECASE)


FREQUENCY_NAMES = {name: frequency_pattern(*parts) for name, parts in FREQUENCIES.items()}
FREQUENCY_WORDS = frequency_pattern(
    "|".join([*(latin for latin, _ in FREQUENCIES.values()), REGULARLY]),
    "|".join(cjk for _, cjk in FREQUENCIES.values() if cjk),
)


# "Vad betyder KBO?", "What does RACI stand for?", "Was ist eine NSA?": what an acronym the pages use means;
# and "Cosa significa Northstar?": a name (a capitalised word no frequency list calls ordinary)
DEFINITION_QUESTION = re.compile(
    r"^\W*(?:what\s+(?:does|do|is|are)\s+(?:an?\s+|the\s+)?|vad\s+(?:betyder|är|står)\s+(?:en\s+|ett\s+)?|"
    r"was\s+(?:bedeutet|bedeuten|ist|sind|heißt|heisst)\s+(?:eine?\s+|der\s+|die\s+|das\s+)?|"
    r"(?:che\s+)?cosa\s+(?:significa|significano|è|sono|vuol dire|vogliono dire)\s+(?:una?\s+|il\s+|la\s+|l'|i\s+|gli\s+|le\s+)?|"
    r"che cos'è\s+(?:una?\s+|il\s+|la\s+|l')?|"
    r"qu'est-ce que\s+(?:la\s+|le\s+|l'|une?\s+)?|que\s+(?:signifie|veut dire)\s+|que\s+sont\s+(?:les\s+)?|"
    r"qué\s+(?:significa|es|son)\s+(?:una?\s+|el\s+|la\s+|los\s+|las\s+)?|"
    r"o que\s+(?:significa|é|são)\s+(?:uma?\s+|o\s+|a\s+|os\s+|as\s+)?|"
    r"wat\s+(?:betekent|is|zijn)\s+(?:een\s+|de\s+|het\s+)?)"
    r"(?P<term>(?-i:[A-Z]{2,6}|[A-Z][a-z]{3,}(?:[A-Z][a-z]+)?))s?(?:\s+(?:mean|stand for|för|für))?\W*$",
    re.IGNORECASE,
)


def asked_definition(message: str) -> str | None:
    """The acronym or name whose meaning the message asks, and nothing else ("Vad betyder KBO?": "KBO"; "Cosa
    significa Northstar?": "Northstar", whose two lists were quoted whole; not "Was ist Governance?", an
    ordinary word the pages use in many senses)."""
    found = DEFINITION_QUESTION.match(message.strip())
    term = found.group("term") if found else ""
    if not term or mentioned_products(term) or (not term.isupper() and common_word(term, "en")):
        return None
    return term


def asks_how_often(message: str) -> bool:
    return bool(FREQUENCY_QUESTION.search(message))


def names_a_frequency(text: str) -> bool:
    return bool(FREQUENCY_WORDS.search(text))


def named_frequencies(text: str) -> frozenset[str]:
    """The frequencies a text names ("monthly leadership check-ins": monthly); "bi-weekly" is no weekly."""
    found = set()
    for name, pattern in FREQUENCY_NAMES.items():
        if pattern.search(text):
            found.add(name)
            if name == "biweekly":
                text = pattern.sub(" ", text)
    return frozenset(found)


# Meeting, reviewing, or a body that meets (also inside compounds: "Lenkungsgremium", "styrgruppen",
# "Quartalsreviews"). With a frequency asked or named it asks about the governance cadence, whatever the
# body or the meeting is called ("Lenkungskomitee", "stuurgroep"): no page uses those words, so the gate let
# nothing through.
GATHERING = re.compile(
    r"meet|get together|check-in|review|update|träff|möte|granskning|genomgång|uppdater|treff|trifft|tagt\b|"
    r"zusammenk|besprech|sitzung|überprüf|aktualisier|riunion|riunir|riunisc|incontr|revision|aggiornament|réuni|"
    r"rencontr|revue|mise à jour|reuni|reún|revisión|revisão|actualiza|atualiza|vergader|samenkom|bijeenkom|"
    r"komitee|committee|kommitté|comitato|comité|ausschuss|gremium|styrgrupp",
    re.IGNORECASE,
)


def asks_about_a_cadence(message: str) -> bool:
    """ "Wie oft trifft sich das Lenkungsgremium?", "Hoe vaak vergadert de stuurgroep?", "Was passiert in den
    Quartalsreviews?" """
    return (asks_how_often(message) or bool(named_frequencies(message))) and GATHERING.search(message) is not None


# "Hur många personer behöver vi i början?", "How big is the team?": lines that give a figure answer.
# Plural interrogatives only ("quanto dura" asks a duration, "quanto costa" a price).
COUNT_QUESTION = re.compile(
    r"\bhow (?:many|big|large)\b|\bhur (?:många|stor[at]?)\b|\bwie ?(?:viele|groß|gross)\b|\bquant[ei]\b|"
    # a verb between: "Quanto è grande il team?", "Quelle est la taille de l'équipe ?"
    r"\bquanto (?:(?:è|sono|deve essere|dovrebbe essere) )?(?:grande|numeroso)\b|\bcombien de\b|"
    r"\bquelle (?:est la )?taille\b|\bcu[aá]nt[oa]s\b|\bqu[eé] (?:tan grande|tamaño)\b|"
    r"\bquant[oa]s\b|\bqual (?:é )?o tamanho\b|\bhoeveel\b|\bhoe groot\b|何人|いくつ|몇 명|몇 개|多少|幾個|几个",
    re.IGNORECASE,
)
FIGURE = re.compile(r"\d")


def asks_how_many(message: str) -> bool:
    return bool(COUNT_QUESTION.search(message))


def names_a_figure(text: str) -> bool:
    return bool(FIGURE.search(text))


# A sentence opening with a word that points back ("This approach avoids…", "Dieser Ansatz…", "Questo
# approccio…") leans on the sentence before it: quoted alone, it reads as a fragment of an argument.
POINTS_BACK = re.compile(
    r"^(?:this|these|that|those|such|it|they|dies|diese[mnrs]?|dadurch|dabei|damit|hierdurch|detta|denna|dessa|"
    r"det här|den här|de här|questo|questa|questi|queste|ciò|tale|tali|ce|cet|cette|ces|cela|ceci|este|esta|"
    r"estos|estas|esto|ello|estes|isto|isso|esse|essa|esses|essas|dit|deze)\b",
    re.IGNORECASE,
)


def points_back(sentence: str) -> bool:
    return bool(POINTS_BACK.match(sentence.lstrip()))


# "(z. B. Product Owner)", "(e.g. the steering committee)": an example the asker gives, not what is asked
EXAMPLE = re.compile(
    r"\(\s*(?:z\.\s?b\.|zum beispiel|e\.\s?g\.|for example|for instance|t\.\s?ex\.|till exempel|ad es\.|"
    r"ad esempio|per esempio|p\.\s?ex\.|par exemple|por ejemplo|p\.\s?ej\.|bijv\.|bijvoorbeeld)[^)]*\)",
    re.IGNORECASE,
)


def without_examples(message: str) -> str:
    return EXAMPLE.sub(" ", message)


# What all this is about, naming nothing: with nothing said yet, what can be asked; after an answer, its session
ABOUT_IT = re.compile(
    r"\W*(?:worum geht(?:'s| es)(?: hier)?|vad handlar (?:det|den|detta|det här) om|di (?:che )?cosa si tratta|"
    r"di cosa parla|what(?:'s| is) (?:this|it) (?:all )?about|de quoi (?:s'agit-il|ça parle|parle-t-il)|"
    r"de qué (?:se trata|va)|do que se trata|waar gaat (?:het|dit) over)\W*",
    re.IGNORECASE,
)


def asks_what_it_is(message: str) -> bool:
    return bool(ABOUT_IT.fullmatch(message))


def asks_what_a_session_covers(message: str) -> bool:
    return bool(ABOUT_WORDS.search(message) and SESSION_WORDS.search(message)) or asks_what_it_is(message)


def names_the_session(message: str) -> bool:
    return bool(SESSION_WORDS.search(message) or SERIES_WORDS.search(message) or RECORDING_WORDS.search(message))


# "Which sessions are there?", "Welche Sessions gibt es zu CJA?": the catalog, not a page's content. A
# question naming a topic ("Quali sessioni parlano di sponsorizzazione?") is asked of the pages instead.
WHICH_WORDS = re.compile(
    r"\b(?:which|what|list|how many|vilka|vilken|vilket|hur många|welche[nrs]?|wie viele|quali|che|quante|quanti|"
    r"quels?|quelles?|combien|cu[aá]les|qu[eé]|cu[aá]nt[ao]s|quais|quant[ao]s|welke|hoeveel|"
    r"lista|listan|liste|elenco|listado|lijst)\b",  # "Kan du ge mig en lista över alla sessioner om CSC?"
    re.IGNORECASE,
)
CATALOG_FILLER = re.compile(
    r"\b(?:exist\w*|have|has|available|offer\w*|know|all|hat|haben|gehören|kennst|verfügbar\w*|alle|ingår|"
    r"känner|tillgängliga|tillgänglig|esistono|hai|conosci|disponibili|disponibile|disponible|disponível|tutte|existent|connais|disponibles|toutes|hay|"
    r"existen|tiene|tienen|conoces|todas|está|están|estão|existem|tem|têm|conhece|disponíveis|zijn|heeft|hebben|ken|"
    r"beschikbaar|aller|alla|tutti|tous|todos|mir|"
    # "in total": "Quante sessioni ci sono in tutto?", "Wie viele Sessions gibt es insgesamt?"
    r"total|totalt|totale|insgesamt|sammanlagt|tutto|totaal|"
    # prepositions the stopwords lack: "Quali sessioni ci sono sulla Content Supply Chain?"
    r"sulla|sul|sui|sulle|sur|sobre|acerca|over|zum|zur|über|över|er)\b",
    re.IGNORECASE,
)


def asks_which_sessions(message: str) -> bool:
    """Which sessions there are (of a product's series): nothing but a session word, a "which" and a product."""
    if not (SESSION_WORDS.search(message) and WHICH_WORDS.search(message)) or asks_what_a_session_covers(message):
        return False  # "What is the CJA session about?" asks for its summary
    return says_nothing_else(message, SESSION_WORDS, SERIES_WORDS, WHICH_WORDS, CATALOG_FILLER, SERIES_FILLER)


# "Hur länge är AJO-sessionerna?", "Is the content supply chain series available in Swedish?": a session's
# own facts asked of all the sessions of a series
MANY_SESSIONS = re.compile(
    r"\b(?:sessions|sessionerna|sessioner|sitzungen|sessioni|sesiones|sessões|sessies|webinars|webinare|webinari)\b|"
    + SERIES_WORDS.pattern,
    re.IGNORECASE,
)


def asks_facts_of_the_sessions(message: str) -> bool:
    """A session's own facts (how long, which languages, the recording, for whom) asked of every session of
    a series, or of all of them ("Welche Sessions gibt es auf Deutsch?")."""
    if not MANY_SESSIONS.search(message):
        return False
    if asks_only_of_the_session(message):
        return True
    return asks_which_languages(message) and asks_which_sessions(IN_A_LANGUAGE.sub(" ", message))


def catalog_language(message: str) -> str | None:
    """The language a request for the list of sessions names ("Welche Sessions gibt es auf Deutsch?", "Is
    the CSC series available in Swedish?"): only the sessions in it are listed."""
    found = IN_A_LANGUAGE.search(message)
    if not found or not asks_facts_of_the_sessions(message) or not asks_which_languages(message):
        return None
    return LANGUAGE_BY_NAME.get(found.group().split()[-1].lower())


# "What is the AJO series about?", "Worum geht es in der CJA-Reihe?", "Which session should I watch first?":
# the series as a whole, each session in its place with its own summary, not a quote of one page.
SERIES_ORDER = re.compile(
    r"\b(?:first|start|begin|order|zuerst|reihenfolge|anfangen|beginnen|först|ordning|börja|prima|ordine|"
    r"iniziare|cominciare|d'abord|ordre|commencer|primero|orden|empezar|comenzar|primeiro|ordem|começar|eerst|"
    r"volgorde)\b",
    re.IGNORECASE,
)
SERIES_FILLER = re.compile(
    r"\b(?:give|short|brief|quick|new|read|par|gib|geben|kurze?[nr]?|neu|geht|lesen|ge|kort|kortfattad|ny|läsa|dammi|"
    r"breve|nuovo|leggere|donne[zr]?|court|nouveau|lire|dame|corto|nuevo|leer|dê|curto|novo|ler|geef|nieuw|lezen|"
    # "Ich bin neu hier. Worum geht es in dieser Serie überhaupt?": who asks and "this", not a topic
    r"bin|hier|här|qui|ici|aquí|aqui|this|these|dieser|diese|dieses|denna|detta|dessa|questa|queste|cette|ces|"
    r"esta|estas|deze|dit|actually|überhaupt|eigentlich|egentligen|davvero|"
    # a length asked for: "in drei Sätzen", "in a few sentences", "i tre meningar"
    r"few|paar|några|poche|quelques|pocas|poucas|enkele|two|three|five|zwei|drei|fünf|två|tre|fem|due|cinque|deux|"
    r"trois|cinq|dos|tres|cinco|duas|três|twee|drie|vijf|sentences?|sätzen|satz|meningar|mening|frasi|phrases?|"
    r"frases?|zinnen|words|wörtern|ord|parole|mots|palabras|palavras|woorden|"
    # asking politely: "Kannst du die AJO-Reihe kurz zusammenfassen?", "please"
    r"kannst|könntest|puoi|potresti|peux|pourrais|puedes|podrías|podes|poderia|kun|kunt|please|bitte|snälla|"
    r"favore|plaît|favor|alsjeblieft)\b",
    re.IGNORECASE,
)


def asks_about_the_series(message: str) -> bool:
    """What a series is about, or where to start it: nothing but a word for the series (or its sessions),
    one for its topics or its order, and fillers. "What is the first session about?" names one session."""
    if mentioned_session(message) is not None:
        return False
    order = SERIES_ORDER.search(message)
    if not (MANY_SESSIONS.search(message) or (order and SESSION_WORDS.search(message))):
        return False
    if not (order or ABOUT_WORDS.search(message)):
        return False
    return says_nothing_else(
        message, SESSION_WORDS, MANY_SESSIONS, ABOUT_WORDS, SERIES_ORDER, WHICH_WORDS, CATALOG_FILLER, SERIES_FILLER,
        RECORDING_WORDS,
    )  # fmt: skip


# "Which session should I watch first?", "Womit soll ich anfangen?", "Var ska jag börja?": where to start
# (not "how do we start with CJA?", which asks how to get going and is answered from a page)
START_WORDS = re.compile(  # with their inflections: "var börjar jag?", "womit fange ich an?", "womit beginne ich?"
    r"\b(?:first|start\w*|begin\w*|zuerst|anfang\w*|fange|fangen|fängt|först|börja\w*|prima|inizi\w*|"
    r"comincia\w*|cominci\w*|d'abord|commenc\w*|primero|empez\w*|empiezo|comenz\w*|comienzo|primeiro|começ\w*|"
    r"eerst)\b",
    re.IGNORECASE,
)
PLACE_WORDS = re.compile(
    r"\b(?:where|from|womit|wo|var|varifrån|dove|da|où|par|dónde|donde|por|onde|waar|welke?|"
    r"should|soll|sollte|sollten|sollen|muss|müssen|ska|bör|måste|devo|dovrei|dois|devrais|debo|debería|deveria|moet)\b",  # and must
    re.IGNORECASE,
)
HOW_WORDS = re.compile(r"\b(?:how|wie|hur|come|comment|c[oó]mo|hoe)\b", re.IGNORECASE)


def asks_where_to_start(message: str) -> bool:
    """Which session to begin with: a word for starting, and nothing else but sessions, places, fillers and
    products ("I'm new to AJO, where do I start?": the first session of AJO's series)."""
    if mentioned_session(message) is not None or not START_WORDS.search(message) or HOW_WORDS.search(message):
        return False
    return says_nothing_else(
        message, START_WORDS, PLACE_WORDS, SESSION_WORDS, MANY_SESSIONS, SERIES_ORDER, WHICH_WORDS, CATALOG_FILLER,
        SERIES_FILLER, RECORDING_WORDS,
    )  # fmt: skip


def names_only_products(message: str) -> bool:
    """ "AJO", "Content Supply Chain?": a product's name and nothing else, a first message asking what there is
    on it (the product's series with each session's summary; one section of one page was quoted)."""
    return bool(mentioned_products(message)) and says_nothing_else(message)


def says_nothing_else(message: str, *patterns: re.Pattern[str]) -> bool:
    """Whether the message has no topic word beyond the products and what the patterns match."""
    rest = strip_products(message)
    for pattern in patterns:
        rest = pattern.sub(" ", rest)
    # an acronym of two letters is a topic too: "Which sessions cover AI?" asks for no catalog
    acronyms = re.findall(r"\b[A-Z]{2}\b", rest)
    return not acronyms and not [word for word in re.findall(r"[^\W\d_]{3,}", rest.lower()) if word not in STOPWORDS]


# "In welchen Sprachen gibt es die Session?": the languages the session's page exists in.
LANGUAGE_NOUNS = (
    r"languages?|translat\w*|språk(?:en)?|översatt\w*|sprachen?|übersetz\w*|lingu[ae]|tradott\w*|"
    r"traduzion\w*|langues?|tradu\w*|idiomas?|lenguas?|línguas?|talen|vertaal\w*"
)
LANGUAGE_WORDS = re.compile(rf"\b(?:{LANGUAGE_NOUNS})\b|言語|언어|语言|語言", re.IGNORECASE)
# ... with the interrogative that asks for them ("in quali lingue", "vilka språk"): no content question.
LANGUAGE_ASKED = re.compile(rf"\b(?:(?:in|på|auf|en|em)\s+)?(?:\w+\s+)?(?:{LANGUAGE_NOUNS})\b", re.IGNORECASE)


# "Finns sessionen på japanska?", "Gibt es sie auf Englisch?": a language named after its preposition.
IN_A_LANGUAGE = re.compile(
    r"\b(?:in|på|auf|en|em|in het)\s+(?:"
    + "|".join(sorted({re.escape(n) for names in LANGUAGE_NAMES.values() for n in names.values() if n.isalpha()}))
    + r")\b",
    re.IGNORECASE,
)


# "Kannst du das auf Deutsch sagen?", "In English, please": the previous answer again, in that language.
# What may stand around the language's name in such a request, in each language.
RESTATE_WORDS = re.compile(
    r"\b(?:please|can|could|you|say|answer|reply|repeat|write|translate|that|this|again|give|show|"
    r"bitte|kannst|können|könntest|sagen|antworten|antwort|wiederholen|schreiben|übersetzen|noch|einmal|nochmal|"
    r"geben|gib|zeigen|mir|uns|"
    r"tack|snälla|kan|säga|svara|svaret|skriva|översätta|igen|ge|visa|mig|oss|"
    r"grazie|favore|puoi|può|potresti|dirlo|dire|rispondere|risposta|ripetere|scrivere|tradurre|nuovo|dammi|"
    r"darmi|dare|"
    r"merci|plaît|svp|peux|pouvez|pourrais|répondre|réponse|répéter|écrire|traduire|donner|donne|donnez|"
    r"gracias|favor|puedes|puede|podrías|decirlo|decir|responder|respuesta|repetir|escribir|traducir|dame|darme|"
    r"obrigad[oa]|pode|podes|poderia|dizer|isso|resposta|dar|"
    r"alsjeblieft|graag|kun|kunt|dat|dit|zeggen|antwoorden|antwoord|herhalen|schrijven|vertalen|opnieuw|geven|"
    r"geef|mij|moi)\b",
    re.IGNORECASE,
)
LANGUAGE_BY_NAME = {name.lower(): code for names in LANGUAGE_NAMES.values() for code, name in names.items()}
# Japanese, Korean and Chinese ask it without spaces: "日本語でお願いします", "한국어로 답해 주세요", "用中文回答"
CJK_RESTATE = {
    "ja": re.compile(r"^\W*日本語で(?:お願いします|答えて(?:ください)?|教えて(?:ください)?|言って(?:ください)?)?\W*$"),
    "ko": re.compile(r"^\W*한국어로(?:\s*(?:답해|말해|알려)\s*(?:주세요|줘))?\W*$"),
    "zh": re.compile(r"^\W*(?:请)?(?:用|说)?中文(?:回答|说|說)?(?:吧)?\W*$"),
}


def asked_in_language(message: str) -> str | None:
    """The language a message asks the previous answer in, when it asks nothing else ("Auf Deutsch,
    bitte"); not "Gibt es sie auf Englisch?", which asks the session's languages."""
    for code, pattern in CJK_RESTATE.items():
        if pattern.match(message):
            return code
    found = IN_A_LANGUAGE.search(message)
    if not found or asks_which_languages(message) or not says_nothing_else(message, IN_A_LANGUAGE, RESTATE_WORDS):
        return None
    return LANGUAGE_BY_NAME.get(found.group().split()[-1].lower())


# "the third", "den sista": a session's place in its series, after a list of them
ORDINAL_WORDS = re.compile(rf"\b(?:{'|'.join(ORDINALS.values())})\b", re.IGNORECASE)


def asks_which_languages(message: str) -> bool:
    """The session's languages: asked of a session named, or with nothing else asked ("Welche Sprachen?")."""
    if not (LANGUAGE_WORDS.search(message) or IN_A_LANGUAGE.search(message)):
        return False
    rest = (LANGUAGE_WORDS, IN_A_LANGUAGE, WHICH_WORDS, CATALOG_FILLER, ORDINAL_WORDS)  # "Finns den sista på…?"
    return names_the_session(message) or says_nothing_else(message, *rest)


def asks_who_it_is_for(message: str) -> bool:
    return bool(AUDIENCE_WORDS.search(message) and names_the_session(message))


# "Quanto dura?", "How long is it?", "Wie lange dauert die dritte?": nothing but the duration asked of what
# is being talked about (a session, or one by its place in a series just listed); "Wie lange dauert die
# Inkubationsphase?" names something else.
BARE_DURATION_REST = re.compile(
    r"^[\W_]*(?:(?:and|und|och|e|et|y|en|is|does|it|that|take|last|the|one|dauert|geht|sie|es|das|die|der|är|den|det|"
    r"varar|dura|dure|t|"
    r"elle|ça|duurt|het|de|lei|esso|essa|il|el|ella|la|a|o|ela|ele|" + "|".join(ORDINALS.values()) + r")[\W_]*)*$",
    re.IGNORECASE,
)


def asks_how_long(message: str) -> bool:
    """How long the session is: a duration question naming the session, or naming nothing else."""
    if not DURATION_WORDS.search(message):
        return False
    return names_the_session(message) or bool(BARE_DURATION_REST.match(DURATION_WORDS.sub(" ", message)))


def wants_the_summary(message: str) -> bool:
    """What the session covers, who it is for, how long it is, which languages it is in: its own summary
    says what it is about."""
    return (
        asks_what_a_session_covers(message)
        or asks_who_it_is_for(message)
        or asks_how_long(message)
        or asks_which_languages(message)
    )


def asks_about_the_session_itself(message: str) -> bool:
    """Its recording, audience, length, languages or summary: in a conversation, the session talked about."""
    return bool(RECORDING_WORDS.search(message)) or wants_the_summary(message)


# A content question's interrogatives ("What do they say in the video about governance?"); not those that
# ask the session's own facts ("how long", "who … for", "which languages": LANGUAGE_ASKED).
CONTENT_QUESTION = re.compile(
    r"\b(?:what|which|why|how(?! long)|vad|vilk\w+|varför|hur(?! läng| lång)|was|welche\w*|warum|wie(?! lange?)|"
    r"worum|cosa|qual\w*|perché|come|quel\w*|pourquoi|comment|que|qué|cu[aá]l\w*|c[oó]mo|porque|quais|wat|"
    r"welke|waarom|hoe(?! lang))\b",
    re.IGNORECASE,
)


# "Quelle est la durée de la session… ?", "What is the duration of…?": a duration asked with a question word
DURATION_ASKED = re.compile(
    r"\b(?:what|vad|vilken|welche|was|quale|qual|quelle?|cu[aá]l|wat)\s+(?:is|är|ist|è|est|es|é)\s+"
    r"(?:(?:the|den|die|la|a|de|het)\s+)?(?:length|duration|längd\w*|dauer|durata|durée|duración|duração|duur)\b",
    re.IGNORECASE,
)


def asks_only_of_the_session(message: str) -> bool:
    """A question for the session's own facts and nothing else ("Is there a recording of the CJA operating
    model session?", "How long is it?"): the facts answer it, not a quote of its content."""
    if not (RECORDING_WORDS.search(message) or asks_how_long(message) or asks_who_it_is_for(message)
            or asks_which_languages(message)):  # fmt: skip
        return False
    asked = DURATION_ASKED.sub(" ", LANGUAGE_ASKED.sub(" ", message))
    return not CONTENT_QUESTION.search(IN_A_LANGUAGE.sub(" ", asked))


# "How much does a CJA licence cost?": cosine cannot tell it from a question about business cases (they
# share "cost"), but no page names a price. Answered "not covered" unless a page uses a PRICE_NOUNS word.
PRICE_QUESTION = re.compile(
    r"\bhow much\b[^?]*\bcosts?\b|\bwhat does\b[^?]*\bcost\b|\bpric(?:e|es|ing)\b|\blicen[cs](?:e|es|ing)\b|"
    r"\bwie ?viel\b[^?]*\bkoste[nt]?\b|\bwas\b[^?]*\bkoste[nt]\b|\bpreis(?:e|en)?\b|\blizenz(?:en)?\b|"
    r"\bhur mycket\b[^?]*\bkosta[r]?\b|\bvad\b[^?]*\bkostar\b|\bpris(?:et|er|erna)?\b|\blicens(?:en|er|erna)?\b|"
    r"\bquanto\b[^?]*\bcost(?:a|ano)\b|\bprezz[oi]\b|\blicenz[ae]\b|"
    r"\bcombien\b[^?]*\bco[uû]te(?:nt)?\b|\bprix\b|\btarifs?\b|"
    r"\bcu[aá]nto\b[^?]*\bcuesta[n]?\b|\bprecios?\b|\blicencias?\b|"
    r"\bquanto\b[^?]*\bcusta[m]?\b|\bpreços?\b|\blicenças?\b|"
    r"\bhoeveel\b[^?]*\bkost(?:en)?\b|\bwat\b[^?]*\bkost(?:en)?\b|\bprijz?(?:en|s)\b|\blicenties?\b|"
    r"価格|料金|ライセンス|가격|비용|라이선스|价格|價格|费用|費用|许可证|授權",
    re.IGNORECASE,
)
PRICE_NOUNS = frozenset(
    "price prices pricing licence licences license licenses licensing preis preise lizenz lizenzen pris priser "
    "licens licenser prezzo prezzi licenza licenze prix tarif tarifs precio precios licencia licencias preço "
    "preços licença licenças prijs prijzen licentie licenties".split()
)


# "Vad tjänar en AJO-utvecklare i Sverige?": the pages name roles, never what they are paid.
SALARY_QUESTION = re.compile(
    r"\bsalar(?:y|ies)\b|\b(?:what|how much) does\b[^?]*\bearn\b|\bgeh[aä]lt(?:er)?\b|\b(?:was|wie ?viel) verdien(?:t|en) (?:ein|eine|man)\b|"
    r"\blön(?:en|er|erna)?\b|\b(?:vad|hur mycket) tjänar (?:en|ett|man)\b|\bstipendi[oa]?\b|\bquanto guadagna(?:no)?\b|"
    r"\bsalaires?\b|\bcombien gagne(?:nt)?\b|\bsueldos?\b|\bsalarios?\b|\bcu[aá]nto gana(?:n)?\b|\bsal[aá]rios?\b|"
    r"\bquanto ganha(?:m)?\b|\bsalaris(?:sen)?\b|\b(?:wat|hoeveel) verdien(?:t|en) (?:een|je|men)\b|給料|年収|給与|연봉|급여|薪水|薪资|工资|薪資",
    re.IGNORECASE,
)
SALARY_NOUNS = frozenset(
    "salary salaries gehalt gehälter lön löner lönen stipendio stipendi salaire salaires sueldo sueldos salario "
    "salarios salário salários salaris salarissen".split()
)
# "Wer hält die Sessions?", "Gibt es Folien zum Download?": the pages say what a session covers, not who
# presents it, and offer its recording, not its slides. A verb counts only with a session word ("Wer hält
# den Kontakt zu den Stakeholdern?" is a question for the pages).
SPEAKER_QUESTION = re.compile(
    r"\b(?:speakers?|presenters?|talare|föreläsar\w*|presentatör\w*|referent\w*|sprecher\w*|vortragende\w*|"
    r"relator[ei]|relatric[ei]|oratore|intervenant\w*|conférencier\w*|orateurs?|ponentes?|orador(?:es)?|"
    r"presentador(?:es)?|palestrantes?|apresentador(?:es)?|sprekers?|presentator(?:en)?)\b|"
    rf"\b(?:who|vem|wer|chi|qui|quién|quem)\b[^?]{{0,30}}\b(?:present\w*|host\w*|gives?|gave|runs?|held|holds?|"
    rf"håller|höll|leder|hält|hielt|präsentiert|moderiert|presenta\w*|tiene|conduce|présente\w*|anime|imparte|"
    rf"apresenta\w*|ministra|geeft|gaf)\b[^?]*(?:{SESSION_WORDS.pattern}|{SERIES_WORDS.pattern})|講演者|登壇者|スピーカー|발표자|연사|演讲者|主讲人|讲者",
    re.IGNORECASE,
)
SPEAKER_NOUNS = frozenset(
    "speaker speakers presenter presenters talare föreläsare referent referenten referentin sprecher vortragende "
    "relatore relatori oratore intervenant intervenants conférencier orateur ponente ponentes orador presentador "
    "palestrante apresentador spreker sprekers presentator".split()
)
SLIDES_QUESTION = re.compile(
    r"\b(?:slides?|slide ?decks?|handouts?|downloads?|downloaden|powerpoint|pdf|presentationsbilder|"
    r"ladda (?:ner|hem)|nedladdning\w*|folien\w*|foliensatz|herunterladen|unterlagen|diapositiv[ea]s?|"
    r"scaricar\w*|dispense|télécharger|téléchargement|descargar|baixar|dia's)\b|スライド|ダウンロード|슬라이드|다운로드|幻灯片|下载|下載",
    re.IGNORECASE,
)
SLIDES_NOUNS = frozenset(
    "slide slides deck handout handouts download downloads powerpoint pdf folien foliensatz unterlagen herunterladen "
    "diapositive diapositiva diapositivas scaricare télécharger descargar baixar".split()
)
# "Quels sont les horaires du support Adobe ?", "Welche Zertifizierungen gibt es?", "Welche Browser unterstützt
# AJO?": product support, certifications and system requirements are the product documentation's, not the
# webinars'. "Support" alone is the pages' own word (a sponsor's support): only support as a service counts.
SUPPORT_QUESTION = re.compile(
    r"\bsupport (?:hours|tickets?|team|contact|sla)\b|\b(?:customer|technical|adobe) support\b|\bsla\b|\bhelp ?desk\b|"
    r"\bcertif(?:ication|ications|ied|icate|icates)\b|\bbrowsers?\b|\bsystem requirements\b|"
    r"\bsupport(?:zeiten|-zeiten|hotline|ticket\w*)\b|\bkundendienst\w*|\bhotline\b|\bzertifi\w+|\bsystemanforderung\w*|"
    r"\bsupport(?:tider|ärende\w*)\b|\bkundtjänst\w*|\bcertifier\w+|\bcertifikat\w*|\bwebbläsar\w*|\bsystemkrav\w*|"
    r"\borari (?:del|di) supporto\b|\bassistenza (?:clienti|tecnica)\b|\bcertificazion[ei]\b|\brequisiti di sistema\b|"
    r"\bhoraires du support\b|\bsupport (?:client|technique)\b|\bservice client\b|\bnavigateurs?\b|\bconfiguration requise\b|"
    r"\bsoporte (?:técnico|de adobe)\b|\batención al cliente\b|\bcertificaci(?:ón|ones)\b|\bnavegador(?:es)?\b|\brequisitos del sistema\b|"
    r"\bsuporte (?:técnico|da adobe)\b|\bcertifica(?:ção|ções)\b|\brequisitos de sistema\b|"
    r"\bklantenservice\b|\bcertificering(?:en)?\b|\bcertificaat\b|\bsysteemvereisten\b|"
    r"ブラウザ|認定資格|サポート窓口|브라우저|자격증|고객 지원|浏览器|瀏覽器|认证考试|技术支持|技術支援|"
    # whom to contact at Adobe: "Which Adobe consultant should we contact?", "Wen kontaktiere ich bei Adobe?"
    r"\b(?:contact|kontaktier\w*|kontakta|contatt\w*|contacter|contactar|contatar)\b[^?]{0,40}\badobe\b(?!\s+(?-i:[A-Z]))|"  # Adobe itself, not "Adobe Journey…"
    r"\badobe\W*(?:consultants?|berater\w*|konsult\w*|consulent\w*|consultor\w*|account manager\w*|csm)\b|"
    r"\bansprechpartner\w*\b[^?]{0,30}\badobe\b",
    re.IGNORECASE,
)
SUPPORT_NOUNS = frozenset(
    "sla helpdesk hotline kundendienst kundtjänst certification certifications certified certificate zertifizierung "
    "zertifizierungen zertifikat certifiering certifikat certificazione certificazioni certificación certificaciones "
    "certificação certificering certificaat browser browsers webbläsare navigateur navigateurs navegador navegadores "
    "systemanforderungen systemkrav supportzeiten klantenservice consultant consultants berater ansprechpartner "
    "konsult konsulter consulente consulenti consultor consultores".split()
)
# "Wie konfiguriere ich eine Datenansicht in CJA?", "Vilken version av AJO är senast?": configuring, installing,
# versions and limits of the products are their documentation's, not the webinars'. Not "step by step": "What do
# employees go through, step by step, when we introduce CJA?" asks for the change stages.
HOWTO_QUESTION = re.compile(
    r"\bconfigur\w*|\bkonfigur\w*|"
    r"\binstall\w*|\binstallier\w*|\binstaller\w*|\binstal[ae]\w*|\btutorial\w*|\btutoriel\w*|"
    r"\b(?:latest|newest|current) version\b|\bversion of\b|\bneueste version\b|\bsenaste version\w*|\bversion(?:en)? av\b|"
    r"\bultima versione\b|\bdernière version\b|\búltima versi[oó]n\b|\búltima versão\b|\bnieuwste versie\b|"
    r"\brelease notes\b|設定方法|インストール|설정 방법|설치|配置方法|安装|安裝|"
    # using a product's software: "How do I reset my password in AJO?", "exportera en rapport", "Push für iOS"
    r"\bpasswords?\b|\bpasswort\w*|\bkennwort\w*|\blösenord\w*|\bmot de passe\b|\bcontraseñas?\b|\bsenhas?\b|"
    r"\bwachtwoord\w*|パスワード|비밀번호|密码|密碼|\bsign ?in\b|\blog ?in\b|\blogga in\b|\beinlogg\w*|"
    r"\bexport\w*|\besport(?:are|a|o|azione|azioni)\b|エクスポート|내보내기|导出|匯出|"
    r"\bpush[\s-]*(?:notifications?|benachrichtigung\w*|meddelande\w*|notis\w*|notifiche|notifica\w*|meldingen?)\b|"
    r"\b(?:notifiche|notifications|notificaciones|notificações) push\b|"
    # (not "neue Funktionen", "nya funktioner": a team's functions too)
    r"\bnew features\b|\bwhat'?s new\b|\bnovità\b|\bnouveautés?\b|\bnovedades\b|\bnovidades\b|"
    # a product's limits: "Wie viele Profile darf ich in AEP speichern?", "Hur många användare kan logga in?"
    r"\b(?:how many|wie viele|hur många|quant[ie]|combien d['e]|cu[aá]nt[oa]s|quant[oa]s|hoeveel)\s*"
    r"(?:\w+\s+){0,2}?(?:users?|profiles?|profile|nutzer|benutzer|användare|profiler|utenti|profili|"
    r"utilisateurs|profils|usuarios|perfiles|usuários|perfis|gebruikers|profielen|sandbox\w*|logins?)\b"
    r"[^?]{0,20}\b(?:can|may|darf|dürfen|kann|können|kan|får|possono|posso|può|peut|peuvent|puede|pueden|"
    r"pode|podem|mag|kunnen)\b",
    re.IGNORECASE,
)
HOWTO_NOUNS = frozenset(
    "configure configuration configuring konfiguration konfigurieren konfigurera konfigurering configurare "
    "configurazione configurer configurar configuração configureren install installation installieren "
    "installera tutorial tutoriel sandbox sandboxes quota quotas password passwort lösenord login export exportieren "
    "exportera push novità nouveautés novedades novidades".split()
)
# What a message asks done with the content, not what it is about ("Kan du sammanfatta session 4 om AJO?"):
# no topic a page could lack.
REQUEST_VERBS = frozenset(
    "summarize summarise explain describe sammanfatta sammanfattar förklara förklarar beskriva beskriv "
    "zusammenfassen zusammenfasse erklären erkläre beschreiben beschreibe riassumere riassumi riassumimi "
    "spiegare spiega spiegami descrivere descrivi résumer résume résumez expliquer explique expliquez décrire "
    "décris décrivez resumir resume resúmeme explicar explica explícame describir describe descrever resuma "
    "explique samenvatten uitleggen beschrijven".split()
)
# "When is the next webinar?", "Wann ist die nächste Session?": the pages are recordings, with no dates to come.
SCHEDULE_QUESTION = re.compile(
    r"\b(?:next|upcoming|nächste\w*|kommende\w*|nästa|kommande|prossim\w*|prochaine?s?|próxim\w*|volgende)\s+"
    r"(?:session|sessions|webinars?|sitzung\w*|sessionen|webbinari\w*|sessione|sessioni|séances?|webinaires?|"
    r"sesi[oó]n\w*|sessão|sessões|sessie\w*|webinare?)\b",
    re.IGNORECASE,
)
# (a page listing sessions to come would give dates: "upcoming" and "kommande" are the pages' ordinary words)
SCHEDULE_NOUNS = frozenset("schedule schedules calendar kalender calendario calendrier cronograma".split())
# "How long does it take to roll out CJA?", "Quanto tempo ci vuole per vedere risultati?": no page gives a
# timeline (a session's own length is DURATION_WORDS', asked of the session)
TIMELINE_QUESTION = re.compile(
    r"\bhow long (?:does|do|will|would|should|did)\b[^?]*\btake\b|\bhow (?:many|much) (?:months|weeks|time)\b|"
    r"\btime ?(?:lines?|frames?)\b|\bwie lange (?:dauert|braucht|brauchen)\b|\bwie viel zeit\b|\bzeit(?:plan|rahmen)\b|"
    r"\bhur lång tid\b|\bhur länge tar\b|\btidsplan\w*|\bquanto tempo (?:ci vuole|serve|richiede|occorre)\b|"
    r"\btempistic\w*|\bcombien de temps (?:faut|prend|dure)\w*|\bcu[aá]nto tiempo (?:se tarda|lleva|toma|tarda)\b|"
    r"\bquanto tempo (?:leva|demora)\b|\bhoe lang duurt\b|\bhoeveel tijd\b",
    re.IGNORECASE,
)
TIMELINE_NOUNS = frozenset(
    "months weeks monate wochen månader veckor mesi settimane mois semaines meses semanas maanden weken timeline "
    "timelines zeitplan tidsplan tempistica cronograma".split()
)
# Topics no page speaks of, which cosine cannot tell from those the pages answer: each reply (a phrase key),
# the question that asks it, and the words a page would use if one did.
NEVER_COVERED: dict[str, tuple[re.Pattern[str], frozenset[str]]] = {
    "no_prices": (PRICE_QUESTION, PRICE_NOUNS),
    "no_salaries": (SALARY_QUESTION, SALARY_NOUNS),
    "no_speakers": (SPEAKER_QUESTION, SPEAKER_NOUNS),
    "no_slides": (SLIDES_QUESTION, SLIDES_NOUNS),
    "no_support": (SUPPORT_QUESTION, SUPPORT_NOUNS),
    "no_howto": (HOWTO_QUESTION, HOWTO_NOUNS),
    "no_schedule": (SCHEDULE_QUESTION, SCHEDULE_NOUNS),
    "no_timelines": (TIMELINE_QUESTION, TIMELINE_NOUNS),
}


def uncovered_topic(message: str) -> tuple[str, frozenset[str]] | None:
    """The reply for a question about prices, salaries, speakers, slides, product support, configuring the
    products, sessions to come or timelines, with the words that would cover it on a page."""
    if asks_how_long(message):  # "How long does the session take?": its recording's length
        return None
    return next(((reply, nouns) for reply, (asked, nouns) in NEVER_COVERED.items() if asked.search(message)), None)


AND = {"sv": " och ", "de": " und ", "it": " e ", "en": " and ", "fr": " et ", "es": " y ", "pt": " e ", "nl": " en ",
       "ja": "、", "ko": ", ", "zh": "、"}  # fmt: skip


# The front matter's `role` and `level` values (English on every page), in the asker's language.
AUDIENCE_NAMES: dict[str, dict[str, str]] = {
    "sv": {"Admin": "administratörer", "Developer": "utvecklare", "User": "användare", "Leader": "ledare",
           "Beginner": "nybörjare", "Intermediate": "medelnivå", "Experienced": "erfarna"},
    "de": {"Admin": "Administratoren", "Developer": "Entwickler", "User": "Anwender", "Leader": "Führungskräfte",
           "Beginner": "Einsteiger", "Intermediate": "Fortgeschrittene", "Experienced": "Erfahrene"},
    "it": {"Admin": "amministratori", "Developer": "sviluppatori", "User": "utenti", "Leader": "responsabili",
           "Beginner": "principiante", "Intermediate": "intermedio", "Experienced": "esperto"},
    "fr": {"Admin": "administrateurs", "Developer": "développeurs", "User": "utilisateurs", "Leader": "responsables",
           "Beginner": "débutant", "Intermediate": "intermédiaire", "Experienced": "expérimenté"},
    "es": {"Admin": "administradores", "Developer": "desarrolladores", "User": "usuarios", "Leader": "líderes",
           "Beginner": "principiante", "Intermediate": "intermedio", "Experienced": "experimentado"},
    "pt": {"Admin": "administradores", "Developer": "desenvolvedores", "User": "usuários", "Leader": "líderes",
           "Beginner": "iniciante", "Intermediate": "intermediário", "Experienced": "experiente"},
    "nl": {"Admin": "beheerders", "Developer": "ontwikkelaars", "User": "gebruikers", "Leader": "leidinggevenden",
           "Beginner": "beginner", "Intermediate": "gemiddeld", "Experienced": "ervaren"},
    "ja": {"Admin": "管理者", "Developer": "開発者", "User": "ユーザー", "Leader": "リーダー",
           "Beginner": "初級", "Intermediate": "中級", "Experienced": "上級"},
    "ko": {"Admin": "관리자", "Developer": "개발자", "User": "사용자", "Leader": "리더",
           "Beginner": "초급", "Intermediate": "중급", "Experienced": "고급"},
    "zh": {"Admin": "管理员", "Developer": "开发人员", "User": "用户", "Leader": "领导者",
           "Beginner": "初级", "Intermediate": "中级", "Experienced": "高级"},
}  # fmt: skip


def audience_list(values: str, in_language: str) -> str:
    """'Admin, Leader, User' -> 'amministratori, responsabili e utenti'; a value we have no name for as given."""
    names = AUDIENCE_NAMES.get(known_language(in_language), {})
    return joined([names.get(v.strip(), v.strip()) for v in values.split(",") if v.strip()], in_language)


def language_list(languages: list[str], in_language: str) -> str:
    """'English, Swedish and German', in the asker's language."""
    return joined([language_name(code, in_language) for code in languages], in_language)


def joined(names: list[str], in_language: str) -> str:
    """'a, b and c' in the asker's language."""
    joiner = AND[known_language(in_language)]
    if joiner == "、" or len(names) < 2:
        return joiner.join(names)
    return f"{', '.join(names[:-1])}{joiner}{names[-1]}"


# The bracketed mention of the section in a phrase: "(section *{section}*)", "（*{section}*）"…
SECTION_MENTION = re.compile(r" ?[(（][^()（）]*\{section\}[^()（）]*[)）]")


def phrase(key: str, in_language: str, /, **values: str | None) -> str:
    """The phrase with its values; with `section=None` the phrase does not mention the section (the
    page's overview, under the session's own title, would only repeat the title)."""
    template = PHRASES[key][known_language(in_language)]
    if "section" in values and values["section"] is None:
        template = SECTION_MENTION.sub("", template)
    return template.format(**values)


# Messages that ask nothing of the pages: a greeting, thanks, "what can you do?". Each language's words,
# so that a short "Ciao!" is answered in Italian whatever lingua guesses for two words.
SMALL_TALK: dict[str, dict[str, str]] = {
    "greeting": {  # with a word on who is asking: "Hej! Jag är ny här, vad kan du hjälpa mig med?"
        "sv": r"hej|hejsan|hallå|tjena|god (?:morgon|dag|kväll)|hur mår du|jag är ny(?: här)?",
        "de": r"hallo|guten (?:morgen|tag|abend)|servus|moin|wie geht(?:'s| es)(?: (?:dir|ihnen))?|ich bin neu(?: hier)?",
        "it": r"ciao|salve|buongiorno|buonasera|come stai|come va|sono nuov[oa](?: qui)?",
        "en": r"(?:hi|hello|hey)(?: there| all| everyone)?|good (?:morning|afternoon|evening)|how are you|i'?m new(?: here)?|i am new(?: here)?",
        "fr": r"bonjour|salut|bonsoir|ça va|comment (?:ça va|allez-vous)|je suis (?:nouveau|nouvelle)(?: ici)?",
        "es": r"hola|buen(?:os días|as tardes|as noches)|qué tal|cómo estás|soy nuev[oa](?: aquí)?",
        "pt": r"olá|oi|bom dia|boa (?:tarde|noite)|tudo bem|como vai|sou nov[oa](?: aqui)?",
        "nl": r"hoi|goedemorgen|goedemiddag|goedenavond|hoe gaat het|ik ben nieuw(?: hier)?",
        "ja": r"こんにちは|こんばんは|おはよう(?:ございます)?",
        "ko": r"안녕하세요|안녕",
        "zh": r"你好|您好",
    },
    "thanks": {  # with what is said of the answer: "Danke, das hilft!", "Grazie mille, molto utile!"
        "sv": r"tack(?: så mycket| ska du ha)?|det (?:var|är) (?:till )?(?:stor )?hjälp|det hjälper|hjälpsamt",
        "de": r"danke(?: schön| sehr)?|vielen dank|das hilft(?: mir)?(?: sehr| weiter)?|(?:das (?:war|ist) )?(?:sehr )?hilfreich",
        "it": r"grazie(?: mille)?|(?:molto )?utile|mi (?:è stato|sei stato) (?:molto )?utile",
        "en": r"thanks(?: a lot)?|thank you(?: very much)?|that helps(?: a lot)?|(?:that was |that's )?(?:very )?helpful",
        "fr": r"merci(?: beaucoup)?|(?:c'est )?(?:très )?utile|ça m'aide",
        "es": r"gracias|(?:muy )?útil|me ayuda", "pt": r"obrigad[oa]|(?:muito )?útil|ajudou",
        "nl": r"bedankt|dank je(?: wel)?|dank u|(?:heel )?nuttig|dat helpt",
        "ja": r"ありがとう(?:ございます)?", "ko": r"감사합니다|고마워요", "zh": r"谢谢",
    },
    "farewell": {
        "sv": r"hej då|hejdå|vi ses", "de": r"tschüss|auf wiedersehen|bis bald", "it": r"arrivederci|a presto",
        "en": r"bye|goodbye|see you", "fr": r"au revoir|à bientôt", "es": r"adiós|hasta luego",
        "pt": r"tchau|até logo", "nl": r"doei|tot ziens", "ja": r"さようなら", "ko": r"안녕히 (?:가세요|계세요)",
        "zh": r"再见",
    },
    "help": {
        "sv": r"vad kan du(?: hjälpa (?:mig )?(?:till )?med| göra| svara på)?|vem är du|hjälp",
        "de": r"was kannst du(?: tun| machen)?|wobei kannst du (?:mir )?helfen|wer bist du|hilfe",
        "it": r"cosa (?:sai|puoi) fare|in cosa puoi aiutarmi|chi sei|aiuto",
        "en": r"what can you do|what do you know|how can you help(?: me)?|who are you|help",
        "fr": r"que (?:peux|sais)-tu faire|qui es-tu|aide",
        "es": r"qué puedes hacer|en qué puedes ayudarme|quién eres|ayuda",
        "pt": r"o que você (?:pode fazer|faz)|quem é você|ajuda",
        "nl": r"wat kun je(?: doen)?|wie ben je",
        "ja": r"何ができますか|あなたは誰", "ko": r"무엇을 할 수 있나요|누구세요", "zh": r"你能做什么|你是谁",
    },
}  # fmt: skip
_SMALL_TALK_WORD = "|".join(f"(?:{w})" for table in SMALL_TALK.values() for w in table.values())
# "ok tack!", "Perfekt, danke!", "ok": an acknowledgement, in no one language, before thanks or alone
ACKNOWLEDGEMENT = r"(?:ok(?:ay|ej|ey)?|perfe(?:kt|ct|tto)|parfait|super|great|toll|prima|fint|ottimo|ótimo|genial)"
SMALL_TALK_MESSAGE = re.compile(
    rf"^[\W_]*(?:{ACKNOWLEDGEMENT}(?![^\W_])[\W_]*)?(?:(?:{_SMALL_TALK_WORD})(?![^\W_])[\W_]*){{1,3}}$", re.IGNORECASE
)
ONLY_ACKNOWLEDGEMENT = re.compile(rf"^[\W_]*{ACKNOWLEDGEMENT}[\W_]*$", re.IGNORECASE)


# A clause before the question, up to its punctuation: "Tack! Och för AJO?", "Hallo, welche Rollen…?"
LEADING_CLAUSE = re.compile(r"^\s*([^!.,;:?]{1,40}[!.,;:]+)\s+(?=\S)")


def without_small_talk(message: str) -> str:
    """The message without the thanks or greeting it starts with ("Tack! Och för AJO?" is "Och för AJO?": it
    was searched as a new question and answered from AJO 4, not as the follow-up it is)."""
    while (lead := LEADING_CLAUSE.match(message)) and small_talk(lead.group(1)):  # "Super, danke! Und …"
        message = message[lead.end() :]
    return message


@lru_cache(maxsize=1024)  # asked twice per message: for its language and for its evidence
def small_talk(message: str) -> tuple[str, str | None] | None:
    """What a message that asks nothing of the pages is ("greeting", "thanks", "farewell" or "help", the last of them
    it says winning: "Hej! Vad kan du hjälpa till med?" asks for help), and the one language its words are
    in, if one; None for any other message."""
    if message.strip() and not re.search(r"[^\W\d_]", message):
        return "help", None  # "???", "👍": nothing asked, so say what can be
    if ONLY_ACKNOWLEDGEMENT.match(message):
        return "thanks", None  # "ok", "perfekt!": taken as thanks, in the conversation's language
    if not SMALL_TALK_MESSAGE.match(message.strip()):
        return None
    found: list[tuple[int, int, str, str]] = []  # where, how long ("hej då" over "hej"), what, which language
    for kind, table in SMALL_TALK.items():
        for language, words in table.items():
            for match in re.finditer(rf"(?<![^\W_])(?:{words})(?![^\W_])", message, re.IGNORECASE):
                found.append((match.start(), len(match.group()), kind, language))
    # a word inside a longer phrase is no phrase of its own: "hjälp" in "det var till hjälp" asks for no help
    found = [f for f in found if not any(o[0] <= f[0] and f[0] + f[1] <= o[0] + o[1] and o[1] > f[1] for o in found)]
    kind = "help" if any(k == "help" for *_, k, _ in found) else max(found)[2]
    # the language most of its phrases are in: "Grazie mille, molto utile!" (Italian; "utile" is French too)
    votes = Counter(language for *_, language in found)
    ranked = votes.most_common(2)
    return kind, (ranked[0][0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else None)
