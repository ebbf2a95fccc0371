"""Every phrase innovsd shows to a reader (terminal, figures, workbook, brief, explorer), in English
and Vietnamese, in this one table; and numbers in each language's format. Names of the model's
variables and indicators are in innovsd/present/labels.py (from model/indicators.csv, model/names_vi.csv)."""

from __future__ import annotations

import math

from innovsd.errors import InputError

LANGUAGES = ("en", "vi")

# {placeholders} are filled by word(key, lang, **values); tests/test_present.py checks both languages
# have the same ones and that every Vietnamese phrase is Vietnamese.
WORDS = {
    # shared by tables, figures, workbook and brief
    "year": {"en": "Year", "vi": "Năm"},
    "history": {"en": "History (source documents)", "vi": "Số liệu lịch sử (tài liệu nguồn)"},
    "target": {"en": "2030 target", "vi": "Mục tiêu 2030"},
    "scenario": {"en": "Scenario", "vi": "Kịch bản"},
    "scenarios": {"en": "Scenarios", "vi": "Các kịch bản"},
    "indicator": {"en": "Indicator", "vi": "Chỉ tiêu"},
    "met": {"en": "met", "vi": "đạt"},
    "not met": {"en": "not met", "vi": "chưa đạt"},
    "never": {"en": "not by 2035", "vi": "chưa đạt đến 2035"},
    "first year met": {"en": "First year target met", "vi": "Năm đầu tiên đạt mục tiêu"},
    "probability": {"en": "probability of meeting", "vi": "xác suất đạt"},
    "band": {"en": "5–95 % band", "vi": "khoảng 5–95 %"},
    "simulated": {"en": "Simulated", "vi": "Mô phỏng"},
    "observed": {"en": "Observed", "vi": "Quan sát"},
    "source": {"en": "Source", "vi": "Nguồn"},
    "sources": {"en": "Sources", "vi": "Nguồn"},
    "model note": {
        "en": "innovsd model of Hai Phong's ST&I ecosystem (pre-2025 city boundary)",
        "vi": "Mô hình innovsd về hệ sinh thái KH,CN&ĐMST Hải Phòng (địa giới trước 2025)",
    },
    "value": {"en": "Value", "vi": "Giá trị"},
    "target value": {"en": "Target", "vi": "Mục tiêu"},
    "percent per year": {"en": "%/yr", "vi": "%/năm"},
    "n/a": {"en": "n/a", "vi": "không xác định"},
    "scorecard": {"en": "Scorecard, {year}", "vi": "Bảng đánh giá mục tiêu, năm {year}"},
    "members": {"en": "{n} parameter sets", "vi": "{n} bộ tham số"},
    "parameter set": {"en": "Parameter set", "vi": "Bộ tham số"},
    "model defaults": {"en": "model defaults", "vi": "mặc định của mô hình"},
    "date": {"en": "Date", "vi": "Ngày"},
    "command": {"en": "Command", "vi": "Lệnh"},
    "version": {"en": "innovsd version", "vi": "Phiên bản innovsd"},
    "model file": {"en": "Model file", "vi": "Tệp mô hình"},
    "data files": {"en": "Data files", "vi": "Tệp dữ liệu"},
    "scenario files": {"en": "Scenario files", "vi": "Tệp kịch bản"},
    "ensemble": {"en": "Uncertainty", "vi": "Độ bất định"},
    "page": {"en": "page", "vi": "trang"},
    "and": {"en": "and", "vi": "và"},
    # causal-loop diagram (innovsd/present/model_figures.py)
    "loops title": {"en": "Feedback loops of the model", "vi": "Các vòng phản hồi của mô hình"},
    "loops note": {"en": "+ / \u2212: the effect moves in the same / opposite direction; R reinforcing, B balancing loop",
                   "vi": "+ / \u2212: tác động cùng chiều / ngược chiều; R vòng tăng cường, B vòng cân bằng"},
    # compare figures (innovsd/present/compare_figures.py)
    "growth target": {"en": "target: ≥ {low}%/yr from {start}", "vi": "mục tiêu: ≥ {low}%/năm từ {start}"},
    "overview": {"en": "Policy scenarios against the 2030 targets", "vi": "Các kịch bản chính sách so với mục tiêu năm 2030"},
    "levers": {"en": "Policy instruments by scenario", "vi": "Các công cụ/giải pháp chính sách theo kịch bản"},
    "policy start": {"en": "Scenarios start ({year})", "vi": "Bắt đầu áp dụng kịch bản ({year})"},
    # calibration fit figure (calibration/fit.py)
    "period total": {"en": "Total", "vi": "Tổng"},
    "average growth": {"en": "Average growth", "vi": "Tăng trưởng bình quân"},
    "observed point": {"en": "Observed (year)", "vi": "Quan sát (năm)"},
    "observed mean": {"en": "Observed (period mean)", "vi": "Quan sát (bình quân giai đoạn)"},
    "out of sample": {"en": "Not fitted (after {year})", "vi": "Không dùng để hiệu chỉnh (sau {year})"},
    # sensitivity and seek figures (innovsd/present/analysis.py)
    "sensitivity": {"en": "Sensitivity of {out} in {year}", "vi": "Độ nhạy của {out} năm {year}"},
    "sobol": {"en": "Sobol' index (total, first-order)", "vi": "Chỉ số Sobol' (toàn phần, bậc một)"},
    "total": {"en": "total (ST)", "vi": "toàn phần (ST)"},
    "first": {"en": "first-order (S1)", "vi": "bậc một (S1)"},
    "morris": {"en": "Morris mu* (change per full range)", "vi": "Morris mu* (thay đổi trên toàn khoảng)"},
    "mc": {"en": "Spearman rank correlation", "vi": "Tương quan hạng Spearman"},
    "fan": {"en": "Uncertainty: median, 25–75 % and 5–95 % of {n} runs",
            "vi": "Bất định: trung vị, khoảng 25–75 % và 5–95 % của {n} lần chạy"},
    "median": {"en": "median", "vi": "trung vị"},
    "baseline": {"en": "baseline", "vi": "cơ sở"},
    "ramp to": {"en": "{lever}: ramp to {level} by {year}", "vi": "{lever}: tăng dần đến {level} vào năm {year}"},
    "sampling posterior": {"en": "posterior of {file}", "vi": "phân bố hậu nghiệm của {file}"},
    "sampling uniform": {"en": "uniform over their search bounds", "vi": "đều trong khoảng tìm kiếm"},
    "sampling joint": {"en": "joint draws", "vi": "rút đồng thời"},
    "sampling independent": {"en": "drawn independently", "vi": "rút độc lập"},
    "sampling note": {"en": "assumptions uniform over model/parameters.csv ranges; calibrated parameters: {calibrated} ({how})",
                      "vi": "giả định: đều trong khoảng của model/parameters.csv; tham số hiệu chỉnh: {calibrated} ({how})"},
    # terminal (cli/): every phrase a command prints goes through this table (tests/test_present.py)
    "results file": {"en": "Results: {path}", "vi": "Kết quả: {path}"},
    "workbook file": {"en": "Workbook: {path}", "vi": "Sổ tính Excel: {path}"},
    "plot file": {"en": "Plot: {path}", "vi": "Biểu đồ: {path}"},
    "figure files": {"en": "Figures: {path} (+ {n} more files)", "vi": "Hình: {path} (+ {n} tệp khác)"},
    "brief file": {"en": "Brief: {path}", "vi": "Bản tóm tắt: {path}"},
    "loop file": {"en": "Causal-loop diagram: {path}", "vi": "Sơ đồ vòng phản hồi: {path}"},
    "wrote": {"en": "wrote {path}", "vi": "đã ghi {path}"},
    "writing figures": {"en": "writing figures ({formats})", "vi": "đang vẽ hình ({formats})"},
    "writing brief": {"en": "writing the brief", "vi": "đang viết bản tóm tắt"},
    "met legend": {"en": "✓ met, ✗ not met; in brackets: difference to baseline",
                   "vi": "✓ đạt, ✗ chưa đạt; trong ngoặc: chênh lệch so với kịch bản cơ sở"},
    # describe, check (cli/model_commands.py)
    "role stock": {"en": "Stocks ({n})", "vi": "Biến tích lũy ({n})"},
    "role flow": {"en": "Flows ({n})", "vi": "Biến dòng ({n})"},
    "role constant": {"en": "Constants ({n})", "vi": "Hằng số ({n})"},
    "role lever": {"en": "Policy instruments ({n})", "vi": "Công cụ/giải pháp chính sách ({n})"},
    "role auxiliary": {"en": "Auxiliaries ({n})", "vi": "Biến phụ trợ ({n})"},
    "name": {"en": "name", "vi": "tên"},
    "model name": {"en": "model name", "vi": "tên trong mô hình"},
    "units": {"en": "units", "vi": "đơn vị"},
    "range": {"en": "range", "vi": "khoảng"},
    "basis": {"en": "basis", "vi": "cơ sở"},
    "documentation": {"en": "documentation", "vi": "mô tả"},
    "basis assumption": {"en": "assumption", "vi": "giả định"},  # the basis column of model/parameters.csv
    "basis calibrated": {"en": "calibrated", "vi": "hiệu chỉnh"},
    "basis conversion": {"en": "conversion", "vi": "quy đổi đơn vị"},
    "basis document": {"en": "document", "vi": "văn bản"},
    "basis lever": {"en": "lever", "vi": "công cụ chính sách"},
    "basis literature": {"en": "literature", "vi": "tài liệu nghiên cứu"},
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
    # scenarios list, show (cli/scenario_commands.py)
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
    # sensitivity, seek (cli/analysis_commands.py)
    "sensitivity header": {"en": "{out} {year} — {method}, {runs} runs, scenario {scenario}",
                           "vi": "{out} năm {year} — {method}, {runs} lần chạy, kịch bản {scenario}"},
    "non-finite": {"en": "note: {bad} of {runs} runs gave no finite value of {out} in {year} (extreme corners of the ranges)",
                   "vi": "lưu ý: {bad} trên {runs} lần chạy không cho giá trị hữu hạn của {out} năm {year} (các góc cực trị của khoảng)"},
    "replaced by median": {"en": "; replaced by the median", "vi": "; thay bằng trung vị"},
    "seek goal": {"en": "{indicator} ≥ {low} in {year}", "vi": "{indicator} ≥ {low} vào năm {year}"},
    "seek probability": {"en": " with probability ≥ {p}", "vi": " với xác suất ≥ {p}"},
    "seek members": {"en": "{share} of parameter sets", "vi": "{share} số bộ tham số"},
    "seek reached": {"en": "{goal}: smallest {lever} = {level} (gives {gives}; scenario {scenario}).",
                     "vi": "{goal}: mức nhỏ nhất của {lever} = {level} (cho {gives}; kịch bản {scenario})."},
    "seek out of reach": {"en": "{goal}: out of reach with {lever} up to {top}; the top of the range gives {gives}.",
                          "vi": "{goal}: không thể đạt với {lever} đến {top}; mức cao nhất của khoảng cho {gives}."},
    # calibrate, fit (cli/calibration_commands.py, innovsd/present/calibration.py)
    "global search": {"en": "global search (generations)", "vi": "tìm kiếm toàn cục (số thế hệ)"},
    "posterior steps": {"en": "posterior (MCMC steps)", "vi": "phân bố hậu nghiệm (số bước MCMC)"},
    "best payoff": {"en": "best payoff {best}", "vi": "hàm mục tiêu tốt nhất {best}"},
    "identification title": {"en": "Calibrated parameters: what the data pin down",
                             "vi": "Tham số hiệu chỉnh: số liệu xác định được đến đâu"},
    "parameter": {"en": "parameter", "vi": "tham số"},
    "bounds": {"en": "bounds", "vi": "giới hạn"},
    "range over bounds": {"en": "range/bounds", "vi": "khoảng/giới hạn"},
    "flags": {"en": "flags", "vi": "lưu ý"},
    "no posterior": {"en": "(no posterior)", "vi": "(không có phân bố hậu nghiệm)"},
    # flags of calibration/calibrate.py identify()
    "flag wide range": {"en": "wide range", "vi": "khoảng rộng"},
    "flag at bound": {"en": "at bound", "vi": "chạm giới hạn"},
    "flag no data sensitivity (prior/bounds only)": {"en": "no data sensitivity (prior/bounds only)",
                                                     "vi": "số liệu không tác động (chỉ theo phân bố tiên nghiệm/giới hạn)"},
    "flag corr": {"en": "corr {r} with {other}", "vi": "tương quan {r} với {other}"},
    "series title": {"en": "Fit by series (MAPE in %, Theil shares of the MSE)",
                     "vi": "Mức độ khớp theo chuỗi số liệu (MAPE tính bằng %, tỷ phần Theil của MSE)"},
    "series": {"en": "series", "vi": "chuỗi số liệu"},
    "out": {"en": "out", "vi": "ngoài mẫu"},
    "observations fitted": {"en": "Observations fitted", "vi": "Các quan sát dùng để hiệu chỉnh"},
    "out of sample title": {"en": "Out of sample (ending after {year})", "vi": "Ngoài mẫu (kết thúc sau năm {year})"},
    "observation": {"en": "observation", "vi": "quan sát"},
    "weight": {"en": "weight", "vi": "trọng số"},
    "observed column": {"en": "observed", "vi": "quan sát"},
    "simulated column": {"en": "simulated", "vi": "mô phỏng"},
    "error": {"en": "error", "vi": "sai số"},
    "error percent": {"en": "error %", "vi": "sai số %"},
    "predictive 90": {"en": "90 % predictive", "vi": "khoảng dự báo 90 %"},
    "inside": {"en": "inside", "vi": "nằm trong"},
    "yes": {"en": "yes", "vi": "có"},
    "no": {"en": "no", "vi": "không"},
    "kind point": {"en": "point", "vi": "giá trị năm"},  # calibration.history.KINDS
    "kind mean": {"en": "mean", "vi": "bình quân"},
    "kind sum": {"en": "sum", "vi": "tổng"},
    "kind growth": {"en": "growth", "vi": "tăng trưởng"},
    "coverage": {"en": ", {share} inside their 90 % predictive intervals", "vi": ", {share} nằm trong khoảng dự báo 90 %"},
    "out of sample line": {"en": "out of sample, {title}: {n} observations, mean error {error}{coverage}",
                           "vi": "ngoài mẫu, {title}: {n} quan sát, sai số bình quân {error}{coverage}"},
    "search summary": {"en": "payoff {payoff}; {generations} generations, {evaluations} evaluations; {seconds}",
                       "vi": "hàm mục tiêu {payoff}; {generations} thế hệ, {evaluations} lần đánh giá; {seconds}"},
    "seconds": {"en": "{stage} {seconds} s", "vi": "{stage} {seconds} giây"},
    "stage global search": {"en": "global search", "vi": "tìm kiếm toàn cục"},  # calibration/calibrate.py stages
    "stage polish": {"en": "polish", "vi": "tinh chỉnh cục bộ"},
    "stage posterior": {"en": "posterior", "vi": "lấy mẫu hậu nghiệm"},
    "posterior summary": {"en": "posterior: {draws} draws kept from {chains} chains × {steps} steps ({runs} runs); "
                                "effective sample size ≥ {ess} for every parameter (tail ≥ {tail}), R-hat ≤ {rhat}",
                          "vi": "phân bố hậu nghiệm: giữ {draws} mẫu từ {chains} chuỗi × {steps} bước ({runs} lần chạy); "
                                "cỡ mẫu hiệu dụng ≥ {ess} với mọi tham số (phần đuôi ≥ {tail}), R-hat ≤ {rhat}"},
    "wall time": {"en": "calibration took {seconds} s (wall clock)", "vi": "hiệu chỉnh mất {seconds} giây (thời gian thực)"},
    "effective sample size": {"en": "ESS", "vi": "cỡ mẫu hiệu dụng"},
    "calibration files": {"en": "parameter set: {path} (+ {cin}); fit tables: {folder}",
                          "vi": "bộ tham số: {path} (+ {cin}); bảng mức độ khớp: {folder}"},
    "calibration interrupted": {"en": "interrupted during the {stage}: best set so far written to {path} (marked interrupted)",
                                "vi": "bị ngắt trong giai đoạn {stage}: bộ tham số tốt nhất đến lúc đó đã ghi vào {path} (đánh dấu bị ngắt)"},
    "note": {"en": "note: {text}", "vi": "lưu ý: {text}"},
    "written": {"en": "written: {paths}", "vi": "đã ghi: {paths}"},
    # explore, export, diff (cli/deliverable_commands.py)
    "running grid": {"en": "running the lever grid", "vi": "đang chạy lưới các công cụ/giải pháp chính sách"},
    "explorer file": {"en": "Explorer: {path} ({size} MB, {combos} combinations × {sets} parameter sets)",
                      "vi": "Trang khám phá: {path} ({size} MB, {combos} tổ hợp × {sets} bộ tham số)"},
    "inputs differ": {"en": "Inputs that differ", "vi": "Các đầu vào khác nhau"},
    "input": {"en": "input", "vi": "đầu vào"},
    "same inputs": {"en": "Inputs: the same model, data, parameter set and scenario files.",
                    "vi": "Đầu vào: cùng mô hình, dữ liệu, bộ tham số và tệp kịch bản."},
    "no value changed": {"en": "Scorecard: no value changed.", "vi": "Bảng đánh giá mục tiêu: không có giá trị nào thay đổi."},
    "values differ": {"en": "Scorecard values that differ", "vi": "Các giá trị khác nhau trong bảng đánh giá mục tiêu"},
    "target column": {"en": "target", "vi": "mục tiêu"},
    "scenario column": {"en": "scenario", "vi": "kịch bản"},
    "met change": {"en": "met A → B", "vi": "đạt A → B"},
    # rundiff.INPUTS, as the diff table names them
    "input model file": {"en": "model file", "vi": "tệp mô hình"},
    "input parameter table": {"en": "parameter table", "vi": "bảng tham số"},
    "input parameter set file": {"en": "parameter set file", "vi": "tệp bộ tham số"},
    "input parameter set content": {"en": "parameter set content", "vi": "nội dung bộ tham số"},
    "input ensemble members": {"en": "ensemble members", "vi": "số bộ tham số"},
    "input history data": {"en": "history data", "vi": "số liệu lịch sử"},
    "input targets": {"en": "targets", "vi": "các mục tiêu"},
    "input scenarios": {"en": "scenarios", "vi": "các kịch bản"},
    "input scenario files": {"en": "scenario files", "vi": "tệp kịch bản"},
    # explorer page (innovsd/present/explore.html looks these up by key)
    "explorer title": {"en": "Hai Phong ST&I policy explorer", "vi": "Công cụ khám phá chính sách KH,CN&ĐMST Hải Phòng"},
    "explorer levers": {"en": "Policy instruments (level reached by 2030)",
                        "vi": "Công cụ/giải pháp chính sách (mức đạt được vào năm 2030)"},
    "trend": {"en": "historical trend", "vi": "theo xu hướng lịch sử"},
    "selected": {"en": "selected policy", "vi": "chính sách đã chọn"},
    "dashed scenarios": {"en": "Scenarios (dashed)", "vi": "Các kịch bản (nét đứt)"},
    "about": {"en": "About these numbers", "vi": "Về các con số"},
    "how": {"en": "Each slider position was simulated in advance with the calibrated model (innovsd). "
                  "Ramped instruments rise from their 2025 level to the chosen level by 2030 and stay there; "
                  "the venture-capital fund is the city's capital, paid in from 2026. The band and the probability "
                  "come from the calibrated parameter sets.",
            "vi": "Mỗi vị trí của thanh trượt đã được mô phỏng trước bằng mô hình đã hiệu chỉnh (innovsd). "
                  "Các công cụ tăng dần từ mức năm 2025 đến mức đã chọn vào năm 2030 rồi giữ nguyên; "
                  "quỹ đầu tư mạo hiểm là vốn của thành phố, góp từ năm 2026. Khoảng giá trị và xác suất "
                  "được tính từ các bộ tham số đã hiệu chỉnh."},
    "made": {"en": "Computed", "vi": "Tính ngày"},
    "model": {"en": "model", "vi": "mô hình"},
    # brief (innovsd/present/brief.py)
    "brief title": {"en": "Hai Phong science, technology and innovation policy: scenario brief",
                    "vi": "Chính sách khoa học, công nghệ và đổi mới sáng tạo của Hải Phòng: tóm tắt kịch bản"},
    "question": {"en": "The question", "vi": "Câu hỏi"},
    "question text": {
        "en": "Which of Hai Phong's 2030 science, technology and innovation targets does each policy reach, "
              "and by how much does it move the indicators compared with current trends?",
        "vi": "Mỗi chính sách giúp Hải Phòng đạt những mục tiêu khoa học, công nghệ và đổi mới sáng tạo nào "
              "đến năm 2030, và làm thay đổi các chỉ tiêu bao nhiêu so với xu hướng hiện tại?",
    },
    "conclusions": {"en": "Conclusions", "vi": "Kết luận"},
    "figures": {"en": "Figures", "vi": "Hình"},
    "figure": {"en": "Figure", "vi": "Hình"},
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
    "provenance": {"en": "How these results were made", "vi": "Cách tạo ra các kết quả này"},
    "calibrated on": {"en": "calibrated on the 2013–2025 history", "vi": "hiệu chỉnh theo số liệu 2013–2025"},
    # workbook (innovsd/present/workbook.py)
    "scorecard sheet": {"en": "Scorecard {year}", "vi": "Đánh giá mục tiêu {year}"},
    "first year": {"en": "First year met", "vi": "Năm đầu tiên đạt"},
    "metadata": {"en": "About", "vi": "Thông tin"},
    "item": {"en": "Item", "vi": "Mục"},
    "provenance of set": {"en": "Provenance of the parameter set", "vi": "Nguồn gốc bộ tham số"},
    # keys of a parameter set's provenance record (innovsd/present/adapters.py)
    "set kind": {"en": "kind", "vi": "loại"},
    "set command": {"en": "command", "vi": "lệnh"},
    "set created_utc": {"en": "created (UTC)", "vi": "thời điểm tạo (UTC)"},
    "set innovsd_version": {"en": "innovsd version", "vi": "phiên bản innovsd"},
    "set model_sha256": {"en": "model sha256", "vi": "sha256 của mô hình"},
    "set data_sha256": {"en": "data sha256", "vi": "sha256 của dữ liệu"},
    "set observations_used": {"en": "observations used", "vi": "số quan sát đã dùng"},
    "set until": {"en": "fitted until", "vi": "hiệu chỉnh đến năm"},
    "set source": {"en": "source", "vi": "nguồn"},
}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise InputError("unknown language", lang=lang, known=", ".join(LANGUAGES), field="lang")
    return lang


def word(key: str, lang: str, **values) -> str:
    """A phrase; ``values`` fill its {placeholders}."""
    phrase = WORDS[key][lang]
    return phrase.format(**values) if values else phrase


def number(value: float | None, lang: str, digits: int = 1) -> str:
    """51.5 in English, 51,5 in Vietnamese; thousands 1,234 / 1.234."""
    if value is None or not math.isfinite(value):
        return "–"
    formatted = f"{value:,.{digits}f}"
    if lang == "vi":
        formatted = formatted.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return formatted


def signed(value: float | None, lang: str, digits: int = 1) -> str:
    """+1.5 / -1.5 with the language's decimal mark."""
    shown = number(value, lang, digits)
    return "+" + shown if value is not None and math.isfinite(value) and value >= 0 else shown


def rounded(value: float | None, lang: str) -> str:
    """A whole number without decimals, anything else with one: targets and bounds (62–65, 1,5)."""
    return number(value, lang, 0 if value is None or float(value).is_integer() else 1)


def significant(value: float | None, lang: str, digits: int = 3, sign: bool = False) -> str:
    """``digits`` significant digits (like {:.3g}) with the language's decimal mark; large numbers whole."""
    if value is None or not math.isfinite(value):
        return "–"
    if abs(value) >= 10 ** digits:
        return ("+" if sign and value > 0 else "") + number(value, lang, 0)
    formatted = f"{value:{'+' if sign else ''}.{digits}g}"
    return formatted.replace(".", ",") if lang == "vi" else formatted


def percent(share: float | None, lang: str, digits: int = 0) -> str:
    """0.07 as '7 %'."""
    return "–" if share is None or not math.isfinite(share) else f"{number(100 * share, lang, digits)} %"


def joined(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word('and', lang)} " + items[-1]
