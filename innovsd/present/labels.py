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
    "levers": {"en": "Policy instruments by scenario", "vi": "Các công cụ/giải pháp chính sách theo kịch bản"},
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
    "lever": {"en": "with policy instrument", "vi": "với công cụ/giải pháp chính sách"},
    # terminal (cli/): every phrase a command prints goes through this table (tests/test_present.py)
    "results file": {"en": "Results: {path}", "vi": "Kết quả: {path}"},
    "workbook file": {"en": "Workbook: {path}", "vi": "Sổ tính Excel: {path}"},
    "plot file": {"en": "Plot: {path}", "vi": "Biểu đồ: {path}"},
    "figure files": {"en": "Figures: {path} (+ {n} more files)", "vi": "Hình: {path} (+ {n} tệp khác)"},
    "brief file": {"en": "Brief: {path}", "vi": "Bản tóm tắt: {path}"},
    "loop file": {"en": "Causal-loop diagram: {path}", "vi": "Sơ đồ vòng phản hồi: {path}"},
    "wrote": {"en": "wrote {path}", "vi": "đã ghi {path}"},
    "writing figures": {"en": "writing figures (PNG, SVG, PDF)", "vi": "đang vẽ hình (PNG, SVG, PDF)"},
    "writing brief": {"en": "writing the brief", "vi": "đang viết bản tóm tắt"},
    "role stock": {"en": "Stocks ({n})", "vi": "Biến tích lũy ({n})"},
    "role flow": {"en": "Flows ({n})", "vi": "Biến dòng ({n})"},
    "role constant": {"en": "Constants ({n})", "vi": "Hằng số ({n})"},
    "role lever": {"en": "Policy instruments ({n})", "vi": "Công cụ/giải pháp chính sách ({n})"},
    "role auxiliary": {"en": "Auxiliaries ({n})", "vi": "Biến phụ trợ ({n})"},
    "name": {"en": "name", "vi": "tên"},
    "units": {"en": "units", "vi": "đơn vị"},
    "range": {"en": "range", "vi": "khoảng"},
    "basis": {"en": "basis", "vi": "cơ sở"},
    "documentation": {"en": "documentation", "vi": "mô tả"},
    "calibrated note": {"en": "* calibrated on 2013–2025 history (see `innovsd fit`). Full table: model/parameters.csv",
                        "vi": "* hiệu chỉnh theo số liệu 2013–2025 (xem `innovsd fit`). Bảng đầy đủ: model/parameters.csv"},
    "check title": {"en": "innovsd check: validity of the model", "vi": "innovsd check: kiểm định tính hợp lệ của mô hình"},
    "check": {"en": "check", "vi": "phép kiểm tra"},
    "result": {"en": "result", "vi": "kết quả"},
    "detail": {"en": "detail", "vi": "chi tiết"},
    "pass": {"en": "pass", "vi": "đạt"},
    "warn": {"en": "warn", "vi": "cảnh báo"},
    "fail": {"en": "FAIL", "vi": "KHÔNG ĐẠT"},
    "check summary": {"en": "{passed} passed, {warned} warnings (history more than {tolerance} off), {failed} failed",
                      "vi": "{passed} đạt, {warned} cảnh báo (lệch số liệu lịch sử hơn {tolerance}), {failed} không đạt"},
    "scenario list": {"en": "Scenarios (scenarios/*.yaml)", "vi": "Các kịch bản (scenarios/*.yaml)"},
    "source column": {"en": "source", "vi": "nguồn"},
    "extends column": {"en": "extends", "vi": "kế thừa"},
    "title column": {"en": "title", "vi": "tiêu đề"},
    "show one": {"en": "Show one: innovsd scenarios show NAME", "vi": "Xem một kịch bản: innovsd scenarios show TÊN"},
    "source line": {"en": "source: {source}", "vi": "nguồn: {source}"},
    "extends line": {"en": "extends: {extends}  (files: {files})", "vi": "kế thừa: {extends}  (tệp: {files})"},
    "resolved": {"en": "Resolved policy instruments and constants", "vi": "Công cụ/giải pháp chính sách và hằng số sau khi kế thừa"},
    "instrument or constant": {"en": "instrument / constant", "vi": "công cụ / hằng số"},
    "setting": {"en": "setting", "vi": "thiết lập"},
    "model default": {"en": "model default", "vi": "mặc định của mô hình"},
    "default value": {"en": "default {value}", "vi": "mặc định {value}"},
    "sensitivity header": {"en": "{out} {year} — {method}, {runs} runs, scenario {scenario}",
                           "vi": "{out} năm {year} — {method}, {runs} lần chạy, kịch bản {scenario}"},
    "non-finite": {"en": "note: {bad} of {runs} runs gave no finite value of {out} in {year} (extreme corners of the ranges)",
                   "vi": "lưu ý: {bad} trên {runs} lần chạy không cho giá trị hữu hạn của {out} năm {year} (các góc cực trị của khoảng)"},
    "replaced by median": {"en": "; replaced by the median", "vi": "; thay bằng trung vị"},
    "runs": {"en": "{n} runs", "vi": "{n} lần chạy"},
    "seek goal": {"en": "{indicator} ≥ {low} in {year}", "vi": "{indicator} ≥ {low} vào năm {year}"},
    "seek probability": {"en": " with probability ≥ {p}", "vi": " với xác suất ≥ {p}"},
    "seek members": {"en": "{share} of parameter sets", "vi": "{share} số bộ tham số"},
    "seek reached": {"en": "{goal}: smallest {lever} = {level} (gives {gives}; scenario {scenario}).",
                     "vi": "{goal}: mức nhỏ nhất của {lever} = {level} (cho {gives}; kịch bản {scenario})."},
    "seek out of reach": {"en": "{goal}: out of reach with {lever} up to {top}; the top of the range gives {gives}.",
                          "vi": "{goal}: không thể đạt với {lever} đến {top}; mức cao nhất của khoảng cho {gives}."},
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
