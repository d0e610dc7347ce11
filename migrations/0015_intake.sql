-- Counter intake (tiếp nhận trực tiếp / qua bưu chính): how the applicant asked to receive the result, recorded
-- when the dossier is registered and printed on the receipt (form 01). return_method (migration 0008) stays the
-- way it was actually returned (status 10).
ALTER TABLE dossiers
  ADD COLUMN result_delivery text CHECK (result_delivery IN ('counter', 'post', 'online'));
