// Applies Frontpage's drizzle migrations (the `drizzle` folder beside this file) to the
// database in TURSO_CONNECTION_URL, with the migrator `drizzle-kit migrate` runs.
import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";

const client = createClient({
  url: process.env.TURSO_CONNECTION_URL,
  authToken: process.env.TURSO_AUTH_TOKEN,
});
await migrate(drizzle(client), {
  migrationsFolder: new URL("./drizzle", import.meta.url).pathname,
});
client.close();
