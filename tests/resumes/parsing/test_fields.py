"""Structured fields: contact, experience, education, skills, years of experience."""

from __future__ import annotations

from datetime import date

import pytest

from hireflow.resumes.document import ContactInfo, EducationEntry, ExperienceEntry, ParsedResume
from hireflow.resumes.extraction import extract_document
from hireflow.resumes.parsing import load_skills_vocabulary, parse_resume
from hireflow.resumes.parsing.contact import find_phone
from hireflow.resumes.parsing.dates import find_date_range
from hireflow.resumes.parsing.education import extract_education
from hireflow.resumes.parsing.experience import extract_experience, years_of_experience
from hireflow.resumes.parsing.skills import known_skills, listed_skills
from tests.resumes import samples

TODAY = date(2026, 11, 25)


def _parse(data: bytes) -> ParsedResume:
    return parse_resume(extract_document(data), today=TODAY)


def test_english_resume_fields() -> None:
    parsed = _parse(samples.text_pdf())
    fields = parsed.fields
    assert fields.contact == ContactInfo(
        name="Jane Doe",
        email="jane.doe@example.com",
        phone="+1 (415) 555-0134",
        links=("linkedin.com/in/janedoe", "github.com/janedoe"),
        location="San Francisco, CA",
    )
    assert [(e.title, e.employer, e.start, e.end, e.is_current) for e in fields.experience] == [
        ("Senior Backend Engineer", "Stripe Inc.", "2020-01", None, True),
        ("Software Engineer", "Acme Corp", "2016-06", "2019-12", False),
    ]
    first = fields.experience[0]
    assert first.description == (
        "Led the ledger team of 6 engineers; cut settlement latency by 40%.\n"
        "Built event pipelines with Kafka and PostgreSQL."
    )
    text = parsed.document.text
    assert first.start_offset is not None and first.end_offset is not None
    assert text[first.start_offset : first.end_offset].startswith("Senior Backend Engineer, Stripe")
    assert text[first.start_offset : first.end_offset].endswith("Kafka and PostgreSQL.")
    assert fields.education == (
        EducationEntry(
            institution="University of California, Berkeley",
            degree="B.S.",
            field_of_study="Computer Science",
            start="2012",
            end="2016",
        ),
    )
    assert fields.skills[:7] == (
        "Python",
        "Go",
        "PostgreSQL",
        "Kafka",
        "Docker",
        "Kubernetes",
        "AWS",
    )
    assert "Django" in fields.skills  # mentioned in a job description
    assert fields.years_experience == 10.5  # 2016-06 .. 2026-11, the jobs do not overlap
    assert (fields.current_company, fields.current_position) == (
        "Stripe Inc.",
        "Senior Backend Engineer",
    )


def test_japanese_resume_fields() -> None:
    fields = _parse(samples.japanese_pdf()).fields
    assert fields.contact == ContactInfo(
        name="山田 太郎",
        email="taro.yamada@example.jp",
        phone="090-1234-5678",
        location="東京都渋谷区神南1-2-3",
    )
    assert [(e.employer, e.title, e.start, e.end, e.is_current) for e in fields.experience] == [
        ("株式会社メルカリ", "バックエンドエンジニア", "2019-04", None, True),
        ("株式会社サイバーエージェント", "Webエンジニア", "2015-04", "2019-03", False),
    ]
    assert fields.experience[0].description == "決済基盤の設計と開発を担当。"
    assert fields.education == (
        EducationEntry(
            institution="東京大学",
            field_of_study="工学部 情報工学科",
            start="2011-04",
            end="2015-03",
        ),
    )
    assert fields.skills == ("Python", "Go", "AWS", "Docker", "PostgreSQL")
    assert fields.years_experience == 11.7  # 2015-04 .. 2026-11 inclusive: 140 months
    assert fields.current_company == "株式会社メルカリ"
    assert fields.current_position == "バックエンドエンジニア"


def test_rirekisho_join_and_leave_lines() -> None:
    fields = _parse(samples.RIREKISHO_HISTORY.encode("cp932")).fields
    assert fields.contact.name == "佐藤 花子"
    assert fields.contact.phone == "080-9876-5432"
    assert [(e.employer, e.start, e.end, e.is_current) for e in fields.experience] == [
        ("株式会社日立製作所", "2015-04", "2020-03", False),
        ("株式会社NTTデータ", "2020-04", None, True),
    ]
    assert fields.years_experience == 11.7


def test_two_column_resume_fields() -> None:
    fields = _parse(samples.two_column_pdf("rows").data).fields
    assert fields.contact.name == "Maria Garcia"
    assert fields.contact.location == "London, UK"
    assert [(e.title, e.employer, e.start, e.end) for e in fields.experience] == [
        ("Staff Engineer", "Monzo Bank Ltd", "2019-03", None),
        ("Senior Engineer", "Deliveroo", "2015-01", "2019-02"),
    ]
    assert fields.education[0].institution == "Imperial College London"
    assert fields.education[0].degree == "MSc"


def test_flowing_one_column_resume() -> None:
    parsed = _parse(samples.flowing_one_column_pdf())
    assert "Senior SRE, Amazon Jan 2019 - Present\n" in parsed.document.text
    assert parsed.document.hazards == ()
    assert [s.section_type for s in parsed.sections] == [
        "contact",
        "summary",
        "experience",
        "skills",
        "education",
    ]
    fields = parsed.fields
    assert fields.contact.location == "Seattle, WA"
    assert [(e.title, e.employer, e.start, e.end) for e in fields.experience] == [
        ("Senior SRE", "Amazon", "2019-01", None),
        ("SRE", "Zillow", "2015-06", "2018-12"),
    ]
    assert fields.experience[0].description == (
        "• Cut paging volume by 60% by rewriting alert rules.\n"
        "• Ran the game days for the payments fleet."
    )
    assert fields.skills == (
        "Python",
        "Go",
        "Bash",
        "Terraform",
        "Kubernetes",
        "AWS",
        "Prometheus",
        "Grafana",
        "Datadog",
        "PostgreSQL",
        "Redis",
    )
    assert fields.years_experience == 11.5


def test_table_layout_resume() -> None:
    parsed = _parse(samples.table_layout_pdf())
    assert parsed.document.text.startswith(
        "CONTACT\nkim@example.com\n+1 212 555 0199\n\nSKILLS\nFigma\nSketch\nUser research"
        "\n\nKim Lee\n\nEXPERIENCE\nProduct Designer, Airbnb\n2020 - Present\n"
    )
    assert [s.section_type for s in parsed.sections] == [
        "contact",
        "skills",
        "experience",
        "education",
    ]
    fields = parsed.fields
    assert (fields.contact.name, fields.contact.email) == ("Kim Lee", "kim@example.com")
    assert fields.skills == ("Figma", "Sketch", "User research")
    assert (fields.current_position, fields.current_company) == ("Product Designer", "Airbnb")


def test_headingless_resume_fields() -> None:
    fields = _parse(samples.HEADINGLESS_RESUME.encode()).fields
    assert fields.contact.name == "Tom Baker"
    assert fields.contact.location is None
    assert [(e.title, e.employer) for e in fields.experience] == [
        ("Senior Operations Analyst", "Target Corporation"),
        ("Operations Analyst", "Walmart Inc."),
    ]
    assert fields.skills[:5] == ("Python", "SQL", "Tableau", "Excel", "Power BI")


@pytest.mark.parametrize(
    ("line", "start", "end", "current"),
    [
        ("Jan 2020 – Present", "2020-01", None, True),
        ("2019/04 - 2021/03", "2019-04", "2021-03", False),
        ("2019年4月～現在", "2019-04", None, True),
        ("2019年4月〜2021年3月", "2019-04", "2021-03", False),
        ("04/2019 to 03/2021", "2019-04", "2021-03", False),
        ("September 2018 — June 2020", "2018-09", "2020-06", False),
        ("2016 - 2019", "2016", "2019", False),
        ("令和2年4月～現在", "2020-04", None, True),
        ("平成27年4月～令和2年3月", "2015-04", "2020-03", False),
        ("Acme Corp (Mar 2019 - Current)", "2019-03", None, True),
    ],
)
def test_date_ranges(line: str, start: str, end: str | None, current: bool) -> None:
    import unicodedata

    found = find_date_range(unicodedata.normalize("NFKC", line).replace("〜", "~"))
    assert found is not None
    assert (found.start, found.end, found.is_current) == (start, end, current)


@pytest.mark.parametrize("line", ["090-1234-5678", "Built 3 services in 2019", "2021 - 2019"])
def test_not_date_ranges(line: str) -> None:
    assert find_date_range(line) is None


@pytest.mark.parametrize(
    "header",
    [
        "Data Engineer at Spotify",
        "Spotify | Data Engineer",
        "Data Engineer — Spotify",
        "Data Engineer, Spotify",
    ],
)
def test_title_and_employer_in_either_order(header: str) -> None:
    (entry,) = extract_experience(f"{header}\nJan 2020 - Dec 2022\nBuilt pipelines.", 0)
    assert (entry.title, entry.employer) == ("Data Engineer", "Spotify")
    assert (entry.start, entry.end) == ("2020-01", "2022-12")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "株式会社ABC（2019年4月~現在）\nプロジェクトリーダー\n基幹システムの刷新を担当。",
            (
                "プロジェクトリーダー",
                "株式会社ABC",
                "2019-04",
                None,
                True,
                "基幹システムの刷新を担当。",
            ),
        ),
        (
            "Acme Corp, San Francisco, CA — Senior Engineer\nMar 2018 - Feb 2020\nShipped things.",
            ("Senior Engineer", "Acme Corp", "2018-03", "2020-02", False, "Shipped things."),
        ),
        (
            "2019/04 - 2021/03 | 株式会社テック | インフラエンジニア",
            ("インフラエンジニア", "株式会社テック", "2019-04", "2021-03", False, ""),
        ),
        (
            "Globex Inc.\nProduct Manager\n06/2015 – 08/2018\n- Launched the mobile app.",
            (
                "Product Manager",
                "Globex Inc.",
                "2015-06",
                "2018-08",
                False,
                "- Launched the mobile app.",
            ),
        ),
        (
            "2019 – 2021\nSenior Engineer, Acme Corp\nBuilt the payments API",
            ("Senior Engineer", "Acme Corp", "2019", "2021", False, "Built the payments API"),
        ),
        (
            "Jan 2020 - Present\nHooli Inc.\nData Analyst\nModelled churn in SQL",
            ("Data Analyst", "Hooli Inc.", "2020-01", None, True, "Modelled churn in SQL"),
        ),
    ],
)
def test_experience_layouts(text: str, expected: tuple[object, ...]) -> None:
    (entry,) = extract_experience(text, 0)
    assert (
        entry.title,
        entry.employer,
        entry.start,
        entry.end,
        entry.is_current,
        entry.description,
    ) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2017年4月 東京大学大学院 情報理工学系研究科 修士課程 入学\n"
            "2019年3月 東京大学大学院 情報理工学系研究科 修士課程 修了",
            [
                EducationEntry(
                    "東京大学大学院", "修士課程", "情報理工学系研究科", "2017-04", "2019-03"
                )
            ],
        ),
        (
            "Stanford University — M.S. Computer Science (2014 – 2016)\n"
            "Massachusetts Institute of Technology, Bachelor of Science in Mathematics, 2010 - 2014",
            [
                EducationEntry("Stanford University", "M.S.", "Computer Science", "2014", "2016"),
                EducationEntry(
                    "Massachusetts Institute of Technology",
                    "Bachelor of Science",
                    "Mathematics",
                    "2010",
                    "2014",
                ),
            ],
        ),
        ("MBA, INSEAD, 2020", [EducationEntry("INSEAD", "MBA", None, None, "2020")]),
        (
            "Cornell University\nB.S. Computer Science, 2010 -\n2014",
            [EducationEntry("Cornell University", "B.S.", "Computer Science", "2010", "2014")],
        ),
    ],
)
def test_education_layouts(text: str, expected: list[EducationEntry]) -> None:
    assert extract_education(text) == expected


def test_dates_first_entries_do_not_take_the_previous_description() -> None:
    text = (
        "2019 – 2021\nSenior Engineer, Acme Corp\nBuilt the payments API\nTeam of five\n\n"
        "2016 – 2019\nEngineer, Initech Ltd\nMaintained reports"
    )
    first, second = extract_experience(text, 0)
    assert (first.title, first.employer, first.description) == (
        "Senior Engineer",
        "Acme Corp",
        "Built the payments API\nTeam of five",
    )
    assert (second.title, second.employer, second.start, second.end) == (
        "Engineer",
        "Initech Ltd",
        "2016",
        "2019",
    )


def test_years_of_experience_merges_overlaps() -> None:
    entries = [
        ExperienceEntry(employer="A", title=None, start="2018-01", end="2019-12"),
        ExperienceEntry(employer="B", title=None, start="2019-07", end="2020-06"),  # overlaps A
        ExperienceEntry(employer="C", title=None, start="2022-01", end=None, is_current=True),
    ]
    # 2018-01..2020-06 = 30 months, 2022-01..2023-12 = 24 months
    assert years_of_experience(entries, date(2023, 12, 15)) == 4.5
    assert years_of_experience([], date(2023, 12, 15)) is None


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Tel: +81 90-1234-5678", "+81 90-1234-5678"),
        ("(555) 123-4567", "(555) 123-4567"),
        ("電話 03-1234-5678", "03-1234-5678"),
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("2019 - 2021", None),
        ("Class of 2016", None),
    ],
)
def test_phone_numbers(text: str, phone: str | None) -> None:
    assert find_phone(text) == phone


def test_skills_vocabulary_loader() -> None:
    vocabulary = load_skills_vocabulary()
    assert len(vocabulary) >= 100
    assert "golang" in vocabulary["Go"]
    assert "postgres" in vocabulary["PostgreSQL"]
    assert "要件定義" in vocabulary["Requirements Definition"]
    assert all(isinstance(aliases, tuple) for aliases in vocabulary.values())


def test_known_skills_respect_word_boundaries_and_case() -> None:
    text = (
        "Go to market with the rest of the team; 5 ml samples. Built REST APIs in Golang, "
        "k8s and PostgreSQL. React.js UI; CI/CD with GitHub Actions; PythonとAWSを用いた開発"
    )
    assert known_skills(text) == [
        "REST APIs",
        "Go",
        "Kubernetes",
        "PostgreSQL",
        "React",
        "UI Design",
        "CI/CD",
        "GitHub Actions",
        "Python",
        "AWS",
    ]


def test_listed_skills_keep_unknown_items_and_drop_labels() -> None:
    assert listed_skills("Languages: Python, C, R\nTools | Figma, Sketch\nCOBOL・Fortran 77") == [
        "Python",
        "C",
        "R",
        "Figma",
        "Sketch",
        "COBOL",
        "Fortran 77",
    ]


def test_clickable_links_complete_the_contact() -> None:
    from hireflow.resumes.document import ExtractedDocument

    text = "Sam Ortiz\nlinkedin.com/in/samortiz | GitHub | Email\n\nSKILLS\nPython"
    document = ExtractedDocument(
        text=text,
        kind="pdf",
        mime_type="application/pdf",
        page_count=1,
        page_offsets=(0,),
        word_count=8,
        language="en",
        links=(
            "https://www.linkedin.com/in/samortiz/",
            "https://github.com/samortiz",
            "mailto:sam@example.com?subject=Hello",
        ),
    )
    contact = parse_resume(document, today=TODAY).fields.contact
    assert contact.links == ("linkedin.com/in/samortiz", "https://github.com/samortiz")
    assert contact.email == "sam@example.com"
