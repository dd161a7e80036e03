/** tend's ledger: see `docs/ledger.md`. */
export { openLedger, type OpenOptions } from './open.js';
export { DEFAULT_LEDGER_PATH, parseLedgerSetting, redactUrl } from './setting.js';
export { computeStreaks, describeStreak, DEFAULT_STREAK_THRESHOLD } from './streak.js';
export type { Streak, StreakOptions, StreakRun } from './streak.js';
export { describeHolder } from './lock-wait.js';
export type * from './types.js';
