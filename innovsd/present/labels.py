"""Interface words in English and Vietnamese, and display names of indicators (model/indicators.csv)."""

from __future__ import annotations

from innovsd.model.errors import InputError
from innovsd.model.indicator_table import INDICATOR_TABLE, Indicator, indicators, key_indicators  # noqa: F401

LANGUAGES = ("en", "vi")

# Words the tables and figures use around the indicator names.
WORDS = {
    "year": {"en": "Year", "vi": "Năm"},
    "history": {"en": "History (source documents)", "vi": "Số liệu lịch sử (tài liệu nguồn)"},
    "target": {"en": "2030 target", "vi": "Mục tiêu 2030"},
    "scenario": {"en": "Scenario", "vi": "Kịch bản"},
    "indicator": {"en": "Indicator", "vi": "Chỉ tiêu"},
    "met": {"en": "met", "vi": "đạt"},
    "not met": {"en": "not met", "vi": "chưa đạt"},
    "never": {"en": "not by 2035", "vi": "chưa đạt đến 2035"},
    "vs baseline": {"en": "vs baseline", "vi": "so với cơ sở"},
    "first year met": {"en": "First year target met", "vi": "Năm đầu tiên đạt mục tiêu"},
    "probability": {"en": "Probability of meeting", "vi": "Xác suất đạt"},
    "band": {"en": "5-95% band", "vi": "khoảng 5-95%"},
    "simulated": {"en": "Simulated", "vi": "Mô phỏng"},
    "observed": {"en": "Observed", "vi": "Quan sát"},
    "source": {"en": "Source", "vi": "Nguồn"},
    "model note": {
        "en": "innovsd model of Hai Phong's ST&I ecosystem (pre-2025 city boundary)",
        "vi": "Mô hình innovsd về hệ sinh thái KH,CN&ĐMST Hải Phòng (địa giới trước 2025)",
    },
    # compare and report (scenarios/); {placeholders} are filled with str.format
    "growth target": {"en": "target: ≥ {low:g}%/yr from {start}", "vi": "mục tiêu: ≥ {low:g}%/năm từ {start}"},
    "period mean": {"en": "mean {start}-{end}", "vi": "bình quân {start}-{end}"},
    "period sum mean": {"en": "yearly mean of the {start}-{end} total", "vi": "bình quân năm của tổng {start}-{end}"},
    "value": {"en": "Value", "vi": "Giá trị"},
    "target value": {"en": "Target", "vi": "Mục tiêu"},
    "percent per year": {"en": "%/yr", "vi": "%/năm"},
    "n/a": {"en": "n/a", "vi": "không xác định"},
    "scorecard": {"en": "Scorecard, {year}", "vi": "Bảng đánh giá mục tiêu, năm {year}"},
    "overview": {"en": "Policy scenarios against the 2030 targets", "vi": "Các kịch bản chính sách so với mục tiêu năm 2030"},
    "levers": {"en": "Policy levers by scenario", "vi": "Các công cụ/giải pháp chính sách theo kịch bản"},
    "settings": {"en": "Constants set", "vi": "Tham số được đặt"},
    "extends": {"en": "Extends", "vi": "Kế thừa"},
    "title": {"en": "Title", "vi": "Tiêu đề"},
    "source document": {"en": "Source decision", "vi": "Văn bản nguồn"},
    "results": {"en": "Results", "vi": "Kết quả"},
    "figures": {"en": "Figures", "vi": "Hình"},
    "members": {"en": "{n} ensemble members", "vi": "{n} bộ tham số"},
    "report title": {"en": "Hai Phong ST&I policy scenarios: brief", "vi": "Kịch bản chính sách KH,CN&ĐMST Hải Phòng: tóm tắt"},
    "question": {"en": "The question", "vi": "Câu hỏi"},
    "question text": {
        "en": "Which of Hai Phong's 2030 science, technology and innovation targets does each policy reach, "
              "and by how much does it move the indicators compared with current trends?",
        "vi": "Mỗi chính sách giúp Hải Phòng đạt những mục tiêu khoa học, công nghệ và đổi mới sáng tạo nào "
              "đến năm 2030, và làm thay đổi các chỉ tiêu bao nhiêu so với xu hướng hiện tại?",
    },
    "scenarios": {"en": "Scenarios", "vi": "Các kịch bản"},
    "calibration fit": {"en": "Calibration fit", "vi": "Mức độ khớp khi hiệu chỉnh"},
    # calibration fit figure (calibration/fit.py)
    "period total": {"en": "Total", "vi": "Tổng"},
    "average growth": {"en": "Average growth", "vi": "Tăng trưởng bình quân"},
    "observed point": {"en": "Observed (year)", "vi": "Quan sát (năm)"},
    "observed mean": {"en": "Observed (period mean)", "vi": "Quan sát (bình quân giai đoạn)"},
    "out of sample": {"en": "Not fitted (after {year})", "vi": "Không dùng để hiệu chỉnh (sau {year})"},
    "uncalibrated": {"en": "Uncalibrated model defaults (no calibrated parameter set found).",
                     "vi": "Giá trị mặc định của mô hình, chưa hiệu chỉnh (không có bộ tham số đã hiệu chỉnh)."},
    "assumptions": {"en": "Main assumptions and their sources", "vi": "Các giả định chính và nguồn"},
    "provenance": {"en": "Provenance", "vi": "Nguồn gốc kết quả"},
    "date": {"en": "Date", "vi": "Ngày"},
    "model file": {"en": "Model", "vi": "Mô hình"},
    "data files": {"en": "Data", "vi": "Dữ liệu"},
    "parameter set": {"en": "Parameter set", "vi": "Bộ tham số"},
    "scenario files": {"en": "Scenario files", "vi": "Tệp kịch bản"},
    "model defaults": {"en": "model defaults", "vi": "mặc định của mô hình"},
    "met legend": {"en": "✓ met, ✗ not met; in brackets: difference to baseline",
                   "vi": "✓ đạt, ✗ chưa đạt; trong ngoặc: chênh lệch so với kịch bản cơ sở"},
    "page": {"en": "page", "vi": "trang"},
    "policy start": {"en": "Scenarios start ({year})", "vi": "Bắt đầu áp dụng kịch bản ({year})"},
    # sensitivity and seek figures (cli/analysis_commands.py)
    "sensitivity": {"en": "Sensitivity of {out} in {year}", "vi": "Độ nhạy của {out} năm {year}"},
    "sobol": {"en": "Sobol' index (total, first-order)", "vi": "Chỉ số Sobol' (toàn phần, bậc một)"},
    "total": {"en": "total (ST)", "vi": "toàn phần (ST)"},
    "first": {"en": "first-order (S1)", "vi": "bậc một (S1)"},
    "morris": {"en": "Morris mu* (change per full range)", "vi": "Morris mu* (thay đổi trên toàn khoảng)"},
    "mc": {"en": "Spearman rank correlation", "vi": "Tương quan hạng Spearman"},
    "fan": {"en": "Uncertainty: median, 25-75% and 5-95% of {n} runs", "vi": "Bất định: trung vị, 25-75% và 5-95% của {n} lần chạy"},
    "median": {"en": "median", "vi": "trung vị"},
    "seek": {"en": "{target}: baseline vs {lever} = {level}", "vi": "{target}: cơ sở và {lever} = {level}"},
    "baseline": {"en": "baseline", "vi": "cơ sở"},
    "lever": {"en": "with lever", "vi": "với công cụ chính sách"},
    "ramp to": {"en": "{lever}: ramp to {level} by {year}", "vi": "{lever}: tăng dần đến {level} vào năm {year}"},
}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise InputError(f"language '{lang}' is not one of {', '.join(LANGUAGES)}", field="lang")
    return lang


def word(key: str, lang: str, **values) -> str:
    """An interface word; ``values`` fill its {placeholders}."""
    text = WORDS[key][lang]
    return text.format(**values) if values else text


def title(variable: str, lang: str) -> str:
    found = indicators().get(variable)
    return found.title[lang] if found else variable


def short(variable: str, lang: str) -> str:
    found = indicators().get(variable)
    return found.short[lang] if found else variable


def unit(variable: str, lang: str) -> str:
    found = indicators().get(variable)
    return found.unit[lang] if found else ""


def label(variable: str, lang: str) -> str:
    """Title with its unit, for axes and table headers."""
    u = unit(variable, lang)
    return f"{title(variable, lang)} ({u})" if u else title(variable, lang)


def target_text(t, lang: str) -> str:
    """Compact target bound in display units, e.g. '62–65 %' or '≥ 16 %/năm (2025–2030)'."""
    bound = f"{t.low:g}–{t.high:g}" if t.high is not None else f"≥ {t.low:g}"
    if t.kind == "growth":
        return f"{bound} {word('percent per year', lang)} ({t.start}–{t.year})"
    return f"{bound} {unit(t.indicator, lang)}"
