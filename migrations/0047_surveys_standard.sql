-- The standard SIPAS questionnaire (domain guide §7): five factors — access to services, administrative
-- procedures, civil servants, results, handling of feedback — each asked as perception, satisfaction (two
-- questions) and expectation, on a 1..5 scale (4 and 5: satisfied). Staff edit the texts on the questionnaire page.

WITH q AS (
  INSERT INTO survey_questionnaires (code, title_vi, title_en, scale_max, satisfied_from)
  VALUES ('sipas', 'Phiếu khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS)',
          'Survey of citizens'' and organisations'' satisfaction with the service of public administrative agencies (SIPAS)', 5, 4)
  RETURNING id
),
f AS (
  INSERT INTO survey_factors (questionnaire_id, code, position, name_vi, name_en)
  SELECT q.id, v.code, v.position, v.name_vi, v.name_en FROM q, (VALUES
    ('access', 1, 'Tiếp cận dịch vụ', 'Access to services'),
    ('procedures', 2, 'Thủ tục hành chính', 'Administrative procedures'),
    ('civil_servants', 3, 'Công chức giải quyết công việc', 'Civil servants handling the work'),
    ('results', 4, 'Kết quả giải quyết công việc', 'Results of the service'),
    ('feedback', 5, 'Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị', 'Handling of feedback, complaints and recommendations')
  ) AS v (code, position, name_vi, name_en)
  RETURNING id, code, questionnaire_id
)
INSERT INTO survey_questions (questionnaire_id, factor_id, kind, position, text_vi, text_en)
SELECT f.questionnaire_id, f.id, v.kind, v.position, v.text_vi, v.text_en FROM f JOIN (VALUES
  ('access', 'perception', 1, 'Nơi đón tiếp, hướng dẫn có biển hiệu, chỉ dẫn rõ ràng, dễ tìm.', 'The reception area had clear signs and was easy to find.'),
  ('access', 'satisfaction', 2, 'Mức độ hài lòng về điều kiện cơ sở vật chất nơi tiếp nhận hồ sơ (chỗ ngồi, trang thiết bị).', 'Satisfaction with the premises where dossiers are received (seating, equipment).'),
  ('access', 'satisfaction', 3, 'Mức độ hài lòng về việc tiếp cận dịch vụ (trực tuyến, trực tiếp, bưu chính).', 'Satisfaction with access to the service (online, in person, by post).'),
  ('access', 'expectation', 4, 'Mức độ mong muốn cơ quan cải thiện việc tiếp cận dịch vụ.', 'How much you want the agency to improve access to its services.'),
  ('procedures', 'perception', 5, 'Thủ tục hành chính được niêm yết, công khai đầy đủ, chính xác.', 'The procedure was published fully and accurately.'),
  ('procedures', 'satisfaction', 6, 'Mức độ hài lòng về thành phần hồ sơ phải nộp.', 'Satisfaction with the documents that had to be submitted.'),
  ('procedures', 'satisfaction', 7, 'Mức độ hài lòng về phí, lệ phí và thời hạn giải quyết theo quy định.', 'Satisfaction with the fees and the statutory time limit.'),
  ('procedures', 'expectation', 8, 'Mức độ mong muốn đơn giản hóa thủ tục hành chính này.', 'How much you want this procedure to be simplified.'),
  ('civil_servants', 'perception', 9, 'Công chức có thái độ giao tiếp lịch sự, lắng nghe ý kiến của ông/bà.', 'The civil servants were polite and listened to you.'),
  ('civil_servants', 'satisfaction', 10, 'Mức độ hài lòng về thái độ phục vụ của công chức.', 'Satisfaction with the civil servants'' attitude.'),
  ('civil_servants', 'satisfaction', 11, 'Mức độ hài lòng về năng lực, sự hướng dẫn của công chức.', 'Satisfaction with the civil servants'' competence and guidance.'),
  ('civil_servants', 'expectation', 12, 'Mức độ mong muốn nâng cao thái độ, năng lực của công chức.', 'How much you want the civil servants'' attitude and competence improved.'),
  ('results', 'perception', 13, 'Kết quả được trả đúng hẹn, thông tin trên kết quả đầy đủ, chính xác.', 'The result came on time and its information was complete and correct.'),
  ('results', 'satisfaction', 14, 'Mức độ hài lòng về thời gian nhận kết quả.', 'Satisfaction with the time it took to receive the result.'),
  ('results', 'satisfaction', 15, 'Mức độ hài lòng về kết quả giải quyết.', 'Satisfaction with the result.'),
  ('results', 'expectation', 16, 'Mức độ mong muốn rút ngắn thời gian giải quyết.', 'How much you want the handling time shortened.'),
  ('feedback', 'perception', 17, 'Cơ quan bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị.', 'The agency offered ways to send feedback, complaints and recommendations.'),
  ('feedback', 'satisfaction', 18, 'Mức độ hài lòng về việc tiếp nhận góp ý, phản ánh, kiến nghị.', 'Satisfaction with how feedback is received.'),
  ('feedback', 'satisfaction', 19, 'Mức độ hài lòng về việc xử lý và trả lời góp ý, phản ánh, kiến nghị.', 'Satisfaction with how feedback is handled and answered.'),
  ('feedback', 'expectation', 20, 'Mức độ mong muốn cải thiện việc xử lý góp ý, phản ánh, kiến nghị.', 'How much you want the handling of feedback improved.')
) AS v (factor, kind, position, text_vi, text_en) ON v.factor = f.code;
