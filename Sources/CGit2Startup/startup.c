/*
 * Debian builds libgit2 1.5 against mbedTLS, and git_libgit2_init() then parses the whole system CA
 * bundle (/etc/ssl/certs/ca-certificates.crt, ~140 certificates): about 5 ms on every start, twice
 * what loading libgit2 costs. git forge never uses libgit2's network transports (HTTP goes through
 * libcurl), so that work only slows the hooks that run inside `git commit`.
 *
 * Defining the symbol here interposes it: the executable's definition comes first in the dynamic
 * linker's lookup order, so libgit2's call lands here and loads nothing. The linker exports it
 * because libgit2.so, which is on the link line, references it. A libgit2 built against OpenSSL
 * never calls it, and then this definition is simply unused.
 */
#include "cgit2startup.h"

struct mbedtls_x509_crt;

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path) {
    (void)chain;
    (void)path;
    return 0;
}

int gf_git2_startup_linked(void) { return 1; }
