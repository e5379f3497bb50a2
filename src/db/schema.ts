/**
 * @module D1 schema (Drizzle). Migrations in migrations/ are generated from this file by
 * drizzle-kit; a landed migration is never edited.
 */
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const accounts = sqliteTable("accounts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** The public part of the key, used to find the row; the rest is only ever hashed. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole key, hex. */
    hash: text("hash").notNull(),
    createdAt: createdAt(),
    lastUsedAt: text("last_used_at"),
  },
  (t) => [uniqueIndex("api_keys_prefix").on(t.prefix), index("api_keys_account").on(t.accountId)],
);

export const endpoints = sqliteTable(
  "endpoints",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** JSON of the endpoint's default `response`. */
    defaultResponse: text("default_response").notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex("endpoints_name").on(t.name), index("endpoints_account").on(t.accountId)],
);

export const rules = sqliteTable(
  "rules",
  {
    id: text("id").primaryKey(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => endpoints.id, { onDelete: "cascade" }),
    accountId: text("account_id").notNull(),
    position: integer("position").notNull(),
    /** JSON of the rule as the API returns it (without id). */
    definition: text("definition").notNull(),
    /** Denormalised from the definition so "which rules use connection X" is one query. */
    connectionId: text("connection_id"),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    index("rules_endpoint_position").on(t.endpointId, t.position),
    index("rules_connection").on(t.connectionId),
  ],
);

export const connections = sqliteTable(
  "connections",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    displayName: text("display_name").notNull(),
    tokenUrl: text("token_url").notNull(),
    clientId: text("client_id").notNull(),
    /** AES-256-GCM blob `v1.<kid>.<iv>.<ciphertext>`; never clear text. */
    clientSecretEnc: text("client_secret_enc").notNull(),
    headerPrefix: text("header_prefix").notNull(),
    clientAuth: text("client_auth").notNull(),
    /** JSON object of extra token-request parameters. */
    additionalParams: text("additional_params").notNull(),
    /** JSON array of hosts, or null for any host. */
    allowedHosts: text("allowed_hosts"),
    /** Bumped on every edit; a token minted for an older version is never used. */
    version: integer("version").notNull().default(1),
    /** JSON of the last token test result. */
    lastTest: text("last_test"),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [index("connections_account").on(t.accountId)],
);

export const connectionEndpoints = sqliteTable(
  "connection_endpoints",
  {
    connectionId: text("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => endpoints.id, { onDelete: "cascade" }),
    accountId: text("account_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.endpointId] }),
    index("connection_endpoints_endpoint").on(t.endpointId),
  ],
);
