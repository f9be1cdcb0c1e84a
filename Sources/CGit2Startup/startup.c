/*
 * libgit2 is linked from Debian's static archive (Package.swift, CGit2Startup's linker settings),
 * with the archives of its dependencies, so the dynamic loader no longer maps and relocates
 * libgit2, mbedTLS, libssh2, libcrypto, pcre2, http-parser and Kerberos at every start (~2 ms, most
 * of it symbol lookups; see docs/architecture.md, "Start-up cost"). git forge never uses libgit2's
 * network transports (HTTP goes through libcurl), so two pieces of them are replaced here.
 */
#include "cgit2startup.h"

struct mbedtls_x509_crt;

/*
 * Debian builds libgit2 1.5 against mbedTLS, and git_libgit2_init() then parses the whole system CA
 * bundle (/etc/ssl/certs/ca-certificates.crt, ~140 certificates): about 5 ms on every start. The
 * link wraps the symbol (`--wrap=mbedtls_x509_crt_parse_file`), so libgit2's call lands here and
 * loads nothing; nothing else in the binary calls it.
 */
int __wrap_mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path) {
    (void)chain;
    (void)path;
    return 0;
}

/*
 * libgit2's SPNEGO ("Negotiate") HTTP authentication is its only use of GSSAPI, and Debian ships
 * no static libgssapi_krb5. Linking the shared one would load Kerberos and five libraries under
 * it; these stand-ins fail every call with GSS_S_FAILURE instead, which libgit2 reports as an
 * authentication error, on a path git forge never takes.
 */
typedef unsigned int gf_om_uint32;
#define GF_GSS_S_FAILURE (13u << 16)
#define GF_GSS_STUB(name) \
    gf_om_uint32 name(gf_om_uint32 *minor, ...) { if (minor) *minor = 0; return GF_GSS_S_FAILURE; }
GF_GSS_STUB(gss_delete_sec_context)
GF_GSS_STUB(gss_display_status)
GF_GSS_STUB(gss_import_name)
GF_GSS_STUB(gss_indicate_mechs)
GF_GSS_STUB(gss_init_sec_context)
GF_GSS_STUB(gss_release_buffer)
GF_GSS_STUB(gss_release_name)
GF_GSS_STUB(gss_release_oid_set)
void *GSS_C_NT_HOSTBASED_SERVICE = 0;

int gf_git2_startup_linked(void) { return 1; }
