"""Words of the deliverables in English and Vietnamese, and numbers in each language's format."""

from __future__ import annotations

import math

TEXT = {
    # explorer
    "title": {"en": "Hai Phong ST&I policy explorer", "vi": "Công cụ khám phá chính sách KH,CN&ĐMST Hải Phòng"},
    "levers": {"en": "Policy instruments (level reached by 2030)",
               "vi": "Công cụ/giải pháp chính sách (mức đạt được vào năm 2030)"},
    "trend": {"en": "historical trend", "vi": "theo xu hướng lịch sử"},
    "selected": {"en": "selected policy", "vi": "chính sách đã chọn"},
    "band": {"en": "5–95 % band", "vi": "khoảng 5–95 %"},
    "target": {"en": "2030 target", "vi": "Mục tiêu 2030"},
    "history": {"en": "history (source documents)", "vi": "số liệu lịch sử (tài liệu nguồn)"},
    "scenarios": {"en": "Scenarios (dashed)", "vi": "Các kịch bản (nét đứt)"},
    "met": {"en": "met", "vi": "đạt"},
    "not met": {"en": "not met", "vi": "chưa đạt"},
    "per year": {"en": "%/yr", "vi": "%/năm"},
    "probability": {"en": "probability of meeting", "vi": "xác suất đạt"},
    "about": {"en": "About these numbers", "vi": "Về các con số"},
    "how": {"en": "Each slider position was simulated in advance with the calibrated model (innovsd). "
                  "Ramped instruments rise from their 2025 level to the chosen level by 2030 and stay there; "
                  "the venture-capital fund is the city's capital, paid in from 2026. The band and the probability "
                  "come from the calibrated parameter sets.",
            "vi": "Mỗi vị trí của thanh trượt đã được mô phỏng trước bằng mô hình đã hiệu chỉnh (innovsd). "
                  "Các công cụ tăng dần từ mức năm 2025 đến mức đã chọn vào năm 2030 rồi giữ nguyên; "
                  "quỹ đầu tư mạo hiểm là vốn của thành phố, góp từ năm 2026. Khoảng giá trị và xác suất "
                  "được tính từ các bộ tham số đã hiệu chỉnh."},
    "members": {"en": "{n} parameter sets", "vi": "{n} bộ tham số"},
    "made": {"en": "Computed", "vi": "Tính ngày"},
    "model": {"en": "model", "vi": "mô hình"},
    "parameter set": {"en": "parameter set", "vi": "bộ tham số"},
    # brief
    "brief title": {"en": "Hai Phong science, technology and innovation policy: scenario brief",
                    "vi": "Chính sách khoa học, công nghệ và đổi mới sáng tạo của Hải Phòng: tóm tắt kịch bản"},
    "question": {"en": "The question", "vi": "Câu hỏi"},
    "conclusions": {"en": "Conclusions", "vi": "Kết luận"},
    "scorecard": {"en": "Scorecard, {year}", "vi": "Bảng đánh giá mục tiêu, năm {year}"},
    "indicator": {"en": "Indicator", "vi": "Chỉ tiêu"},
    "target value": {"en": "Target", "vi": "Mục tiêu"},
    "figures": {"en": "Figures", "vi": "Hình"},
    "figure": {"en": "Figure", "vi": "Hình"},
    "sources": {"en": "Sources", "vi": "Nguồn"},
    "scenario list": {"en": "Scenarios", "vi": "Các kịch bản"},
    "legend": {"en": "✓ met, ✗ not met; P = probability of meeting the target over {n} parameter sets.",
               "vi": "✓ đạt, ✗ chưa đạt; P = xác suất đạt mục tiêu trên {n} bộ tham số."},
    "meets": {"en": "{scenario} meets {targets}.", "vi": "{scenario} đạt {targets}."},
    "meets none": {"en": "{scenario} meets none of the targets in {year}.",
                   "vi": "{scenario} chưa đạt mục tiêu nào vào năm {year}."},
    "with probability": {"en": "{title} ({p} % probability)", "vi": "{title} (xác suất {p} %)"},
    "headline": {"en": "{title}: {value} {unit} in {year} under {scenario} against a target of {target}; "
                       "{baseline} {unit} under current trends.",
                 "vi": "{title}: {value} {unit} năm {year} theo {scenario}, so với mục tiêu {target}; "
                       "theo xu hướng hiện tại là {baseline} {unit}."},
    "cost": {"en": "{scenario} costs {cost} bn VND of city money over 2026–{year}.",
             "vi": "{scenario} cần {cost} tỷ đồng ngân sách thành phố trong giai đoạn 2026–{year}."},
    "no one": {"en": "No scenario meets: {targets}.", "vi": "Chưa kịch bản nào đạt: {targets}."},
    "and": {"en": "and", "vi": "và"},
    "provenance": {"en": "How these results were made", "vi": "Cách tạo ra các kết quả này"},
    "model file": {"en": "Model file", "vi": "Tệp mô hình"},
    "date": {"en": "Date", "vi": "Ngày"},
    "command": {"en": "Command", "vi": "Lệnh"},
    "version": {"en": "innovsd version", "vi": "Phiên bản innovsd"},
    "ensemble": {"en": "Uncertainty", "vi": "Độ bất định"},
    "calibrated on": {"en": "calibrated on the 2013–2025 history", "vi": "hiệu chỉnh theo số liệu 2013–2025"},
    "page": {"en": "page", "vi": "trang"},
    # workbook
    "year": {"en": "Year", "vi": "Năm"},
    "scorecard sheet": {"en": "Scorecard {year}", "vi": "Đánh giá mục tiêu {year}"},
    "scenario": {"en": "Scenario", "vi": "Kịch bản"},
    "value": {"en": "Value", "vi": "Giá trị"},
    "first year": {"en": "First year met", "vi": "Năm đầu tiên đạt"},
    "never": {"en": "not by 2035", "vi": "chưa đạt đến 2035"},
    "metadata": {"en": "About", "vi": "Thông tin"},
    "item": {"en": "Item", "vi": "Mục"},
    "set": {"en": "Parameter set", "vi": "Bộ tham số"},
    "data": {"en": "Data files", "vi": "Tệp dữ liệu"},
    "scenario files": {"en": "Scenario files", "vi": "Tệp kịch bản"},
    "provenance of set": {"en": "Provenance of the parameter set", "vi": "Nguồn gốc bộ tham số"},
}


def text(key: str, lang: str, **values) -> str:
    phrase = TEXT[key][lang]
    return phrase.format(**values) if values else phrase


def number(value: float | None, lang: str, digits: int = 1) -> str:
    """51.5 in English, 51,5 in Vietnamese; thousands 1,234 / 1.234."""
    if value is None or not math.isfinite(value):
        return "–"
    formatted = f"{value:,.{digits}f}"
    if lang == "vi":
        formatted = formatted.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return formatted


def joined(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {text('and', lang)} " + items[-1]
