// Heavy libraries are loaded on first use, not at boot: most processes never render a PDF or an Excel file or talk
// to S3, and once loaded each of these costs tens of MB of resident memory (measured alone: exceljs ~28 MB,
// pdfkit ~29 MB, @aws-sdk/client-s3 ~24 MB).

/** `load` runs once, on the first call; every call answers the same promise. */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}

/** exceljs (the workbook exports, the catalog and historical imports). */
export const loadExcel = lazyModule(async () => (await import('exceljs')).default);
