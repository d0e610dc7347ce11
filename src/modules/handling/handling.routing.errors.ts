// Error codes of liên thông targets resolved at run time (handling.routing.ts): the save-time check of a step's
// agency rule, and the officer's pick of the agency by hand.
import { defineErrors } from '../../core/errors.ts';

defineErrors({
  WORKFLOW_RULE_AND_AGENCY: {
    status: 422,
    vi: 'Bước có cơ quan xử lý theo tờ khai thì không chọn cơ quan hay phòng, ban cố định.',
    en: 'A step whose agency is decided by the e-form has no fixed agency or department.',
  },
  WORKFLOW_RULE_KIND_INVALID: {
    status: 422,
    vi: 'Cách xác định cơ quan xử lý phải là: cố định, theo địa chỉ trên tờ khai, hoặc theo lựa chọn trên tờ khai.',
    en: 'The handling agency is fixed, by an address on the e-form, or by an option chosen on the e-form.',
  },
  WORKFLOW_RULE_FIELD_UNKNOWN: {
    status: 422,
    vi: 'Tờ khai của phiên bản không có trường "{field}".',
    en: 'The version\'s e-form has no field "{field}".',
  },
  WORKFLOW_RULE_FIELD_NOT_ADDRESS: {
    status: 422,
    vi: 'Trường "{field}" không phải là trường địa chỉ (tỉnh, xã/phường).',
    en: 'The field "{field}" is not an address (province, commune).',
  },
  WORKFLOW_RULE_FIELD_NOT_CHOICE: {
    status: 422,
    vi: 'Trường "{field}" không phải là trường lựa chọn.',
    en: 'The field "{field}" is not a choice.',
  },
  WORKFLOW_RULE_OPTIONS_REQUIRED: {
    status: 422,
    vi: 'Cần ít nhất một dòng "lựa chọn → cơ quan".',
    en: 'At least one "option → agency" row is needed.',
  },
  WORKFLOW_RULE_OPTION_REPEATED: {
    status: 422,
    vi: 'Lựa chọn "{value}" đã có ở dòng khác.',
    en: 'The option "{value}" is already on another row.',
  },
  WORKFLOW_RULE_OPTION_UNKNOWN: {
    status: 422,
    vi: 'Trường được chọn không có lựa chọn "{value}".',
    en: 'The chosen field has no option "{value}".',
  },
  ROUTING_NOT_PENDING: {
    status: 409,
    vi: 'Hồ sơ không chờ chọn cơ quan liên thông (cơ quan đã được xác định, hoặc hồ sơ đã được chuyển). Vui lòng tải lại hồ sơ.',
    en: 'The dossier is not waiting for an inter-agency target (the agency is known, or the dossier has moved on). Please reload it.',
  },
});
