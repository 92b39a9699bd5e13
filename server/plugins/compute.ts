/** The compute workers (WAV decoding, pilot reports) as a Fastify decorator. */
import fp from 'fastify-plugin';
import { ComputeClient } from '../workers/compute-client.ts';

declare module 'fastify' {
  interface FastifyInstance {
    compute: ComputeClient;
  }
}

export default fp<{ workers?: number }>(
  async (app, opts) => {
    const compute = new ComputeClient({
      // Two, so an upload's decode does not wait behind a long pilot report (the queue is fair, one job per worker).
      workers: opts.workers ?? 2,
      onEvent: (e) => {
        if (e.type === 'exit') app.log.warn({ worker: 'compute', reason: e.reason, failedJobs: e.failedJobs }, 'worker exited');
      },
    });
    app.decorate('compute', compute);
    app.addHook('onClose', async () => {
      await compute.close(2000);
    });
  },
  { name: 'compute' },
);
