"""Paired sample resumes: for each industry/level a clearly strong and a clearly weak version.

The weak version keeps the same person and target but writes duties instead of results,
omits numbers and target skills, and has structural problems a recruiter would notice.
"""

from __future__ import annotations

from dataclasses import dataclass

from hireflow.ai.schemas import ExperienceLevel, ReviewSpec
from hireflow.resumes.document import LayoutHazard
from tests.ai.resume_builder import ResumeDraft, Role


@dataclass(frozen=True)
class PairCase:
    name: str
    spec: ReviewSpec
    strong: ResumeDraft
    weak: ResumeDraft


def _case(
    name: str,
    *,
    industry: str,
    role: str,
    level: ExperienceLevel,
    title: str,
    summary: str,
    strong_bullets: tuple[tuple[str, ...], tuple[str, ...]],
    weak_bullets: tuple[tuple[str, ...], tuple[str, ...]],
    skills: list[str],
    weak_skills: list[str],
    years: float,
    language: str = "en",
    weak_summary: str | None = None,
    education: str = "B.A., State University — 2012",
) -> PairCase:
    ja = language == "ja"
    style = "ja" if ja else "iso"
    person = (
        dict(
            name="山田 太郎",
            email="taro.yamada@example.jp",
            phone="090-1234-5678",
            location="東京都",
            links=("linkedin.com/in/taroyamada",),
        )
        if ja
        else {}
    )
    strong = ResumeDraft(
        **person,  # type: ignore[arg-type]
        summary=summary,
        roles=[
            Role(
                title,
                "Northwind" if not ja else "株式会社ノースウィンド",
                "2019-04",
                None,
                strong_bullets[0],
                date_style=style,
            ),
            Role(
                title,
                "Contoso" if not ja else "コントソ株式会社",
                "2014-04",
                "2019-03",
                strong_bullets[1],
                date_style=style,
            ),
        ],
        skills=skills,
        education=[education],
        years_experience=years,
        language="ja" if ja else "en",
    )
    weak = ResumeDraft(
        **{**person, "email": None, "phone": None},  # type: ignore[arg-type]
        summary=weak_summary,
        roles=[
            Role(
                title,
                "Northwind" if not ja else "株式会社ノースウィンド",
                "2019-04",
                None,
                weak_bullets[0],
                date_style="slash" if not ja else "iso",
            ),
            Role(
                title,
                "Contoso" if not ja else "コントソ株式会社",
                "2014-04",
                "2017-03",
                weak_bullets[1],
                date_style=style,
            ),
        ],
        skills=weak_skills,
        education=[],
        years_experience=years,
        hazards=(
            LayoutHazard("table", "skills laid out in a 3-column table", 1),
            LayoutHazard("header_footer_content", "phone number in page header", 1),
        ),
        order=("contact", "education", "skills", "experience", "summary"),
        language="ja" if ja else "en",
    )
    spec = ReviewSpec(target_role=role, target_industry=industry, experience_level=level)
    return PairCase(name, spec, strong, weak)


PAIRS: tuple[PairCase, ...] = (
    _case(
        "technology-senior",
        industry="technology",
        role="Senior Backend Engineer",
        level="senior",
        title="Senior Backend Engineer",
        years=9,
        summary="Senior backend engineer with 9 years building Python and Go services on AWS; "
        "led a team of 6 that cut API latency 45% for 3 million users.",
        strong_bullets=(
            (
                "Led a team of 6 engineers to migrate 40 microservices to Kubernetes, cutting "
                "hosting costs 32%",
                "Architected an event pipeline in Go handling 120k requests per second at 99.99% "
                "uptime",
                "Mentored 4 engineers to promotion and introduced code review standards for 30 "
                "developers",
            ),
            (
                "Built a PostgreSQL reporting service in Python that reduced query time 70%",
                "Automated CI/CD with GitHub Actions and Docker, shipping 3x more releases per "
                "month",
            ),
        ),
        weak_bullets=(
            ("Responsible for backend code", "Helped with testing"),
            ("Worked on various projects", "Duties included fixing bugs"),
        ),
        skills=[
            "Python",
            "Go",
            "SQL",
            "Docker",
            "Kubernetes",
            "AWS",
            "CI/CD",
            "REST APIs",
            "Microservices",
            "Testing",
        ],
        weak_skills=["Microsoft Word"],
        weak_summary="Hard-working team player.",
    ),
    _case(
        "finance-mid",
        industry="finance",
        role="Financial Analyst",
        level="mid",
        title="Financial Analyst",
        years=5,
        summary="Financial analyst with 5 years in valuation and financial modeling; built "
        "DCF models behind $1.2B of transactions.",
        strong_bullets=(
            (
                "Built 25 DCF valuation models in Excel supporting $1.2B of M&A transactions",
                "Reduced monthly close forecasting error 35% by redesigning the budgeting model",
                "Presented financial analysis to the CFO that redirected $40M of capital spend",
            ),
            (
                "Automated Bloomberg data pulls with Python, saving 12 analyst hours per week",
                "Reconciled 300 accounts per quarter with zero audit findings",
            ),
        ),
        weak_bullets=(
            ("Responsible for spreadsheets", "Helped with reports"),
            ("Involved in meetings with management", "Assisted with various tasks"),
        ),
        skills=[
            "Financial Modeling",
            "Excel",
            "Valuation",
            "DCF",
            "Financial Analysis",
            "Bloomberg",
            "M&A",
            "Python",
            "Budgeting",
        ],
        weak_skills=["Typing"],
    ),
    _case(
        "consulting-entry",
        industry="consulting",
        role="Business Analyst",
        level="entry",
        title="Business Analyst Intern",
        years=1,
        education="B.Sc. Economics, City University — 2023, GPA 3.8",
        summary="Economics graduate with 2 consulting internships; built market analysis "
        "that informed a client strategy worth $5M.",
        strong_bullets=(
            (
                "Analysed market research data for 3 clients, shaping a strategy worth $5M",
                "Built PowerPoint presentations for client steering committees of 12 executives",
                "Structured a hypothesis tree that cut the problem solving phase by 2 weeks",
            ),
            (
                "Led a 4-person student consulting project recommending process improvement "
                "that saved 15% of costs",
            ),
        ),
        weak_bullets=(("Helped the team", "Made slides"), ("Participated in a club",)),
        skills=[
            "Problem Solving",
            "Data Analysis",
            "PowerPoint",
            "Excel",
            "Client Management",
            "Strategy",
            "Market Research",
        ],
        weak_skills=["Social media"],
    ),
    _case(
        "healthcare-mid",
        industry="healthcare",
        role="Registered Nurse",
        level="mid",
        title="Registered Nurse",
        years=6,
        summary="Registered nurse with 6 years in acute care; improved patient satisfaction "
        "scores 18% on a 32-bed ward.",
        strong_bullets=(
            (
                "Delivered patient care for 32 beds, raising patient satisfaction scores 18%",
                "Led a quality improvement project that cut readmission rates 12% in 9 months",
                "Trained 15 nurses on EHR documentation in Epic, reducing charting errors 30%",
            ),
            (
                "Reduced infection incidents 25% by standardising safety audits across 2 units",
                "Mentored 8 new graduate nurses through their first year",
            ),
        ),
        weak_bullets=(
            ("Responsible for patients", "Helped doctors"),
            ("Duties included paperwork", "Worked shifts"),
        ),
        skills=[
            "Patient Care",
            "Nursing",
            "EHR",
            "Epic",
            "Medical Terminology",
            "Quality Improvement",
            "HIPAA",
        ],
        weak_skills=["Cooking"],
    ),
    _case(
        "sales-mid",
        industry="sales",
        role="Account Executive",
        level="mid",
        title="Account Executive",
        years=5,
        summary="B2B account executive with 5 years in SaaS sales; closed $3.4M ARR and hit "
        "128% of quota in 2023.",
        strong_bullets=(
            (
                "Closed $3.4M in new ARR across 42 B2B accounts, reaching 128% of quota",
                "Built a pipeline of 180 qualified leads through outbound prospecting in "
                "Salesforce CRM",
                "Negotiated 3-year renewals with 12 key accounts, lifting revenue 22%",
            ),
            (
                "Grew the mid-market territory 35% year over year with 18 new customers",
                "Trained 6 new reps on negotiation and account management",
            ),
        ),
        weak_bullets=(
            ("Responsible for sales", "Helped customers"),
            ("Worked on calls", "Was part of the team"),
        ),
        skills=[
            "CRM",
            "Salesforce",
            "Lead Generation",
            "Negotiation",
            "Account Management",
            "Quota Attainment",
            "B2B",
        ],
        weak_skills=["Friendly"],
    ),
    _case(
        "manufacturing-senior",
        industry="manufacturing",
        role="Production Engineer",
        level="senior",
        title="Senior Production Engineer",
        years=12,
        summary="Senior production engineer with 12 years in automotive lean manufacturing; "
        "led kaizen programs that lifted OEE 14%.",
        strong_bullets=(
            (
                "Led a team of 9 engineers running lean manufacturing kaizen that lifted OEE 14%",
                "Cut scrap 38% by applying Six Sigma DMAIC and root cause analysis to 3 lines",
                "Designed a production planning process that shortened cycle time 20%",
            ),
            (
                "Mentored 5 engineers and introduced ISO 9001 quality control audits",
                "Automated 4 stations with PLC controls, saving $600k per year",
            ),
        ),
        weak_bullets=(
            ("Responsible for machines", "Helped with quality"),
            ("Involved in production", "Duties included reports"),
        ),
        skills=[
            "Lean Manufacturing",
            "Six Sigma",
            "Quality Control",
            "Production Planning",
            "Process Improvement",
            "Safety",
            "PLC",
            "ISO 9001",
        ],
        weak_skills=["Driving"],
    ),
    _case(
        "finance-executive",
        industry="finance",
        role="Chief Financial Officer",
        level="executive",
        title="Finance Director",
        years=18,
        summary="Finance executive with 18 years leading finance organizations; ran a $400M "
        "P&L and a headcount of 120 through 3 M&A transactions.",
        strong_bullets=(
            (
                "Directed a finance organization of 120 and a $400M P&L reporting to the board",
                "Led 3 M&A transactions worth $250M, from valuation through integration",
                "Drove a finance transformation that cut the monthly close from 12 to 5 days",
                "Set budgeting and forecasting strategy that raised EBITDA margin 4 points",
            ),
            (
                "Built the risk management and compliance function for 6 countries",
                "Raised $80M in debt financing on improved terms",
            ),
        ),
        weak_bullets=(
            ("Responsible for the finance department", "Helped the CEO"),
            ("In charge of accounting", "Worked on budgets"),
        ),
        skills=[
            "Budgeting",
            "Financial Analysis",
            "M&A",
            "Risk Management",
            "Compliance",
            "Accounting",
        ],
        weak_skills=["Email"],
    ),
    _case(
        "technology-ja-mid",
        industry="IT",
        role="バックエンドエンジニア",
        level="mid",
        title="バックエンドエンジニア",
        years=6,
        language="ja",
        education="東京大学 工学部 卒業 — 2014",
        summary="Python・Goによるバックエンド開発経験6年。AWS上のマイクロサービス基盤を設計し、"
        "API応答時間を40%短縮。",
        strong_bullets=(
            (
                "PythonとGoで決済APIを開発し、月間300万件のリクエストを99.9%の可用性で運用",
                "Kubernetes上のマイクロサービス基盤を設計し、インフラコストを25%削減",
                "5名のチームをリードし、CI/CDを導入してリリース頻度を3倍に向上",
            ),
            (
                "SQLのクエリを最適化し、バッチ処理時間を70%短縮",
                "Dockerによる開発環境を整備し、新メンバーの立ち上げ期間を2週間短縮",
            ),
        ),
        weak_bullets=(
            ("システム開発に携わった", "テストを手伝った"),
            ("会議に関わった", "資料作成の補助"),
        ),
        skills=[
            "Python",
            "Go",
            "SQL",
            "Docker",
            "Kubernetes",
            "AWS",
            "CI/CD",
            "マイクロサービス",
            "テスト自動化",
        ],
        weak_skills=["Excel"],
    ),
    _case(
        "sales-ja-mid",
        industry="営業",
        role="法人営業",
        level="mid",
        title="法人営業",
        years=7,
        language="ja",
        education="早稲田大学 商学部 卒業 — 2013",
        summary="法人営業として7年間、SaaS製品の新規開拓を担当。2023年度は予算達成率135%、"
        "年間受注額2.4億円を達成。",
        strong_bullets=(
            (
                "新規開拓で42社を獲得し、年間受注額2.4億円・予算達成率135%を達成",
                "Salesforceを活用したリード管理を導入し、商談化率を18%向上",
                "既存顧客12社との交渉で3年契約を締結し、売上を22%拡大",
            ),
            (
                "チーム5名の営業手法を標準化し、成約までの期間を30%短縮",
                "展示会キャンペーンを企画し、リード獲得数を2倍に拡大",
            ),
        ),
        weak_bullets=(
            ("営業活動に携わった", "先輩の営業を手伝った"),
            ("顧客対応に関わった", "資料作成の補助"),
        ),
        skills=["CRM", "Salesforce", "新規開拓", "交渉", "既存顧客", "予算達成", "法人営業"],
        weak_skills=["Word"],
    ),
)
