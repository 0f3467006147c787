/**
 * `startSimulator()` options, validated in one place so the CLI and the library report bad values
 * the same way.
 */
import { z } from 'zod';
import { faultSettingsSchema } from './faults.js';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export const simulatorOptionsSchema = z
  .object({
    /** Interface to listen on. */
    host: z.string().min(1).default('127.0.0.1'),
    /** Port; 0 picks a free one. */
    port: z.number().int().min(0).max(65535).default(0),
    /** Same seed, same data, same ids. */
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    /** Data size multiplier: 1 is a small business, 100 about 100,000 invoices. */
    scale: z.number().positive().max(1000).default(1),
    /** Latency added to every Xero call, in ms (a shortcut for `faults.latencyMs`). */
    latencyMs: z.number().int().min(0).max(600_000).default(0),
    /** Rate-limit windows are shortened by this factor (60 means a "minute" lasts one second). */
    timeScale: z.number().positive().max(1_000_000).default(1),
    /** Calls per tenant per day (5000 at Xero; 1000 on the Starter tier since March 2026). */
    dailyLimit: z.number().int().positive().max(100_000_000).default(5000),
    /** Serve the `/__sim/...` control routes. */
    admin: z.boolean().default(false),
    /** Initial fault settings. */
    faults: faultSettingsSchema.partial().default({}),
    /** More redirect URIs to register on the confidential and PKCE apps (tests use ephemeral ports). */
    extraRedirectUris: z.array(z.url()).default([]),
    /** The books' "today" (YYYY-MM-DD); fixed by default so a seed always means the same data. */
    asOf: z.string().regex(isoDate, 'must be a date written YYYY-MM-DD').optional(),
  })
  .strict();

/** Options accepted by {@link startSimulator}; every field is optional. */
export type SimulatorOptions = z.input<typeof simulatorOptionsSchema>;
/** Options after defaults. */
export type ResolvedSimulatorOptions = z.output<typeof simulatorOptionsSchema>;
