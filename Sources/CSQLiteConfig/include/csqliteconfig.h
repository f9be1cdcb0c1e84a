#ifndef GIT_FORGE_CSQLITECONFIG_H
#define GIT_FORGE_CSQLITECONFIG_H

/*
 * Process-wide SQLite settings, made before the first connection opens (sqlite3_config is
 * variadic, so Swift cannot call it).
 *
 * Turns off SQLite's memory statistics (SQLITE_CONFIG_MEMSTATUS): with them on, every sqlite3_malloc
 * and sqlite3_free takes a global mutex to count bytes, ~7% of a first ingest's writer thread.
 * git forge reads no statistic and sets no heap limit. Returns SQLITE_OK, or SQLITE_MISUSE when
 * SQLite is already initialised (a later call in the same process: nothing changes).
 */
int gf_sqlite_configure(void);

#endif
