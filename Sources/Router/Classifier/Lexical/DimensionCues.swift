/// Words and phrases behind the creativity, reasoning, contextual-knowledge and constraints
/// dimensions, in English, Chinese, Spanish, French, German and Japanese.
enum DimensionCues {
    static let groups: [CueGroup] = [
        CueGroup(.creativity, 1, [
            "story", "poem", "imagine", "creative", "fiction", "fantasy", "novel", "lyrics", "song", "poetry",
            "invent", "original", "metaphor", "humor", "funny", "witty", "catchy", "slogan", "tagline",
            "screenplay", "character", "roleplay", "pretend", "unusual", "in the style of", "haven t been done",
            "故事", "诗", "创意", "想象", "小说", "浪漫", "有趣", "幽默",
            "cuento", "poema", "creativo", "histoire", "poème", "créatif", "geschichte", "gedicht", "kreativ",
        ]),
        CueGroup(.reasoning, 1, [
            "why", "explain", "step by step", "reason", "reasoning", "prove", "proof", "derive", "analyze",
            "analyse", "compare", "trade off", "trade offs", "pros and cons", "evaluate", "justify", "calculate",
            "solve", "implications", "causes", "how does", "what if", "logic", "atomically", "complexity",
            "o(1)", "irrational", "determine", "infer",
            "为什么", "分析", "推理", "证明", "解释", "比较", "原因", "步骤", "计算", "推导",
            "por qué", "explica", "analiza", "pourquoi", "explique", "analyser", "warum", "erkläre",
            "analysiere", "berechne",
        ]),
        CueGroup(.contextualKnowledge, 1, [
            "based on", "according to", "following", "below", "above", "the text", "the passage", "the article",
            "the document", "context", "given this", "provided", "attached", "pasted", "here is", "here are",
            "from this", "in this", "this paragraph", "the story", "this text",
            "根据", "以下", "下面", "上文", "材料", "这段", "阅读", "原文", "如下",
            "según", "siguiente", "este texto", "d après", "ci dessous", "suivant", "ce texte", "laut",
            "folgenden", "diesem text",
        ]),
        CueGroup(.constraints, 1, [
            "at most", "no more than", "less than", "fewer than", "or fewer", "under 9", "9 words",
            "9 sentences", "9 lines", "9 bullet", "9 characters", "json",
            "format", "bullet points", "table", "must", "should not", "do not", "don t", "avoid", "only",
            "exactly", "keep it", "limit", "concise", "brief", "one sentence", "yes or no", "one of", "end with",
            "mention", "include", "in the style of", "o(1)",
            "不超过", "必须", "格式", "只", "不要", "以内", "9字", "句话", "至少", "要求", "不得",
            "como máximo", "debe", "solo", "au plus", "doit", "seulement", "höchstens", "muss", "nur",
            "maximal",
        ]),
        // Japanese.
        CueGroup(.creativity, 1, ["物語", "詩", "創作", "想像", "ユーモア"]),
        CueGroup(.reasoning, 1, ["なぜ", "理由", "分析", "証明", "比較", "説明して", "計算", "推論"]),
        CueGroup(.contextualKnowledge, 1, ["以下", "上記", "本文", "資料", "によると"]),
        CueGroup(.constraints, 1, ["以内", "必ず", "形式", "のみ", "文字", "箇条書き"]),
    ]
}
