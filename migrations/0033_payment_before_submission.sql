-- Fees charged before submission (issue 12): an online dossier whose procedure version charges its fees before
-- submission is not submitted until they are paid. Between check-answers and the payment it is a draft frozen for
-- payment ("Chờ thanh toán phí, lệ phí"): no code, no national status, not in any queue or report. The payment
-- (callback, status query or the accountant's VietQR confirmation) submits it in the same transaction; an order that
-- expires unpaid gives the draft back to the applicant, who may submit and pay again.
ALTER TABLE dossiers ADD COLUMN payment_pending_at timestamptz;
ALTER TABLE dossiers ADD CONSTRAINT dossiers_payment_pending_draft CHECK (payment_pending_at IS NULL OR status IS NULL);

-- Refused (unauthenticated) payment messages are kept 90 days (payments.purge job); the partial index
-- payment_callbacks_refused_idx (migration 0027) serves the delete.
