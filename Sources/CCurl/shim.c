/* See include/ccurl.h for why this file exists. */

#define CURL_DISABLE_TYPECHECK    /* no curl_easy_setopt macro: we only call through pointers */
#define CURL_DISABLE_DEPRECATION  /* the CURLOPT_PROTOCOLS fallback for libcurl < 7.85 */
#include "ccurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The entry points we resolve; nothing else of libcurl is ever called. */
struct gf_curl_api {
    void *library;
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    char *(*version)(void);
};

static struct gf_curl_api api;          /* filled once by load_once, read-only afterwards */
static int api_ready;
static char load_error[1024];
static pthread_once_t load_once_control = PTHREAD_ONCE_INIT;

#define RESOLVE(field, name)                                                              \
    do {                                                                                  \
        *(void **)(&out->field) = dlsym(library, name);                                   \
        if (out->field == NULL) {                                                         \
            snprintf(err, errlen, "%s does not export %s (libcurl too old or not libcurl)", \
                     path, name);                                                         \
            dlclose(library);                                                             \
            memset(out, 0, sizeof *out);                                                  \
            return -1;                                                                    \
        }                                                                                 \
    } while (0)

static int open_library(const char *path, struct gf_curl_api *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(err, errlen, "%s", reason ? reason : path);
        return -1;
    }
    RESOLVE(global_init, "curl_global_init");
    RESOLVE(easy_init, "curl_easy_init");
    RESOLVE(easy_cleanup, "curl_easy_cleanup");
    RESOLVE(easy_reset, "curl_easy_reset");
    RESOLVE(easy_perform, "curl_easy_perform");
    RESOLVE(easy_setopt, "curl_easy_setopt");
    RESOLVE(easy_getinfo, "curl_easy_getinfo");
    RESOLVE(easy_strerror, "curl_easy_strerror");
    RESOLVE(slist_append, "curl_slist_append");
    RESOLVE(slist_free_all, "curl_slist_free_all");
    RESOLVE(version, "curl_version");
    out->library = library;
    return 0;
}

static void load_once(void) {
#if defined(__APPLE__)
    static const char *const candidates[] = {"libcurl.4.dylib", "/usr/lib/libcurl.4.dylib", NULL};
#else
    static const char *const candidates[] = {"libcurl.so.4", "libcurl.so", NULL};
#endif
    const char *override = getenv("GIT_FORGE_LIBCURL");
    const char *const only_override[] = {override, NULL};
    const char *const *paths = (override != NULL && *override != '\0') ? only_override : candidates;

    /* The first candidate's reason is the one that matters (libcurl.so is only a dev symlink). */
    char first_reason[512] = "", reason[512];
    for (size_t i = 0; paths[i] != NULL; i++) {
        if (open_library(paths[i], &api, reason, sizeof reason) != 0) {
            if (first_reason[0] == '\0') snprintf(first_reason, sizeof first_reason, "%s", reason);
            continue;
        }
        CURLcode rc = api.global_init(CURL_GLOBAL_DEFAULT);
        if (rc != CURLE_OK) {
            snprintf(load_error, sizeof load_error, "curl_global_init failed: %s",
                     api.easy_strerror(rc));
            return;
        }
        api_ready = 1;
        return;
    }
    snprintf(load_error, sizeof load_error,
             "libcurl could not be loaded (%s); git forge needs it for network access: "
             "install libcurl (Debian/Ubuntu: apt-get install libcurl4) or point "
             "GIT_FORGE_LIBCURL at the library file",
             first_reason);
}

int gf_curl_load(char *err, size_t errlen) {
    pthread_once(&load_once_control, load_once);
    if (api_ready) return 0;
    if (err != NULL && errlen > 0) snprintf(err, errlen, "%s", load_error);
    return -1;
}

int gf_curl_probe(const char *path, char *err, size_t errlen) {
    struct gf_curl_api probe;
    char reason[512] = "";
    if (open_library(path, &probe, reason, sizeof reason) != 0) {
        if (err != NULL && errlen > 0)
            snprintf(err, errlen, "libcurl could not be loaded (%s)", reason);
        return -1;
    }
    dlclose(probe.library);
    return 0;
}

const char *gf_curl_version(void) { return api_ready ? api.version() : NULL; }

CURL *gf_easy_init(void) { return api_ready ? api.easy_init() : NULL; }

void gf_easy_cleanup(CURL *handle) {
    if (api_ready && handle != NULL) api.easy_cleanup(handle);
}

void gf_easy_reset(CURL *handle) {
    if (api_ready && handle != NULL) api.easy_reset(handle);
}

CURLcode gf_easy_perform(CURL *handle) {
    if (!api_ready || handle == NULL) return CURLE_FAILED_INIT;
    return api.easy_perform(handle);
}

const char *gf_easy_strerror(CURLcode code) {
    return api_ready ? api.easy_strerror(code) : "libcurl is not loaded";
}

CURLcode gf_setopt_long(CURL *handle, CURLoption option, long value) {
    if (!api_ready || handle == NULL) return CURLE_FAILED_INIT;
    return api.easy_setopt(handle, option, value);
}

CURLcode gf_setopt_str(CURL *handle, CURLoption option, const char *value) {
    if (!api_ready || handle == NULL) return CURLE_FAILED_INIT;
    return api.easy_setopt(handle, option, value);
}

CURLcode gf_setopt_ptr(CURL *handle, CURLoption option, void *value) {
    if (!api_ready || handle == NULL) return CURLE_FAILED_INIT;
    return api.easy_setopt(handle, option, value);
}

CURLcode gf_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    if (!api_ready || handle == NULL) return CURLE_FAILED_INIT;
    return api.easy_setopt(handle, option, value);
}

CURLcode gf_setopt_write_callback(CURL *handle, curl_write_callback callback, void *userdata) {
    if (!api_ready || handle == NULL) return CURLE_FAILED_INIT;
    CURLcode rc = api.easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
    if (rc != CURLE_OK) return rc;
    return api.easy_setopt(handle, CURLOPT_WRITEDATA, userdata);
}

CURLcode gf_setopt_header_callback(CURL *handle, curl_write_callback callback, void *userdata) {
    if (!api_ready || handle == NULL) return CURLE_FAILED_INIT;
    CURLcode rc = api.easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
    if (rc != CURLE_OK) return rc;
    return api.easy_setopt(handle, CURLOPT_HEADERDATA, userdata);
}

CURLcode gf_setopt_http_protocols_only(CURL *handle) {
    if (!api_ready || handle == NULL) return CURLE_FAILED_INIT;
    CURLcode rc = api.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    if (rc == CURLE_UNKNOWN_OPTION)
        rc = api.easy_setopt(handle, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    return rc;
}

CURLcode gf_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    if (!api_ready || handle == NULL) return CURLE_FAILED_INIT;
    return api.easy_getinfo(handle, info, value);
}

CURLcode gf_getinfo_str(CURL *handle, CURLINFO info, const char **value) {
    if (!api_ready || handle == NULL) return CURLE_FAILED_INIT;
    char *result = NULL;
    CURLcode rc = api.easy_getinfo(handle, info, &result);
    *value = result;
    return rc;
}

struct curl_slist *gf_slist_append(struct curl_slist *list, const char *string) {
    return api_ready ? api.slist_append(list, string) : NULL;
}

void gf_slist_free_all(struct curl_slist *list) {
    if (api_ready && list != NULL) api.slist_free_all(list);
}
