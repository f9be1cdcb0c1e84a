/* The "simple alternative" of issue 16: what a user might script instead of git forge.
 *
 * Reads `git log -z --format=%H%x01%P%x01%an <%ae> %at%x01%cn <%ce> %ct%x01%B` on stdin and
 * inserts one row per commit with a prepared statement in one transaction (WAL,
 * synchronous=NORMAL, the sha as primary key), then a table of refs from `git for-each-ref`.
 * No references are parsed and no merges attributed: this is the floor git forge must beat.
 *
 * Usage: git log ... | simple-ingest DATABASE      (built by bench/ingest.sh with cc -lsqlite3)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *db;

static void check(int rc, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "simple-ingest: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static void exec(const char *sql) { check(sqlite3_exec(db, sql, 0, 0, 0), sql); }

/* Splits `record` on \x01 into at most n fields; returns how many. */
static int split(char *record, char **fields, int n) {
    int k = 0;
    fields[k++] = record;
    for (char *p = record; *p && k < n; p++)
        if (*p == '\x01') { *p = 0; fields[k++] = p + 1; }
    return k;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: simple-ingest DATABASE\n"); return 2; }
    check(sqlite3_open(argv[1], &db), "open");
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = NORMAL");
    exec("CREATE TABLE IF NOT EXISTS commits(sha TEXT PRIMARY KEY, parents TEXT, author TEXT,"
         " committer TEXT, message TEXT)");
    exec("CREATE TABLE IF NOT EXISTS refs(name TEXT PRIMARY KEY, sha TEXT)");
    exec("BEGIN");
    sqlite3_stmt *insert;
    check(sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO commits VALUES (?, ?, ?, ?, ?)", -1, &insert, 0), "prepare");
    char *record = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getdelim(&record, &cap, '\0', stdin)) > 0) {
        char *f[5];
        if (split(record, f, 5) < 5) continue;
        for (int i = 0; i < 5; i++) sqlite3_bind_text(insert, i + 1, f[i], -1, SQLITE_STATIC);
        check(sqlite3_step(insert), "insert");
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    sqlite3_stmt *ref;
    check(sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO refs VALUES (?, ?)", -1, &ref, 0), "prepare");
    FILE *refs = popen("git for-each-ref --format='%(refname)%01%(objectname)'", "r");
    char *line = NULL;
    size_t lcap = 0;
    while ((len = getline(&line, &lcap, refs)) > 0) {
        if (line[len - 1] == '\n') line[len - 1] = 0;
        char *f[2];
        if (split(line, f, 2) < 2) continue;
        sqlite3_bind_text(ref, 1, f[0], -1, SQLITE_STATIC);
        sqlite3_bind_text(ref, 2, f[1], -1, SQLITE_STATIC);
        check(sqlite3_step(ref), "insert ref");
        sqlite3_reset(ref);
    }
    pclose(refs);
    sqlite3_finalize(ref);
    exec("COMMIT");
    check(sqlite3_close(db), "close");
    return 0;
}
