/// Vocabulary of fields that need specialist knowledge; each distinct term found raises
/// domain knowledge.
enum DomainCues {
    static let groups: [CueGroup] = [
        CueGroup(.domain("medicine"), 1, [
            "patient", "diagnosis", "symptom", "symptoms", "dose", "dosage", "mg", "medication", "clinical",
            "disease", "blood pressure", "vaccine", "mrna", "treatment", "therapy", "doctor", "randomized",
            "患者", "症状", "药", "医生", "诊断", "疾病", "治疗", "医疗", "孕妇",
            "paciente", "médico", "vacuna", "maladie", "médecin", "krankheit", "arzt",
        ]),
        CueGroup(.domain("law"), 1, [
            "contract", "clause", "lease", "tenant", "landlord", "legal", "lawsuit", "court", "statute",
            "liability", "nda", "law", "premises", "consent",
            "合同", "法律", "甲方", "乙方", "条款", "法院", "律师",
            "contrato", "ley", "contrat", "loi", "vertrag", "gesetz",
        ]),
        CueGroup(.domain("finance"), 1, [
            "revenue", "profit", "inflation", "interest rate", "stock", "investment", "budget", "tax", "invoice",
            "margin", "churn", "economy", "pricing", "gross margin", "subscription",
            "营收", "利润", "财务", "股票", "投资", "预算", "准备金", "营业收入", "净利润", "金额",
            "finanzas", "inversión", "impuesto", "finance", "umsatz", "steuer",
        ]),
        CueGroup(.domain("science"), 1, [
            "quantum", "photosynthesis", "mitochondria", "atp", "molecule", "molecules", "physics", "chemistry",
            "biology", "entanglement", "black hole", "theorem", "equation", "integral", "chlorophyll", "glucose",
            "irrational", "nobel",
            "量子", "物理", "化学", "生物", "黑洞", "光合", "定理", "方程",
            "física", "química", "physique", "chimie", "physik", "chemie",
        ]),
        CueGroup(.domain("software"), 1, [
            "api", "database", "server", "kubernetes", "docker", "sql", "postgresql", "deploy", "migration",
            "thread", "algorithm", "cache", "latency", "regex", "websocket", "memory leak", "heap", "rest api",
            "endpoint", "binary search tree", "lru",
            "数据库", "服务器", "算法", "线程", "单例",
            "base de datos", "servidor", "serveur", "datenbank",
        ]),
        // Japanese.
        CueGroup(.domain("medicine"), 1, ["患者", "症状", "診断", "治療"]),
        CueGroup(.domain("law"), 1, ["契約", "法律", "条項", "裁判"]),
        CueGroup(.domain("finance"), 1, ["売上", "利益", "投資", "税金"]),
        CueGroup(.domain("science"), 1, ["量子", "物理", "化学", "定理"]),
        CueGroup(.domain("software"), 1, ["データベース", "サーバー", "アルゴリズム"]),
    ]
}
