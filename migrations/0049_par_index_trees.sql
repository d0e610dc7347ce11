-- The PAR Index criteria trees of 2025 (migration 0048's par_sets / par_nodes): the ministries' tree in the shape of
-- Decision 876/QĐ-BNV (2022) — 7 fields, 100 points of which 31.5 from the sociological survey — and the provinces' tree
-- (8 fields, the eighth the impact of the reform). The field names follow the published method; the criteria,
-- sub-criteria and their maxima are ILLUSTRATIVE where the official sub-criteria were not available: staff correct
-- them on /quan-tri/chi-so-cchc (the validator keeps every parent equal to the sum of its children, total 100).
-- A later year starts as a copy of the previous year's tree (ParIndexService.copySet).
INSERT INTO par_sets (kind, year, name, note) VALUES ('ministry', 2025, 'Chỉ số CCHC cấp bộ 2025 (theo Quyết định 876/QĐ-BNV)', 'Tên lĩnh vực theo Quyết định 876/QĐ-BNV ngày 10/11/2022; tiêu chí, tiêu chí thành phần và điểm tối đa của từng tiêu chí là minh họa, cần đối chiếu với văn bản hướng dẫn chính thức. Điểm điều tra xã hội học: 31,5/100.');
INSERT INTO par_nodes (set_id, depth, code, position, name, name_en, max_points, evidence_required, from_survey, auto_source)
SELECT s.id, v.depth, v.code, v.position, v.name, v.name_en, v.max_points, v.evidence, v.survey, v.auto
FROM par_sets s, (VALUES
  (1, '1', 1, 'Công tác chỉ đạo, điều hành cải cách hành chính', 'Direction and management of administrative reform', 12.00, false, false, NULL::text),
  (2, '1.1', 2, 'Kế hoạch cải cách hành chính năm', NULL, 3.00, false, false, NULL::text),
  (3, '1.1.1', 3, 'Ban hành kế hoạch CCHC năm kịp thời', NULL, 1.00, true, false, NULL::text),
  (3, '1.1.2', 4, 'Mức độ thực hiện kế hoạch CCHC', NULL, 2.00, true, false, NULL::text),
  (2, '1.2', 5, 'Báo cáo cải cách hành chính định kỳ', NULL, 2.00, true, false, NULL::text),
  (2, '1.3', 6, 'Kiểm tra công tác cải cách hành chính', NULL, 2.00, true, false, NULL::text),
  (2, '1.4', 7, 'Công tác tuyên truyền cải cách hành chính', NULL, 1.50, false, false, NULL::text),
  (2, '1.5', 8, 'Sáng kiến, giải pháp mới trong cải cách hành chính', NULL, 1.00, false, false, NULL::text),
  (2, '1.6', 9, 'Đánh giá về công tác chỉ đạo, điều hành CCHC (điều tra xã hội học)', NULL, 2.50, false, true, NULL::text),
  (1, '2', 10, 'Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật', 'Making and implementing legal documents', 13.00, false, false, NULL::text),
  (2, '2.1', 11, 'Xây dựng, ban hành văn bản quy phạm pháp luật', NULL, 4.00, false, false, NULL::text),
  (3, '2.1.1', 12, 'Thực hiện chương trình xây dựng văn bản QPPL', NULL, 2.00, true, false, NULL::text),
  (3, '2.1.2', 13, 'Chất lượng văn bản QPPL được ban hành', NULL, 2.00, false, false, NULL::text),
  (2, '2.2', 14, 'Rà soát, hệ thống hóa văn bản QPPL', NULL, 2.00, true, false, NULL::text),
  (2, '2.3', 15, 'Kiểm tra, xử lý văn bản QPPL', NULL, 2.00, false, false, NULL::text),
  (2, '2.4', 16, 'Đánh giá về chất lượng văn bản QPPL (điều tra xã hội học)', NULL, 5.00, false, true, NULL::text),
  (1, '3', 17, 'Cải cách thủ tục hành chính', 'Reform of administrative procedures', 15.00, false, false, NULL::text),
  (2, '3.1', 18, 'Kiểm soát thủ tục hành chính', NULL, 3.00, false, false, NULL::text),
  (3, '3.1.1', 19, 'Công bố, công khai thủ tục hành chính đúng hạn', NULL, 1.50, true, false, NULL::text),
  (3, '3.1.2', 20, 'Rà soát, đơn giản hóa thủ tục hành chính', NULL, 1.50, false, false, NULL::text),
  (2, '3.2', 21, 'Thực hiện cơ chế một cửa, một cửa liên thông', NULL, 4.00, false, false, NULL::text),
  (3, '3.2.1', 22, 'Tỷ lệ hồ sơ giải quyết đúng hạn', NULL, 2.00, false, false, 'on_time_rate'),
  (3, '3.2.2', 23, 'Kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766)', NULL, 2.00, false, false, 'score_766'),
  (2, '3.3', 24, 'Tiếp nhận, xử lý phản ánh, kiến nghị về thủ tục hành chính', NULL, 2.00, false, false, NULL::text),
  (2, '3.4', 25, 'Sự hài lòng của người dân, tổ chức về thủ tục hành chính (SIPAS)', NULL, 6.00, false, true, 'sipas'),
  (1, '4', 26, 'Cải cách tổ chức bộ máy hành chính', 'Reform of the administrative apparatus', 10.00, false, false, NULL::text),
  (2, '4.1', 27, 'Tuân thủ quy định về cơ cấu tổ chức', NULL, 3.00, true, false, NULL::text),
  (2, '4.2', 28, 'Sắp xếp, tinh gọn tổ chức bộ máy', NULL, 2.50, false, false, NULL::text),
  (2, '4.3', 29, 'Phân cấp, ủy quyền quản lý nhà nước', NULL, 2.00, false, false, NULL::text),
  (2, '4.4', 30, 'Đánh giá về tổ chức bộ máy (điều tra xã hội học)', NULL, 2.50, false, true, NULL::text),
  (1, '5', 31, 'Cải cách chế độ công vụ', 'Civil service reform', 14.00, false, false, NULL::text),
  (2, '5.1', 32, 'Vị trí việc làm và biên chế công chức', NULL, 3.00, true, false, NULL::text),
  (2, '5.2', 33, 'Tuyển dụng, sử dụng và quản lý công chức', NULL, 3.00, false, false, NULL::text),
  (2, '5.3', 34, 'Đào tạo, bồi dưỡng công chức', NULL, 2.00, false, false, NULL::text),
  (2, '5.4', 35, 'Kỷ luật, kỷ cương hành chính', NULL, 2.00, false, false, NULL::text),
  (2, '5.5', 36, 'Đánh giá về đội ngũ công chức (điều tra xã hội học)', NULL, 4.00, false, true, NULL::text),
  (1, '6', 37, 'Cải cách tài chính công', 'Public finance reform', 10.00, false, false, NULL::text),
  (2, '6.1', 38, 'Quản lý, sử dụng ngân sách nhà nước', NULL, 3.00, true, false, NULL::text),
  (2, '6.2', 39, 'Cơ chế tự chủ của đơn vị sự nghiệp công lập', NULL, 3.00, false, false, NULL::text),
  (2, '6.3', 40, 'Đánh giá về quản lý tài chính công (điều tra xã hội học)', NULL, 4.00, false, true, NULL::text),
  (1, '7', 41, 'Xây dựng, phát triển Chính phủ điện tử, Chính phủ số', 'Digital government', 26.00, false, false, NULL::text),
  (2, '7.1', 42, 'Hạ tầng, nền tảng số', NULL, 4.00, false, false, NULL::text),
  (2, '7.2', 43, 'Ứng dụng công nghệ thông tin trong hoạt động nội bộ', NULL, 4.00, false, false, NULL::text),
  (2, '7.3', 44, 'Cung cấp dịch vụ công trực tuyến', NULL, 8.00, false, false, NULL::text),
  (3, '7.3.1', 45, 'Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình, một phần', NULL, 4.00, false, false, 'online_services'),
  (3, '7.3.2', 46, 'Tỷ lệ hồ sơ được tiếp nhận, giải quyết trực tuyến', NULL, 4.00, false, false, NULL::text),
  (2, '7.4', 47, 'Bảo đảm an toàn thông tin mạng', NULL, 2.50, false, false, NULL::text),
  (2, '7.5', 48, 'Đánh giá về dịch vụ công trực tuyến (điều tra xã hội học)', NULL, 7.50, false, true, NULL::text)
) AS v (depth, code, position, name, name_en, max_points, evidence, survey, auto)
WHERE s.kind = 'ministry' AND s.year = 2025;
INSERT INTO par_sets (kind, year, name, note) VALUES ('province', 2025, 'Chỉ số CCHC cấp tỉnh 2025', 'Tám lĩnh vực của bộ tiêu chí cấp tỉnh; tiêu chí, tiêu chí thành phần và điểm tối đa là minh họa, cần đối chiếu với văn bản hướng dẫn chính thức.');
INSERT INTO par_nodes (set_id, depth, code, position, name, name_en, max_points, evidence_required, from_survey, auto_source)
SELECT s.id, v.depth, v.code, v.position, v.name, v.name_en, v.max_points, v.evidence, v.survey, v.auto
FROM par_sets s, (VALUES
  (1, '1', 1, 'Công tác chỉ đạo, điều hành cải cách hành chính', 'Direction and management of administrative reform', 9.00, false, false, NULL::text),
  (2, '1.1', 2, 'Kế hoạch cải cách hành chính năm', NULL, 3.00, false, false, NULL::text),
  (3, '1.1.1', 3, 'Ban hành kế hoạch CCHC năm kịp thời', NULL, 1.00, true, false, NULL::text),
  (3, '1.1.2', 4, 'Mức độ thực hiện kế hoạch CCHC', NULL, 2.00, true, false, NULL::text),
  (2, '1.2', 5, 'Công tác tuyên truyền cải cách hành chính', NULL, 1.50, false, false, NULL::text),
  (2, '1.3', 6, 'Kiểm tra công tác cải cách hành chính', NULL, 2.00, true, false, NULL::text),
  (2, '1.4', 7, 'Sáng kiến, giải pháp mới trong cải cách hành chính', NULL, 1.00, false, false, NULL::text),
  (2, '1.5', 8, 'Đánh giá về công tác chỉ đạo, điều hành CCHC (điều tra xã hội học)', NULL, 1.50, false, true, NULL::text),
  (1, '2', 9, 'Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại tỉnh', 'Legal documents of the province', 8.00, false, false, NULL::text),
  (2, '2.1', 10, 'Xây dựng, ban hành văn bản QPPL của tỉnh', NULL, 3.00, true, false, NULL::text),
  (2, '2.2', 11, 'Theo dõi thi hành pháp luật', NULL, 2.00, false, false, NULL::text),
  (2, '2.3', 12, 'Đánh giá về chất lượng văn bản QPPL (điều tra xã hội học)', NULL, 3.00, false, true, NULL::text),
  (1, '3', 13, 'Cải cách thủ tục hành chính', 'Reform of administrative procedures', 13.00, false, false, NULL::text),
  (2, '3.1', 14, 'Công bố, công khai thủ tục hành chính', NULL, 2.00, true, false, NULL::text),
  (2, '3.2', 15, 'Thực hiện cơ chế một cửa, một cửa liên thông', NULL, 5.00, false, false, NULL::text),
  (3, '3.2.1', 16, 'Tỷ lệ hồ sơ giải quyết đúng hạn', NULL, 2.50, false, false, 'on_time_rate'),
  (3, '3.2.2', 17, 'Kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766)', NULL, 2.50, false, false, 'score_766'),
  (2, '3.3', 18, 'Tiếp nhận, xử lý phản ánh, kiến nghị', NULL, 2.00, false, false, NULL::text),
  (2, '3.4', 19, 'Sự hài lòng của người dân, tổ chức về thủ tục hành chính (SIPAS)', NULL, 4.00, false, true, 'sipas'),
  (1, '4', 20, 'Cải cách tổ chức bộ máy hành chính', 'Reform of the administrative apparatus', 8.00, false, false, NULL::text),
  (2, '4.1', 21, 'Tuân thủ quy định về cơ cấu tổ chức', NULL, 3.00, true, false, NULL::text),
  (2, '4.2', 22, 'Phân cấp quản lý', NULL, 2.00, false, false, NULL::text),
  (2, '4.3', 23, 'Đánh giá về tổ chức bộ máy (điều tra xã hội học)', NULL, 3.00, false, true, NULL::text),
  (1, '5', 24, 'Cải cách chế độ công vụ', 'Civil service reform', 12.00, false, false, NULL::text),
  (2, '5.1', 25, 'Vị trí việc làm và biên chế', NULL, 3.00, true, false, NULL::text),
  (2, '5.2', 26, 'Tuyển dụng, sử dụng, quản lý công chức, viên chức', NULL, 3.00, false, false, NULL::text),
  (2, '5.3', 27, 'Cán bộ, công chức cấp xã', NULL, 2.00, false, false, NULL::text),
  (2, '5.4', 28, 'Đánh giá về đội ngũ cán bộ, công chức (điều tra xã hội học)', NULL, 4.00, false, true, NULL::text),
  (1, '6', 29, 'Cải cách tài chính công', 'Public finance reform', 8.00, false, false, NULL::text),
  (2, '6.1', 30, 'Quản lý, sử dụng ngân sách nhà nước', NULL, 3.00, true, false, NULL::text),
  (2, '6.2', 31, 'Cơ chế tự chủ của đơn vị sự nghiệp công lập', NULL, 2.00, false, false, NULL::text),
  (2, '6.3', 32, 'Đánh giá về quản lý tài chính công (điều tra xã hội học)', NULL, 3.00, false, true, NULL::text),
  (1, '7', 33, 'Xây dựng, phát triển chính quyền điện tử, chính quyền số', 'Digital local government', 14.00, false, false, NULL::text),
  (2, '7.1', 34, 'Hạ tầng, nền tảng số', NULL, 3.00, false, false, NULL::text),
  (2, '7.2', 35, 'Cung cấp dịch vụ công trực tuyến', NULL, 5.00, false, false, NULL::text),
  (3, '7.2.1', 36, 'Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình, một phần', NULL, 3.00, false, false, 'online_services'),
  (3, '7.2.2', 37, 'Tỷ lệ hồ sơ có phí được thanh toán trực tuyến', NULL, 2.00, false, false, NULL::text),
  (2, '7.3', 38, 'Đánh giá về dịch vụ công trực tuyến (điều tra xã hội học)', NULL, 6.00, false, true, NULL::text),
  (1, '8', 39, 'Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội', 'Impact on people, organisations and socio-economic development', 28.00, false, false, NULL::text),
  (2, '8.1', 40, 'Tác động đến người dân, tổ chức (điều tra xã hội học)', NULL, 12.00, false, true, 'sipas'),
  (2, '8.2', 41, 'Tác động đến quản lý nhà nước (điều tra xã hội học)', NULL, 8.00, false, true, NULL::text),
  (2, '8.3', 42, 'Tác động đến phát triển kinh tế - xã hội', NULL, 8.00, false, false, NULL::text),
  (3, '8.3.1', 43, 'Thu hút đầu tư', NULL, 4.00, true, false, NULL::text),
  (3, '8.3.2', 44, 'Thực hiện thu ngân sách nhà nước', NULL, 4.00, false, false, NULL::text)
) AS v (depth, code, position, name, name_en, max_points, evidence, survey, auto)
WHERE s.kind = 'province' AND s.year = 2025;
-- Parents by code: "1.2.3" belongs to "1.2", "1.2" to "1".
UPDATE par_nodes c SET parent_id = p.id
FROM par_nodes p
WHERE p.set_id = c.set_id AND c.depth > 1 AND p.code = regexp_replace(c.code, '\.[0-9]+$', '');
