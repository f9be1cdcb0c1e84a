/* placeholder until the HTTP layer lands */
int gf_curl_placeholder(void);
