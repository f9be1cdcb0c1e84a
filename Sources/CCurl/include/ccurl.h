#ifndef GIT_FORGE_CCURL_H
#define GIT_FORGE_CCURL_H

/*
 * A typed front for libcurl, which is loaded with dlopen() on first use.
 *
 * Why a shim: Swift cannot call the variadic curl_easy_setopt/curl_easy_getinfo, and git forge's
 * hot paths (hooks, `show`, `ingest`) must not pay libcurl's dynamic-loading cost at process start,
 * so the binary never links libcurl. <curl/curl.h> is included for its types and constants only:
 * calling a curl_* function directly from Swift would fail to link, on purpose.
 *
 * Every gf_* function is safe to call before or without a successful gf_curl_load(): handles come
 * back NULL and codes come back CURLE_FAILED_INIT instead of crashing.
 */

#include <stddef.h>
#include <curl/curl.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Loads libcurl once per process (thread-safe) and runs curl_global_init.
 * Returns 0 on success; otherwise -1 with a human-readable reason in err (always NUL-terminated).
 * The environment variable GIT_FORGE_LIBCURL, when set, names the only library file to try. */
int gf_curl_load(char *err, size_t errlen);

/* Tries to load the library at path and resolve every symbol the shim needs, then unloads it.
 * Touches no process-wide state, so tests can exercise the failure path. Same result as gf_curl_load. */
int gf_curl_probe(const char *path, char *err, size_t errlen);

/* curl_version(), or NULL when libcurl is not loaded. */
const char *gf_curl_version(void);

CURL *gf_easy_init(void);
void gf_easy_cleanup(CURL *handle);
void gf_easy_reset(CURL *handle);
CURLcode gf_easy_perform(CURL *handle);
const char *gf_easy_strerror(CURLcode code);

CURLcode gf_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode gf_setopt_str(CURL *handle, CURLoption option, const char *value);
CURLcode gf_setopt_ptr(CURL *handle, CURLoption option, void *value);
CURLcode gf_setopt_off(CURL *handle, CURLoption option, curl_off_t value);

/* Sets CURLOPT_WRITEFUNCTION + CURLOPT_WRITEDATA in one call. */
CURLcode gf_setopt_write_callback(CURL *handle, curl_write_callback callback, void *userdata);
/* Sets CURLOPT_HEADERFUNCTION + CURLOPT_HEADERDATA in one call. */
CURLcode gf_setopt_header_callback(CURL *handle, curl_write_callback callback, void *userdata);

/* Restricts transfers to http and https: CURLOPT_PROTOCOLS_STR, or the older bit mask when the
 * loaded libcurl predates 7.85. */
CURLcode gf_setopt_http_protocols_only(CURL *handle);

CURLcode gf_getinfo_long(CURL *handle, CURLINFO info, long *value);
/* The string stays owned by the handle and is valid until the next transfer or cleanup. */
CURLcode gf_getinfo_str(CURL *handle, CURLINFO info, const char **value);

struct curl_slist *gf_slist_append(struct curl_slist *list, const char *string);
void gf_slist_free_all(struct curl_slist *list);

#ifdef __cplusplus
}
#endif

#endif
