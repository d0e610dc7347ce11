// Scan to open and the pickup counter over the JSON API (floor.scan.ts): GET /api/officer/scan?code=… finds the
// dossier a scan names (404 outside the officer's scope, whatever its status), POST /api/officer/dossiers/{id}/pickup
// hands a ready result over after the identity check.
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { requireActor } from '../identity/identity.routes.ts';
import type { ScannedDossier } from './floor.scan.ts';
import { PickupBody, ScanDossierParams, ScannedDossierResponse, ScanQuery } from './floor.scan.schemas.ts';

export function scannedView(d: ScannedDossier): ScannedDossierResponse {
  return {
    id: d.id,
    code: d.code,
    status: d.status,
    statusLabel: d.statusLabel,
    version: d.version,
    procedure: { code: d.procedure.code, name: d.procedure.name },
    agency: { code: d.agency.code, name: d.agency.name },
    applicantName: d.applicant.name,
    appointmentAt: d.appointmentAt,
    finishedAt: d.finishedAt,
    returnedAt: d.returnedAt,
    pickupReady: d.status === 9 && d.allowedActions.includes('return_result'),
    url: `/can-bo/ho-so/${d.id}`,
  };
}

export const floorScanModule: AppModule = {
  name: 'floor-scan',
  register(app: App, ctx: AppContext) {
    const scan = ctx.services.floorScan;
    app.get(
      '/api/officer/scan',
      {
        schema: {
          operationId: 'scanDossier',
          'x-problem-codes': ['FLOOR_SCAN_UNREADABLE', 'NOT_FOUND'],
          tags: ['back-office'],
          security: [{ session: [] }],
          summary: 'Open the dossier a scanned receipt or form names',
          description:
            'Mở hồ sơ từ mã quét trên giấy tiếp nhận hoặc biểu mẫu in (mã QR, mã vạch Code 128, hoặc mã hồ sơ nhập tay), kể cả hồ sơ đã kết thúc. 404 nếu hồ sơ không thuộc phạm vi cơ quan của cán bộ (không tiết lộ hồ sơ có tồn tại hay không); 422 FLOOR_SCAN_UNREADABLE nếu không đọc được mã.',
          querystring: ScanQuery,
          response: { 200: ScannedDossierResponse },
        },
      },
      async (request, reply) => {
        const d = await scan.open(requireActor(request), request.query.code);
        return reply.header('cache-control', 'no-store').send(scannedView(d));
      },
    );
    app.post(
      '/api/officer/dossiers/:id/pickup',
      {
        schema: {
          operationId: 'pickupResult',
          'x-problem-codes': ['FLOOR_PICKUP_NOT_READY', 'FLOOR_PICKUP_IDENTITY_MISMATCH', 'FLOOR_PICKUP_IDENTITY_NOT_CHECKED', 'FLOOR_PICKUP_ID_FORMAT', 'DOSSIER_CHANGED'],
          tags: ['back-office'],
          security: [{ session: [], csrf: [] }],
          summary: 'Hand the result over at the pickup counter after the identity check',
          description:
            'Trả kết quả tại quầy (trạng thái 9 → 10) sau khi kiểm tra giấy tờ tùy thân: số giấy tờ nhập phải khớp với số của người nộp (nếu hồ sơ có), nếu không thì cán bộ xác nhận đã kiểm tra và ghi số giấy tờ. Thực hiện qua thao tác trả kết quả của bộ phận một cửa. 409 FLOOR_PICKUP_NOT_READY nếu hồ sơ không chờ trả kết quả.',
          params: ScanDossierParams,
          body: PickupBody,
          response: { 200: ScannedDossierResponse },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const { idNumber, identityChecked, version } = request.body;
        const d = await scan.pickup({ ...actor, ip: request.ip }, request.params.id, { idNumber, identityChecked: identityChecked === true, expectedVersion: version });
        return reply.header('cache-control', 'no-store').send(scannedView(d));
      },
    );
  },
};
