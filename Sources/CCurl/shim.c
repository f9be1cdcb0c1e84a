int gf_curl_placeholder(void) { return 0; }
