import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database';

/** A schema of its own per run, so parallel runs and leftovers never collide. */
export async function createFreshSchema(url: string, prefix = 'test'): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await adminQuery(url, `create schema "${schema}"`);
  return { schema, drop: () => adminQuery(url, `drop schema "${schema}" cascade`) };
}

/** The database opened on a fresh schema; the schema is dropped on close. */
export async function openFreshPostgres(url: string): Promise<DatabaseHandle & { schema: string }> {
  const { schema, drop } = await createFreshSchema(url);
  const handle = await openDatabase({ databaseUrl: url, schema });
  return {
    ...handle,
    schema,
    close: async () => {
      await handle.close();
      await drop();
    },
  };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
