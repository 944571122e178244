"""Items and documents (doithoai.services.items, services.documents,
services.process, doithoai questions / minutes / report / process)."""

from __future__ import annotations

from pathlib import Path

# --- items (doithoai.services.items, doithoai questions) --------------------------------

# Column headings of CSV / XLSX exports (field, Vietnamese heading).
EXPORT_COLUMNS = (
    ("id", "Mã"),
    ("kind", "Loại"),
    ("asker", "Người hỏi"),
    ("hamlet", "Thôn"),
    ("text", "Nội dung"),
    ("summary", "Tóm tắt"),
    ("topic", "Lĩnh vực"),
    ("unit", "Bộ phận"),
    ("start", "Bắt đầu (giây)"),
    ("end", "Kết thúc (giây)"),
    ("answered", "Trả lời tại hội nghị"),
    ("answer", "Nội dung trả lời"),
    ("outside_content", "Ngoài nội dung thông báo"),
    ("deadline", "Thời hạn trả lời"),
    ("confidence", "Độ tin cậy"),
    ("evidence", "Căn cứ"),
)
EXPORT_YES = "Có"
EXPORT_NO = "Không"
EXPORT_SHEET_TITLE = "Ý kiến"


def line_not_json(number: int, detail: str) -> str:
    return f"Dòng {number} không phải JSON hợp lệ ({detail}). / Line {number} is not valid JSON."


def line_without_text(number: int) -> str:
    return f'Dòng {number} cần có trường "text" là chuỗi. / Line {number} needs a "text" string.'


def unsupported_lines_export(name: str) -> str:
    return (
        f"Kết quả --from-text là các dòng JSON: ghi ra tệp .jsonl (hoặc .json), không phải '{name}'. "
        "/ --from-text writes JSON lines: use .jsonl."
    )


def unsupported_export(name: str) -> str:
    return f"Không xuất được sang '{name}': dùng .json, .csv hoặc .xlsx. / Unsupported export format."


def input_not_found(path: Path) -> str:
    return f"Không tìm thấy tệp: {path}. / File not found."


def input_not_utf8(path: Path) -> str:
    return f"Tệp {path} không phải văn bản UTF-8. / Not UTF-8 text."


TWO_INPUTS = "Dùng TRANSCRIPT.json hoặc --from-text, không dùng cả hai. / Use one input."
MISSING_INPUT = "Thiếu TRANSCRIPT.json (hoặc --from-text FILE.jsonl). / Missing input."


def lines_written(count: int, output: str) -> str:
    return f"Đã ghi {count} dòng vào {output}."


def items_written(count: int, answered: int, output: str) -> str:
    return f"Đã ghi {count} ý kiến ({answered} trả lời tại hội nghị) vào {output}."


# --- documents (doithoai.services.documents, doithoai minutes / report) -----------------

BAO_CAO = "báo cáo"
BIEN_BAN = "biên bản"  # the document's name in help and result lines


def dropped_duplicate(item_id: str) -> str:
    return (
        f"Bỏ ý kiến tự động {item_id} vì trùng thời điểm với ý kiến đã rà soát. / "
        f"Dropped auto item {item_id}: same time as a reviewed item."
    )


def output_wrong_suffix(path: Path, suffix: str) -> str:
    return f"Tệp kết quả phải có đuôi {suffix}: {path}. / Output must end in {suffix}."


def output_is_folder(path: Path) -> str:
    return f"{path} là một thư mục. / Output is a directory."


def output_unwritable(path: Path, detail: object) -> str:
    return f"Không ghi được tệp {path}: {detail}. / Cannot write the output file."


PDF_NO_LIBREOFFICE = "Chưa cài LibreOffice (soffice) để xuất PDF. / LibreOffice is not installed."
PDF_NO_FILE = "LibreOffice không tạo ra tệp PDF. / PDF conversion produced no file."


def pdf_failed(exc: Exception) -> str:
    return f"LibreOffice không chuyển được sang PDF: {exc}. / PDF conversion failed."


def note(text: str) -> str:
    return f"Lưu ý: {text}"


def document_made(what: str, path: Path, items: int, on_spot: int, written: int) -> str:
    return f"Đã lập {what}: {path} ({items} ý kiến: {on_spot} trả lời tại hội nghị, {written} trả lời bằng văn bản)."


def pdf_exported(path: Path) -> str:
    return f"Đã xuất PDF: {path}"


# --- the whole job (doithoai process) -----------------------------------------------------

OUTPUT_LABELS = {
    "json": "Bản ghi (JSON)",
    "srt": "Phụ đề SRT",
    "vtt": "Phụ đề VTT",
    "txt": "Văn bản",
    "items": "Ý kiến (JSON, để rà soát)",
    "items_xlsx": "Ý kiến (Excel)",
    "bien_ban": "Dự thảo biên bản",
    "bao_cao": "Dự thảo báo cáo",
}


def processed(name: str, minutes: float, segments: int, items: int) -> str:
    return f"Đã xử lý {name}: {minutes:.1f} phút, {segments} đoạn lời nói, {items} ý kiến của Nhân dân."
