/// Words and phrases that point to a task type, in English, Chinese, Spanish, French and German.
///
/// Weights: 3 for verbs that name the task ("summarize", "翻译"), 2 for strong nouns ("poem",
/// "sentiment"), 1 for hints shared with other tasks ("write", "convert").
enum TaskCues {
    static let groups: [CueGroup] = [
        CueGroup(.task(.openQA), 1, [
            "what is", "what are", "why", "how does", "how do", "who", "when did", "where is", "tell me about",
            "is it", "what causes", 
            "为什么", "什么是", "是什么", "怎么", "如何", "多长", "多少",
            "por qué", "qué es", "cómo", "cuál", "pourquoi", "comment", "qu est ce", "quel", "quelle",
            "warum", "wie", "was ist", "wer", "wieso",
        ]),
        CueGroup(.task(.closedQA), 2, [
            "based on the", "according to", "answer based on", "using only", "read the text", "the passage",
            "the text below", "in the text", "look at this", "here s the", "im text", "dans le texte", "en el texto", "文中", "in the story", "the documentation", "given this",
            "paragraph", "context", "question", "answer", 
            "根据", "阅读", "材料", "上文", "问题", "回答", "问",
            "según", "texto", "d après", "le texte", "laut", "abschnitt",
        ]),
        CueGroup(.task(.summarization), 3, [
            "summarize", "summarise", "summary", "summarizing", "tl;dr", "tldr", "recap", "condense", "sum up",
            "boil this down", "boil down", "takeaways", "key points", "main points", "gist", "in a nutshell", "overview", "what did we decide", "main ideas", "highlights", "synopsis", "abstract of", "sum it up", "简单说一下", "简要说明", "简述", "讲了什么", "说了什么", "大意", "主要内容", "核心观点", "en resumen", "resumir", "en bref", "synthèse", "kurz zusammen", "short version", "shorten this abstract", "提炼", "缩写", "kurzfassung",
            "总结", "概括", "摘要", "概述", "归纳", "要点", "压缩",
            "resume este", "resume el", "resume la", "resume en", "resumen", "resumir", "résumé", "résume", "résumer", "zusammen", "zusammenfassen",
            "zusammenfassung",
        ]),
        CueGroup(.task(.summarization), 1, ["in one sentence", "in a few sentences", "一句话"]),
        CueGroup(.task(.textGeneration), 2, [
            "story", "poem", "essay", "lyrics", "song", "limerick", "haiku", "screenplay", "cover letter",
            "blog post", "toast", "speech", "bedtime story", "product description", "opening scene",
            "linkedin post", "copywriter", "description", "thank you note", "note to", "invitation", "announcement", "caption", "opening remarks", "greeting card", "开场白", "致辞", "祝福语", "文案", "geburtstagsgruß", "discours",
            "作文", "诗", "小说", "故事", "绝句", "一封", "文章", "道歉信",
            "cuento", "poema", "carta", "historia", "poème", "histoire", "lettre", "geschichte", "gedicht",
        ]),
        CueGroup(.task(.textGeneration), 1, ["write", "compose", "draft", "create a", "写", "写一篇", "escribe", "écris", "schreibe"]),
        CueGroup(.task(.codeGeneration), 2, [
            "code", "function", "python", "java", "javascript", "typescript", "c++", "c#", "rust", "golang",
            "sql", "regex", "bash", "shell script", "dockerfile", "docker", "react", "component", "api",
            "implement", "algorithm", "refactor", "unit tests", "pytest", "html", "css", "endpoint", "struct",
            "list comprehension", "http server", "fastapi", "sqlalchemy", "node js", "swift", "loop", "script", "class", "data class", "powershell", "mongodb", "pipeline", "vue", "angular", "kubernetes yaml", "show me the code", "c语言", "python脚本", "组件", "skript", "klasse", "méthode", "kotlin", "php", "ruby", "scala", "haskell", "golang", "serializer", "compile", "variable", "array", "linked list", "recursion", "async", "json schema", "unit test", "bug", "stack trace", "正则", "正则表达式", "并发", "接口", "类", "数组", "变量", "递归", "编译", "用go", "bug",
            "代码", "函数", "算法", "编程", "程序", "脚本", "实现", "单例",
            "función", "código", "fonction", "funktion", "programm",
        ]),
        CueGroup(.task(.chatbot), 3, ["hi", "hello", "hey", "hola", "salut", "hallo", "bonjour", "你好", "how are you"]),
        CueGroup(.task(.chatbot), 2, [ "chat", "talk to me", "bored",
            "roleplay", "role play", "pretend", "let s play", "lol", "haha", "哈哈", "thanks",
            "thank you", "feeling", "nervous", "聊天", "陪我", "无聊", "心情", "ça va", "wie geht", "qué tal", "miss me", "virtual friend", "be my friend", "about yourself", "how was your day", "what s up", "sup", "在吗", "说说话", "聊一会儿", "孤独", "难过", "coucou", "tu fais quoi", "wie war dein tag", "cheer me up", "greet me", "you re a", "worst day", "i feel", "lonely", "我今天", "你平时", "你喜欢", "charlar", "plaudern", "wie geht s",
            "good morning", "your name", "buddy", "discuter", "langweilig", "cuéntame", "do you like", "for fun",
            
        ]),
        CueGroup(.task(.chatbot), 1, ["you are a", "你是一个", "user"]),
        CueGroup(.task(.classification), 3, [
            "classify", "classification", "categorize", "categorise", "category", "sentiment", "spam", "toxic",
            "sarcastic", "positive or negative", "fact or an opinion", "which language", "grammatically correct",
            "tag this", "label each", "assign a priority", "or neutral", "rate the", "low medium or high", "clickbait", "into fruits", "归类", "分为", "属于", "还是", "是否为", "哪种类型", "es spam", "est il positif", "ist das", "which category", "belongs to", "positif ou négatif", "positivo o negativo", "属于哪", "哪一类", "哪类", "情绪", "positif", "négatif", "positivo", "negativo", "positiv", "negativ",
            "分类", "情感", "正面", "负面", "类别", "标签", "诈骗", "判断",
            "clasifica", "clasificar", "sentimiento", "classe", "catégorie", "positiv oder negativ", "kategorie",
            "klassifiziere",
        ]),
        CueGroup(.task(.classification), 1, ["is this", "decide if", "determine whether", "还是", "should handle", "one of", "是不是", "ist diese"]),
        CueGroup(.task(.rewrite), 3, [
            "rewrite", "rephrase", "paraphrase", "reword", "translate", "translation", "fix the grammar",
            "proofread", "polish", "simplify", "more professional", "more formal", "more polite", "active voice",
            "passive voice", "sound less", "reformuler", "reformule", "重写", "翻成", "british english", "american english", "less generic", "more concise", "rewrite this as", "rephrase it", "改得更", "改为", "umformulieren", "vereinfache", "sound more", "plain english", "without losing meaning", "改得", "口语化", "改写成", "书面语", "日语", "英语", "英文", "into english", "into french", "into spanish", "into german", "en anglais", "auf englisch", 
            "改写", "翻译", "润色", "改成", "修改", "正式",
            "reescribe", "reescribir", "traduce", "traduis", "corrige", "reformule", "übersetze", "übersetzen",
            "umschreiben", "formuliere",
        ]),
        CueGroup(.task(.rewrite), 1.5, ["grammar", "spelling", "tone", "punchier", "shorter", "friendlier", "more impactful", "put this", "make this", "改", "更", "shorten"]),
        CueGroup(.task(.brainstorming), 3, [
            "ideas", "brainstorm", "come up with", "name ideas", "list possible", "what are some", "ways to",
            "some ways", "suggestions", "throw some", "gift ideas", "taglines", "things to do", "think of", "different ways", "what niches", "could work", "alternatives", "creative ways", "口号", "有哪些有意义", "哪些活动", "出主意", "unternehmen", "quelques idées", "lluvia de ideas", "any ideas", "ideas for", "some ideas", "good names", "names for", "angles", "选题", "想一些", "有什么适合", "什么好玩", "idées de", "quelles seraient",
            "想几个", "点子", "思路", "起名", "有哪些", "建议", "创意",
            "ideas para", "sugerencias", "idées", "ideen", "vorschläge",
        ]),
        CueGroup(.task(.brainstorming), 1.5, ["suggest", "propose", "recommend", "what could", "options", "tips", "适合", "推荐"]),
        CueGroup(.task(.extraction), 3, [
            "extract", "pull out", "list the required", "extract the", "hashtags", "which cities are mentioned", "找出来", "列出所有", "抽取出", "extrae los", "extrais les", "pull the", "list all", "find every", "find all", "parse", "entities",
            "email addresses", "phone numbers", "action items", 
            "names of all", "names of the",
            "提取", "找出", "抽取", "识别",
            "extrae", "extraer", "relève", "extrais", "extrahiere", "extrahieren",
        ]),
        CueGroup(.task(.extraction), 1.5, ["identify", "mentioned", "appear", "listed", "pull every", "out of this", "all the", "every", "列出", "所有的", "提到", "saca", "todas las", "tous les", "toutes les", "alle"]),
        CueGroup(.task(.other), 2, [
            "calculate", "compute", "solve", "sort these", "count the", "prove", "password", "itinerary",
            "schedule", "convert", "comparing", "workout", "packing list", "roll", "dice", "power of", "to the power", "training plan", "行程", "加起来", "整除", "convierte", "umrechnen", "checklist", "make a list", "times", "divided by", "percent of", "方程", "排序", "换算", "等于多少", "wie viel sind", 
            "计算", "证明", "计划", "等于",
            "calcula", "convertis", "berechne", "lernplan", "erstelle",
        ]),
    ]
}
