/**
 * Documents on follow-ups: uploading one to a follow-up (who may change the follow-up may add
 * and remove its documents), and serving it to whoever may see the follow-up — as a download
 * (Content-Disposition: attachment), with the type read from the content when it was stored and
 * `nosniff`; an internal follow-up's document answers 404 to the public, as an unknown one does.
 */
import { createReadStream } from 'node:fs';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DOCUMENT_MEDIA_TYPES } from '../../domain/document-type.js';
import { documentForViewer, type StoredDocument } from '../../services/follow-up-documents.js';
import { renderNotFound } from '../../plugins/errors.js';
import { translate } from '../../i18n.js';
import { attachmentHeader } from '../../domain/file-name.js';

/** A document as the pages link it: "/dokumente/12/Antwort BMI.pdf", "PDF, 1,2 MB". */
export function documentLink(document: StoredDocument) {
  const size =
    document.size < 1024 * 1024
      ? `${Math.max(1, Math.round(document.size / 1024))} KB`
      : `${(document.size / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MB`;
  return {
    id: document.id,
    url: `/dokumente/${document.id}/${encodeURIComponent(document.fileName)}`,
    name: document.fileName,
    details: translate('followUpDocument.details', { type: document.type.toUpperCase(), size }),
  };
}


const DownloadParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: 2 ** 31 }), name: Type.String({ maxLength: 400 }) },
  { additionalProperties: false },
);

const documentDownloadRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/dokumente/:id/:name', { schema: { params: DownloadParams }, config: { access: 'public' } }, async (request, reply) => {
    const document = documentForViewer(fastify.db, fastify.config.dataDir, request.viewer, request.params.id);
    if (!document) return renderNotFound(request, reply);
    return reply
      .header('content-type', DOCUMENT_MEDIA_TYPES[document.type])
      .header('content-disposition', attachmentHeader(document.fileName))
      .header('content-length', document.size)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', document.internal ? 'private, no-store' : 'public, max-age=86400')
      .send(createReadStream(document.path));
  });
};

export default documentDownloadRoutes;
