"""Resume ingest throughput: upload → text → sections into PostgreSQL, the engine alone, and
raw pdfium as the baseline, on the same files in the same run.

Generates a deterministic corpus of 1–2 page resume PDFs (one- and two-column, English and
Japanese) and prints resumes/second for
- the full pipeline through the database: ``candidates.flows.intake.add_resume`` (sniff, extract,
  hash, store the file, insert the version, queue its job) then the job body
  (``run_process_resume``: sections, fields, candidate update), on the embedded PostgreSQL
  with default (durable) settings, one transaction per upload and per job as in production;
- extraction + parsing alone (text → sections → fields);
- pypdfium2's plain ``get_text_range()`` on the same files,
each with 1 and 2 worker processes; then pages/second for text PDFs (extraction + parsing),
raw pypdfium2, and OCR of scanned pages (the first pages of the corpus rasterised at 150 dpi
into image-only PDFs, read as the background job reads them: 200 dpi, RapidOCR).

    .venv/bin/python bench/ingest.py [--count 300] [--seed 7] [--ocr-pages 4]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from hireflow.resumes.extraction import extract_document
from hireflow.resumes.parsing import parse_resume

WIDTH, HEIGHT = A4
JAPANESE_FONT = "HeiseiKakuGo-W5"
FIRST = ["Jane", "Ahmed", "Maria", "Kenji", "Priya", "Lucas", "Chloe", "Omar", "Sofia", "Liam"]
LAST = ["Doe", "Khan", "Garcia", "Sato", "Patel", "Silva", "Martin", "Haddad", "Rossi", "Brown"]
TITLES = [
    "Software Engineer",
    "Senior Backend Engineer",
    "Data Scientist",
    "Product Manager",
    "DevOps Engineer",
    "Frontend Developer",
    "Engineering Manager",
    "QA Analyst",
]
COMPANIES = [
    "Acme Corp",
    "Globex Inc.",
    "Initech Ltd",
    "Umbrella Group",
    "Stark Industries",
    "Wayne Enterprises",
    "Hooli",
    "Vandelay Industries",
    "Monzo Bank Ltd",
]
SKILLS = [
    "Python",
    "Go",
    "Java",
    "TypeScript",
    "React",
    "PostgreSQL",
    "Kafka",
    "Docker",
    "Kubernetes",
    "AWS",
    "GCP",
    "Terraform",
    "Django",
    "FastAPI",
    "Redis",
    "Spark",
]
BULLETS = [
    "Designed and shipped a payments service handling 2 million requests per day.",
    "Reduced infrastructure cost by 35% by consolidating clusters and right-sizing nodes.",
    "Led a team of five engineers through a migration to event-driven architecture.",
    "Built dashboards and alerting that cut incident response time in half.",
    "Introduced contract testing across twelve services and removed flaky suites.",
    "Mentored junior engineers and ran the hiring loop for the platform team.",
]
JA_COMPANIES = [
    "株式会社メルカリ",
    "株式会社サイバーエージェント",
    "楽天グループ株式会社",
    "株式会社リクルート",
]
JA_TITLES = [
    "バックエンドエンジニア",
    "Webエンジニア",
    "プロジェクトマネージャー",
    "データアナリスト",
]


def _resume_lines(rng: random.Random) -> list[str]:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    email = f"{name.lower().replace(' ', '.')}@example.com"
    lines = [
        name,
        f"{email} | +1 415 555 {rng.randint(1000, 9999)}",
        "San Francisco, CA",
        "",
        "SUMMARY",
        f"{rng.choice(TITLES)} with {rng.randint(3, 15)} years of experience.",
        "",
        "WORK EXPERIENCE",
    ]
    year = 2025
    for _ in range(rng.randint(3, 8)):
        start = year - rng.randint(1, 4)
        lines.append(f"{rng.choice(TITLES)}, {rng.choice(COMPANIES)}")
        lines.append(f"Jan {start} - {'Present' if year == 2025 else f'Dec {year}'}")
        lines.extend(rng.sample(BULLETS, rng.randint(3, 6)))
        year = start - 1
    lines += [
        "",
        "EDUCATION",
        "University of Michigan",
        f"B.S. in Computer Science, {year - 4} - {year}",
        "",
        "SKILLS",
        ", ".join(rng.sample(SKILLS, 8)),
    ]
    return lines


def _japanese_lines(rng: random.Random) -> list[str]:
    lines = [
        "職務経歴書",
        "山田 太郎",
        "メール: taro@example.jp",
        "電話: 090-1234-5678",
        "",
        "■職務要約",
        "Webアプリケーション開発に従事。PythonとAWSを用いた開発が得意です。",
        "",
        "■職務経歴",
    ]
    year = 2025
    for _ in range(rng.randint(2, 4)):
        start = year - rng.randint(1, 4)
        end = "現在" if year == 2025 else f"{year}年3月"
        lines += [
            f"{start}年4月~{end} {rng.choice(JA_COMPANIES)}",
            rng.choice(JA_TITLES),
            "決済基盤の設計と開発を担当。チームリーダーとして5名をマネジメント。",
        ]
        year = start
    lines += [
        "",
        "■学歴",
        "2011年4月 東京大学 工学部 入学",
        "2015年3月 東京大学 工学部 卒業",
        "",
        "■活かせる経験・知識・技術",
        "、".join(rng.sample(SKILLS, 6)),
    ]
    return lines


def build_corpus(count: int, seed: int) -> list[bytes]:
    pdfmetrics.registerFont(UnicodeCIDFont(JAPANESE_FONT))
    rng = random.Random(seed)
    corpus: list[bytes] = []
    for index in range(count):
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
        japanese = index % 5 == 4
        lines = _japanese_lines(rng) if japanese else _resume_lines(rng)
        font = JAPANESE_FONT if japanese else "Helvetica"
        two_column = not japanese and index % 3 == 0
        if two_column:
            sidebar = ["SKILLS", *rng.sample(SKILLS, 8), "", "LANGUAGES", "English", "Spanish"]
            for row, text in enumerate(sidebar):
                pdf.setFont(font, 9)
                pdf.drawString(40, HEIGHT - 140 - row * 13, text)
        y = HEIGHT - 60
        x = 200 if two_column else 60
        for row, text in enumerate(lines):
            if y < 60:
                pdf.showPage()
                y = HEIGHT - 60
            pdf.setFont(font, 10)
            pdf.drawString(60 if (two_column and row < 3) else x, y, text)
            y -= 14
        pdf.save()
        corpus.append(buffer.getvalue())
    return corpus


def parse_one(data: bytes) -> int:
    parsed = parse_resume(extract_document(data), today=date(2026, 1, 1))
    return len(parsed.sections) + len(parsed.fields.skills)


def raw_text(data: bytes) -> int:
    document = pdfium.PdfDocument(data)
    try:
        total = 0
        for page in document:
            textpage = page.get_textpage()
            total += len(textpage.get_text_range())
            textpage.close()
            page.close()
        return total
    finally:
        document.close()


def _warm(_: int) -> int:
    return os.getpid()


def rate(function: Callable[[bytes], int], corpus: Sequence[bytes], processes: int) -> float:
    if processes == 1:
        started = time.perf_counter()
        for data in corpus:
            function(data)
        return len(corpus) / (time.perf_counter() - started)
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(_warm, range(processes * 4)))  # workers started and imports done
        started = time.perf_counter()
        list(pool.map(function, corpus, chunksize=max(1, len(corpus) // (processes * 8))))
        return len(corpus) / (time.perf_counter() - started)


def _pipeline_slice(args: tuple[str, list[bytes], list[str], str]) -> int:
    """One process: upload each file to its candidate, then run its processing job."""
    import asyncio
    import uuid
    from pathlib import Path

    from hireflow.audit.service import RequestMeta
    from hireflow.candidates.flows import intake
    from hireflow.config import Settings
    from hireflow.db.engine import Database
    from hireflow.db.server import resolve_database
    from hireflow.db.session import Actor, unit_of_work
    from hireflow.kit.logging import configure_logging
    from hireflow.resumes import service
    from hireflow.resumes.storage import storage_from_settings
    from hireflow.resumes.tasks import run_process_resume

    configure_logging("WARNING")
    data_dir, corpus, candidate_ids, user_id = args
    settings = Settings(data_dir=Path(data_dir), _env_file=None)  # type: ignore[call-arg]
    target = resolve_database(settings)
    storage = storage_from_settings(settings)

    async def run() -> int:
        database = Database.connect(target, pool_size=2)
        actor = Actor(uuid.UUID(user_id), "senior_recruiter")
        try:
            for index, (data, cid) in enumerate(zip(corpus, candidate_ids, strict=True)):
                async with unit_of_work(database.runtime_sessions, actor) as session:
                    added = await intake.add_resume(
                        session,
                        storage,
                        uuid.UUID(cid),
                        service.IncomingFile(f"resume-{index}.pdf", data),
                        actor_id=actor.user_id,
                        meta=RequestMeta(),
                        max_bytes=settings.max_upload_bytes,
                    )  # type: ignore[arg-type]
                await run_process_resume(database, str(added.resume.id))
        finally:
            await database.dispose()
        return len(corpus)

    return asyncio.run(run())


def pipeline_rate(corpus: Sequence[bytes], processes: int) -> tuple[float, int]:
    """Resumes/s through the database, and how many sections were stored."""
    import tempfile
    from pathlib import Path

    from sqlalchemy import create_engine, text

    from hireflow.config import Settings
    from hireflow.db import migrate
    from hireflow.db.server import resolve_database

    data_dir = tempfile.mkdtemp(prefix="hireflow-ingest-")
    settings = Settings(data_dir=Path(data_dir), _env_file=None)  # type: ignore[call-arg]
    target = resolve_database(settings)
    try:
        migrate.upgrade(settings, target.migration_url)
        engine = create_engine(target.system_url)
        with engine.begin() as conn:
            user_id = conn.execute(
                text(
                    "INSERT INTO users (email, password_hash, first_name, last_name, role) "
                    "VALUES ('bench@example.test', 'x', 'Bench', 'User', 'senior_recruiter') "
                    "RETURNING id"
                )
            ).scalar_one()
            ids = [
                str(r[0])
                for r in conn.execute(
                    text(
                        "INSERT INTO candidates (first_name, last_name, created_by_user_id) "
                        "SELECT 'Candidate', 'No ' || g, :u FROM generate_series(1, :n) g "
                        "RETURNING id"
                    ),
                    {"u": user_id, "n": len(corpus)},
                )
            ]
        slices = [
            (data_dir, list(corpus[i::processes]), ids[i::processes], str(user_id))
            for i in range(processes)
        ]
        started = time.perf_counter()
        with ProcessPoolExecutor(processes) as pool:
            done = sum(pool.map(_pipeline_slice, slices))
        elapsed = time.perf_counter() - started
        with engine.begin() as conn:
            sections = conn.execute(text("SELECT count(*) FROM resume_sections")).scalar_one()
            completed = conn.execute(
                text("SELECT count(*) FROM resumes WHERE status = 'completed'")
            ).scalar_one()
        engine.dispose()
        assert completed == done == len(corpus), (completed, done)
        return done / elapsed, int(sections)
    finally:
        if target.embedded is not None:
            target.embedded.destroy()


def scanned_copy(data: bytes) -> bytes:
    """The first page of ``data`` as a scanner gives it: an image with no text layer."""
    document = pdfium.PdfDocument(data)
    try:
        image = document[0].render(scale=150 / 72).to_pil().convert("L")
    finally:
        document.close()
    png = io.BytesIO()
    image.save(png, format="PNG")
    png.seek(0)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawImage(ImageReader(png), 0, 0, WIDTH, HEIGHT)
    pdf.save()
    return buffer.getvalue()


def pages_per_second(corpus: Sequence[bytes], pages: int, ocr_pages: int) -> None:
    """One process: pages/s of text PDFs, raw pypdfium2 and OCR of scanned pages."""
    text_rate = rate(parse_one, corpus, 1) * pages / len(corpus)
    raw_rate = rate(raw_text, corpus, 1) * pages / len(corpus)
    print(f"{'pages/s, 1 process':34}{'':14}")
    print(f"{'  text PDF: extraction + parsing':34}{text_rate:14.1f}")
    print(f"{'  raw pypdfium2 get_text_range':34}{raw_rate:14.1f}")
    if ocr_pages <= 0:
        return
    from hireflow.resumes.extraction import ocr

    if not ocr.ocr_available():
        print("  OCR: rapidocr is not installed")
        return
    scans = [scanned_copy(data) for data in corpus[:ocr_pages]]
    ocr.read_scanned_pdf(scans[0])  # load the models once, as a long-running worker has
    started = time.perf_counter()
    for data in scans:
        parse_resume(ocr.read_scanned_pdf(data), today=date(2026, 1, 1))
    elapsed = time.perf_counter() - started
    print(f"{'  scanned PDF: OCR + parsing':34}{len(scans) / elapsed:14.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ocr-pages", type=int, default=4, help="scanned pages to OCR")
    args = parser.parse_args()
    started = time.perf_counter()
    corpus = build_corpus(args.count, args.seed)
    pages = sum(len(pdfium.PdfDocument(data)) for data in corpus)
    print(
        f"corpus: {len(corpus)} PDFs, {pages} pages, "
        f"{sum(map(len, corpus)) / len(corpus) / 1024:.1f} KiB average "
        f"(built in {time.perf_counter() - started:.1f}s); {os.cpu_count()} CPUs visible"
    )
    for data in corpus[:5]:  # warm caches (skills vocabulary, regexes)
        parse_one(data)
    print(f"{'':34}{'1 process':>14}{'2 processes':>14}")
    (one, sections), (two, _) = pipeline_rate(corpus, 1), pipeline_rate(corpus, 2)
    print(
        f"{'upload → text → sections, in DB':34}{one:14.1f}{two:14.1f}"
        f"   ({sections} sections stored per run)"
    )
    for label, function in (
        ("extraction + parsing (resumes/s)", parse_one),
        ("raw pypdfium2 get_text_range (/s)", raw_text),
    ):
        one = rate(function, corpus, 1)
        two = rate(function, corpus, 2)
        print(f"{label:34}{one:14.1f}{two:14.1f}")
    pages_per_second(corpus, pages, args.ocr_pages)


if __name__ == "__main__":
    main()
