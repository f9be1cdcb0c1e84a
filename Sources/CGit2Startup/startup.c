/*
 * libgit2 is linked from Debian's static archive (Package.swift, CGit2Startup's linker settings),
 * with the archives of its dependencies, so the dynamic loader no longer maps and relocates
 * libgit2, mbedTLS, libssh2, libcrypto, pcre2, http-parser and Kerberos at every start (~2 ms, most
 * of it symbol lookups; see docs/architecture.md, "Start-up cost"). git forge never uses libgit2's
 * network transports (HTTP goes through libcurl), so two pieces of them are replaced here.
 */
#include "cgit2startup.h"

/*
 * git_libgit2_init() sets up every transport: the mbedTLS stream seeds a random generator (HAVEGE,
 * timing loops) and parses the system CA bundle (~140 certificates, ~5 ms), and the SSH transport
 * starts libssh2, which initialises libcrypto. git forge reads local objects only, so the link
 * wraps both initialisers (`--wrap=...`, Package.swift) and their calls land here and do nothing;
 * libgit2 makes no other call into them.
 */
int __wrap_git_mbedtls_stream_global_init(void) { return 0; }
int __wrap_git_transport_ssh_global_init(void) { return 0; }

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
