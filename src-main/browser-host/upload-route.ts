/**
 * The browser host's upload endpoint: `PUT /files/upload/<uploadId>` with the file as the raw
 * body (never base64), streamed into the core's staging area (core/files/staged-files.ts).
 *
 * Guarded like the API socket, and more: the request must come from a page of this host (exact
 * Host and Origin), carry this run's token as `Authorization: Bearer`, name a one-time ticket the
 * core issued (`evidence.beginUpload`, bound to a file name and an exact size), and announce that
 * size as Content-Length (no chunked bodies). The size is enforced again while the bytes arrive:
 * a body longer than announced is cut off at the limit and nothing is kept. The answer is the
 * staged file as JSON, or `{ error: { code, message } }` with a status that says why.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Id } from '../../src-shared/domain/common';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { StagedFiles } from '../core/files/staged-files';
import { tokensEqual, type HostIdentity } from './guard';

const ROUTE = /^\/files\/upload\/([^/]+)$/;

export const isUploadRoute = (pathname: string) => ROUTE.test(pathname);

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.InvalidInput]: 400,
  [ErrorCode.FileRejected]: 422,
};

function answer(req: IncomingMessage, res: ServerResponse, status: number, body: unknown) {
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
  // A refusal before the body was read: close the connection rather than read bytes nobody keeps.
  if (status >= 400 && !req.readableEnded) {
    res.shouldKeepAlive = false;
    res.on('finish', () => req.destroy());
  }
  res.writeHead(status, headers).end(JSON.stringify(body));
}

const refuse = (req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string) =>
  answer(req, res, status, { error: { code, message } });

export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  identity: HostIdentity,
  staged: () => StagedFiles,
): Promise<void> {
  const url = new URL(req.url ?? '/', identity.origin);
  if (req.method !== 'PUT') return refuse(req, res, 405, ErrorCode.InvalidInput, 'Uploads are sent with PUT.');
  if (req.headers.origin !== identity.origin)
    return refuse(req, res, 403, ErrorCode.Forbidden, 'Uploads are accepted only from the app’s own page.');
  const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!tokensEqual(identity.token, bearer))
    return refuse(req, res, 403, ErrorCode.Forbidden, 'This upload does not carry the app’s session token.');
  const uploadId = Id.safeParse(ROUTE.exec(url.pathname)?.[1]);
  if (!uploadId.success) return refuse(req, res, 404, ErrorCode.NotFound, 'No such upload.');
  const ticket = staged().ticket(uploadId.data);
  if (!ticket)
    return refuse(req, res, 404, ErrorCode.NotFound, 'This upload ticket was used already or has expired: add the file again.');
  if (req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] === undefined)
    return refuse(req, res, 411, ErrorCode.InvalidInput, 'An upload must say its length (Content-Length).');
  const length = Number(req.headers['content-length']);
  if (!/^\d+$/.test(req.headers['content-length']) || length !== ticket.sizeBytes)
    return refuse(
      req,
      res,
      400,
      ErrorCode.InvalidInput,
      `The upload says it is ${req.headers['content-length']} bytes, but “${ticket.fileName}” was announced as ${ticket.sizeBytes}.`,
    );
  try {
    const file = await staged().receiveUpload(uploadId.data, req);
    answer(req, res, 201, file);
  } catch (error) {
    const e = error instanceof AppError ? error : new AppError(ErrorCode.Internal, 'The upload failed.');
    refuse(req, res, /larger than|more than/.test(e.message) ? 413 : (STATUS[e.code] ?? 500), e.code, e.message);
  }
}
