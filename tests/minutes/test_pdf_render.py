"""The biên bản rendered by LibreOffice: it opens, it says what it should,
and the rules of the header are where Nghị định 30 puts them (measured on
the rendered page, not on our own width estimates)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from minutes.bienban import build_bien_ban, to_bytes
from minutes.items import Item
from minutes.meeting import load_meeting
from minutes.types import Utterance

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "binh-thanh.toml"
DPI = 100

pytestmark = [
    pytest.mark.slow,  # LibreOffice
    pytest.mark.skipif(
        shutil.which("soffice") is None,
        reason="LibreOffice (soffice) is not installed; scripts/setup.sh --test installs it",
    ),
    pytest.mark.skipif(
        shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
        reason="poppler-utils (pdftotext, pdftoppm) is not installed",
    ),
]


def _items() -> list[Item]:
    long_text = (
        "kính thưa chủ tọa tôi tên là hồ văn lực ở thôn bình thới gia đình tôi có con em đi học xa "
        "đường đi lại khó khăn nhất là mùa mưa lũ vậy xin hỏi bao giờ xã làm cầu qua suối cạn "
    ) * 3
    return [
        Item(
            id=str(n),
            kind="cau_hoi",
            text=long_text,
            topic="giao_thong",
            asker="Hồ Văn Lực",
            hamlet="Bình Thới",
            start=300.0 * n,
            answered=n % 2 == 0,
            answer="năm sau xã sẽ làm cầu",
            answer_start=300.0 * n + 60,
        )
        for n in range(1, 7)
    ]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("render")
    meeting = load_meeting(SAMPLE)
    utts = [Utterance(300.0 * n, 300.0 * n + 40, "xin hỏi bao giờ xã làm cầu", None) for n in range(1, 7)]
    docx_path = tmp / "bien-ban.docx"
    docx_path.write_bytes(to_bytes(build_bien_ban(meeting, _items(), utts, attendees=80)))
    profile = (tmp / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    out = tmp / "bien-ban.pdf"
    assert out.is_file(), "LibreOffice produced no PDF"
    return out


def _pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
    return [unicodedata.normalize("NFC", p) for p in text.split("\f") if p.strip()]


def _lines(pdf: Path, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """(text, xMin, yMin, xMax, yMax) in pixels at DPI for each text line."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True, capture_output=True
    ).stdout.decode()
    out = []
    scale = DPI / 72
    for m in re.finditer(
        r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', xml, re.S
    ):
        words = re.findall(r"<word[^>]*>(.*?)</word>", m.group(5))
        text = unicodedata.normalize("NFC", html.unescape(" ".join(words)))
        x0, y0, x1, y1 = (float(m.group(i)) * scale for i in range(1, 5))
        out.append((text, x0, y0, x1, y1))
    return out


def _rules(pdf: Path, tmp: Path) -> list[tuple[int, int, int]]:
    """Horizontal dark segments ≥ 30 px long on page 1: (y, x0, x1)."""
    prefix = tmp / "page"
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(DPI), "-f", "1", "-l", "1", str(pdf), str(prefix)],
        check=True,
        capture_output=True,
    )
    pgm = next(tmp.glob("page*.pgm")).read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    width, height = int(header.group(1)), int(header.group(2))
    pixels = pgm[header.end() :]
    segments = []
    for y in range(height):
        row = pixels[y * width : (y + 1) * width]
        x = 0
        while x < width:
            if row[x] < 110:
                start = x
                while x < width and row[x] < 110:
                    x += 1
                if x - start >= 30:
                    segments.append((y, start, x))
            x += 1
    merged: list[tuple[int, int, int]] = []  # a 1–2 px thick rule spans adjacent rows
    for seg in segments:
        if merged and seg[0] - merged[-1][0] <= 2 and abs(seg[1] - merged[-1][1]) <= 3:
            continue
        merged.append(seg)
    return merged


def test_pdf_opens_with_pages_and_text(pdf):
    pages = _pages_text(pdf)
    assert len(pages) >= 2
    flat = " ".join(" ".join(pages).split())
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "XÃ BÌNH THANH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 03/BB-UBND",
        "Bình Thanh, ngày 20 tháng 9 năm 2024",
        "BIÊN BẢN",
        "Thời gian bắt đầu:",
        "Thư ký (người ghi biên bản):",
        "Cuộc họp kết thúc vào 10 giờ 30 phút, ngày 20 tháng 9 năm 2024/.",
        "THƯ KÝ",
        "CHỦ TỌA",
        "Nơi nhận:",
        "- Lưu: VT, Hồ sơ.",
        "sẽ trả lời bằng văn bản",
        "PHỤ LỤC",
    ):
        assert expected in flat, expected


def test_page_numbers_from_page_two(pdf):
    lines = [_lines(pdf, 1), _lines(pdf, 2)]
    first_p1 = min(lines[0], key=lambda line: line[2])
    first_p2 = min(lines[1], key=lambda line: line[2])
    assert first_p1[0] != "1"
    assert first_p2[0] == "2"
    page_w = 210 / 25.4 * DPI
    assert abs((first_p2[1] + first_p2[3]) / 2 - page_w * (30 + (210 - 15)) / 2 / 210) < 8  # centred on the text block
    assert first_p2[4] < 20 / 25.4 * DPI  # inside the top margin


def test_national_title_on_one_line_and_header_rules(pdf, tmp_path):
    lines = _lines(pdf, 1)
    by_text = {t: (x0, y0, x1, y1) for t, x0, y0, x1, y1 in lines}
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in by_text  # not wrapped
    rules = _rules(pdf, tmp_path)

    def rule_under(box):
        x0, _, x1, y1 = box
        below = [r for r in rules if -4 <= r[0] - y1 <= 15 and x0 - 5 <= (r[1] + r[2]) / 2 <= x1 + 5]
        assert below, f"no rule under {box}"
        return below[0]

    def check(text, low, high):
        box = by_text[text]
        y, r0, r1 = rule_under(box)
        ratio = (r1 - r0) / (box[2] - box[0])
        assert low <= ratio <= high, (text, ratio)
        assert abs((r0 + r1) / 2 - (box[0] + box[2]) / 2) < 0.05 * (box[2] - box[0]), "rule not centred"

    check("XÃ BÌNH THANH", 1 / 3 - 0.02, 1 / 2 + 0.02)
    check("Độc lập - Tự do - Hạnh phúc", 0.95, 1.08)
    title_lines = [t for t in lines if t[2] > by_text["BIÊN BẢN"][3] - 1 and t[2] < by_text["BIÊN BẢN"][3] + 60]
    longest = max(t[3] - t[1] for t in title_lines)
    last = max(title_lines, key=lambda t: t[2])
    y, r0, r1 = rule_under(last[1:])
    assert 1 / 3 - 0.02 <= (r1 - r0) / longest <= 1 / 2 + 0.02
    # nothing else on the header part of page 1 is drawn as a line (borderless tables)
    top = by_text["Thời gian bắt đầu: 08 giờ 00 phút, ngày 20 tháng 9 năm 2024."][1]
    assert len([r for r in rules if r[0] < top]) == 3


def _times_font_with_vietnamese() -> bool:
    if shutil.which("fc-list") is None:
        return False
    families = subprocess.run(["fc-list", ":charset=1ec7", "family"], capture_output=True, text=True).stdout
    return bool(re.search(r"Times New Roman|Liberation Serif|Tinos", families))


def test_fonts_are_times_metric(pdf):
    if not _times_font_with_vietnamese():
        pytest.skip("no Times-metric font with Vietnamese letters (ệ) installed: install fonts-liberation2")
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True).stdout.decode()
    names = [line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()]
    assert names
    wrong = [n for n in names if not re.match(r"(TimesNewRoman|Times|LiberationSerif|Tinos)", n)]
    assert not wrong, f"glyphs fell back to {wrong}: install a Times-metric font with Vietnamese (fonts-liberation2)"


def test_recipients_at_left_margin_with_signatures(pdf):
    pages = len(_pages_text(pdf))
    for page in range(1, pages + 1):
        lines = _lines(pdf, page)
        label = [line for line in lines if line[0] == "Nơi nhận:"]
        if label:
            break
    else:
        raise AssertionError("no 'Nơi nhận:' line")
    assert abs(label[0][1] - 30 / 25.4 * DPI) < 3  # at the 30 mm left margin, not indented
    texts = [line[0] for line in lines]
    assert any("THƯ KÝ" in t and "CHỦ TỌA" in t for t in texts) or {"THƯ KÝ", "CHỦ TỌA"} <= set(texts)
    assert "- Lưu: VT, Hồ sơ." in texts  # the whole list on the same page as its label
