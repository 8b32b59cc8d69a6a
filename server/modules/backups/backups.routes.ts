import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../../shared/errors.ts';
import { BackupSchema } from '../../../shared/schemas.ts';
import { describeBackup } from './backups.ts';

/** `POST /api/backups` (a backup now) and `GET /api/backups` (the ones kept), admin only. */
export async function backupsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const service = () => {
    if (!app.backups) throw new ApiError('invalid_state', { nl: 'Een database in het geheugen heeft geen back-ups.', en: 'A database in memory has no backups.' });
    return app.backups;
  };

  app.post(
    '/api/backups',
    { preHandler: app.requireAdmin, schema: { tags: ['operations'], summary: 'Take an online backup now', response: { 201: BackupSchema } } },
    async (_request, reply) => {
      const path = await service().run('requested');
      app.backupSchedule?.taken();
      reply.code(201);
      return describeBackup(path);
    },
  );

  app.get(
    '/api/backups',
    { preHandler: app.requireAdmin, schema: { tags: ['operations'], summary: 'The backups kept, oldest first', response: { 200: z.array(BackupSchema) } } },
    async () => service().entries(),
  );
}
