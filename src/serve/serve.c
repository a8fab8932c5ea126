/*
 * serve.c — the HTTP side of `xxgk serve` (libmicrohttpd 0.9.75): where it
 * listens, who may ask, the pages embedded in the binary, and requests handed
 * to api.c. Exports serve_run().
 *
 * Safety (issue 15): loopback by default; any other address needs a token
 * file, and then every request carries the token (a Bearer header, or the
 * cookie the page gets from /?token=…). On loopback the Host header must
 * name a loopback host, so a web page elsewhere cannot reach the server by
 * DNS rebinding. Every POST carries the CSRF token of /api/session in a
 * header a cross-site form cannot set. Bodies are capped (SERVE_MAX_UPLOAD)
 * before they are read; nothing from a request becomes a file path.
 */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "serve.h"

/*
 * libmicrohttpd, opened with dlopen() when `xxgk serve` starts rather than
 * linked: it brings GnuTLS and seven libraries more, whose loading,
 * relocation and constructors cost every other xxgk command ~9 ms of CPU
 * (an empty program linked with xxgk's libraries: 48 -> 39 ms). The header
 * still gives the types; these are the functions serve.c calls.
 */
#define SERVE_MHD_SONAME "libmicrohttpd.so.12"

static struct {
	enum MHD_Result (*add_response_header)(struct MHD_Response *, const char *, const char *);
	const char *(*lookup_connection_value)(struct MHD_Connection *, enum MHD_ValueKind, const char *);
	enum MHD_Result (*queue_response)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
	void (*destroy_response)(struct MHD_Response *);
	struct MHD_Response *(*create_response_from_buffer)(size_t, void *, enum MHD_ResponseMemoryMode);
	void (*stop_daemon)(struct MHD_Daemon *);
	struct MHD_Daemon *(*start_daemon)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
					   MHD_AccessHandlerCallback, void *, ...);
	const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *, enum MHD_DaemonInfoType, ...);
} serve_mhd;

/* Finds one function; false when the library lacks it. */
static bool serve_mhd_sym(void *lib, const char *name, void *slot)
{
	void *f = dlsym(lib, name);
	if (!f)
		return false;
	memcpy(slot, &f, sizeof f);   /* POSIX: a data pointer from dlsym() holds a function's address */
	return true;
}

/* Opens libmicrohttpd once (kept open until exit); 0, or 1 with `why` set. */
static int serve_mhd_open(char *why, size_t why_cap)
{
	if (serve_mhd.start_daemon)
		return 0;
	void *lib = dlopen(SERVE_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib ||
	    !serve_mhd_sym(lib, "MHD_add_response_header", &serve_mhd.add_response_header) ||
	    !serve_mhd_sym(lib, "MHD_lookup_connection_value", &serve_mhd.lookup_connection_value) ||
	    !serve_mhd_sym(lib, "MHD_queue_response", &serve_mhd.queue_response) ||
	    !serve_mhd_sym(lib, "MHD_destroy_response", &serve_mhd.destroy_response) ||
	    !serve_mhd_sym(lib, "MHD_create_response_from_buffer", &serve_mhd.create_response_from_buffer) ||
	    !serve_mhd_sym(lib, "MHD_stop_daemon", &serve_mhd.stop_daemon) ||
	    !serve_mhd_sym(lib, "MHD_get_daemon_info", &serve_mhd.get_daemon_info) ||
	    !serve_mhd_sym(lib, "MHD_start_daemon", &serve_mhd.start_daemon)) {
		const char *e = dlerror();
		snprintf(why, why_cap, "cannot load %s (Debian package libmicrohttpd12): %s", SERVE_MHD_SONAME,
			 e ? e : "a function is missing");
		serve_mhd.start_daemon = NULL;
		if (lib)
			dlclose(lib);
		return 1;
	}
	return 0;
}

extern const unsigned char serve_www_index_html[];
extern const size_t serve_www_index_html_len;
extern const unsigned char serve_www_app_js[];
extern const size_t serve_www_app_js_len;
extern const unsigned char serve_www_app_css[];
extern const size_t serve_www_app_css_len;

/* Longest token file read: a token is a line, not a document. */
#define SERVE_TOKEN_MAX 512

typedef struct {
	serve_ctx ctx;
	char token[SERVE_TOKEN_MAX];   /* "" when none is needed */
	bool loopback;
	char host[80];                 /* as printed in the URL */
	unsigned port;
} serve_server;

/* Per request: the body as it arrives, capped. */
typedef struct {
	char *body;
	size_t len, cap;
	bool too_big;
	bool post;
} serve_req;

static const char *serve_arg(void *req, const char *name)
{
	return serve_mhd.lookup_connection_value((struct MHD_Connection *)req, MHD_GET_ARGUMENT_KIND, name);
}

/* The common headers: nothing runs but our own script, nothing is sniffed or framed. */
static void serve_headers(struct MHD_Response *r, const char *type, bool cache)
{
	serve_mhd.add_response_header(r, "Content-Type", type);
	serve_mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
	serve_mhd.add_response_header(r, "X-Frame-Options", "DENY");
	serve_mhd.add_response_header(r, "Referrer-Policy", "no-referrer");
	serve_mhd.add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
				"connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
	serve_mhd.add_response_header(r, "Cache-Control", cache ? "max-age=60" : "no-store");
}

static enum MHD_Result serve_send(struct MHD_Connection *conn, serve_reply *rep)
{
	struct MHD_Response *r = serve_mhd.create_response_from_buffer(rep->len, rep->body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(rep->body);
		return MHD_NO;
	}
	rep->body = NULL;
	serve_headers(r, rep->type, false);
	if (rep->disposition[0])
		serve_mhd.add_response_header(r, "Content-Disposition", rep->disposition);
	enum MHD_Result ok = serve_mhd.queue_response(conn, rep->status, r);
	serve_mhd.destroy_response(r);
	return ok;
}

static enum MHD_Result serve_static(struct MHD_Connection *conn, const unsigned char *data, size_t len,
				    const char *type)
{
	struct MHD_Response *r = serve_mhd.create_response_from_buffer(len, (void *)(uintptr_t)data, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	serve_headers(r, type, false);
	enum MHD_Result ok = serve_mhd.queue_response(conn, MHD_HTTP_OK, r);
	serve_mhd.destroy_response(r);
	return ok;
}

static enum MHD_Result serve_fail(struct MHD_Connection *conn, unsigned status, const char *msg)
{
	serve_reply rep;
	memset(&rep, 0, sizeof rep);
	reply_error(&rep, status, "%s", msg);
	return serve_send(conn, &rep);
}

/* Compares without leaking where the first difference is. */
static bool serve_same(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;
	for (size_t i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0 && la == lb;
}

/* The token from a Bearer header or the xxgk_token cookie. */
static bool serve_authorised(const serve_server *s, struct MHD_Connection *conn)
{
	if (!s->token[0])
		return true;
	const char *h = serve_mhd.lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	if (h && !strncmp(h, "Bearer ", 7) && serve_same(h + 7, s->token))
		return true;
	const char *c = serve_mhd.lookup_connection_value(conn, MHD_COOKIE_KIND, "xxgk_token");
	return c && serve_same(c, s->token);
}

/* On loopback, the Host header names a loopback host (no DNS rebinding). */
static bool serve_host_ok(const serve_server *s, struct MHD_Connection *conn)
{
	if (!s->loopback)
		return true;
	const char *h = serve_mhd.lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
	if (!h)
		return false;
	static const char *const names[] = { "127.0.0.1", "localhost", "[::1]", NULL };
	for (int i = 0; names[i]; i++) {
		size_t n = strlen(names[i]);
		if (!strncmp(h, names[i], n) && (h[n] == '\0' || h[n] == ':'))
			return true;
	}
	return false;
}

/* GET /?token=… sets the cookie and sends the browser to the pages. */
static enum MHD_Result serve_login(serve_server *s, struct MHD_Connection *conn, const char *given)
{
	if (!serve_same(given, s->token))
		return serve_fail(conn, MHD_HTTP_UNAUTHORIZED, "访问令牌不对 (wrong token)");
	struct MHD_Response *r = serve_mhd.create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	char cookie[SERVE_TOKEN_MAX + 80];
	snprintf(cookie, sizeof cookie, "xxgk_token=%s; Path=/; HttpOnly; SameSite=Strict", s->token);
	serve_headers(r, "text/plain; charset=utf-8", false);
	serve_mhd.add_response_header(r, "Set-Cookie", cookie);
	serve_mhd.add_response_header(r, "Location", "/");
	enum MHD_Result ok = serve_mhd.queue_response(conn, MHD_HTTP_SEE_OTHER, r);
	serve_mhd.destroy_response(r);
	return ok;
}

static enum MHD_Result serve_handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				    const char *version, const char *upload_data, size_t *upload_data_size,
				    void **con_cls)
{
	serve_server *s = cls;
	serve_req *q = *con_cls;
	(void)version;
	bool post = !strcmp(method, "POST");
	if (!q) {
		/* first call: headers only; refuse early what cannot be served */
		if (!post && strcmp(method, "GET") && strcmp(method, "HEAD"))
			return serve_fail(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and POST");
		if (!serve_host_ok(s, conn))
			return serve_fail(conn, MHD_HTTP_FORBIDDEN, "Host is not a loopback name");
		const char *login = serve_mhd.lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "token");
		if (s->token[0] && !post && !strcmp(url, "/") && login)
			return serve_login(s, conn, login);
		if (!serve_authorised(s, conn))
			return serve_fail(conn, MHD_HTTP_UNAUTHORIZED,
					  "需要访问令牌：请打开管理员给出的带 ?token= 的链接 (token required)");
		if (post) {
			const char *csrf = serve_mhd.lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
			if (!csrf || !serve_same(csrf, s->ctx.csrf))
				return serve_fail(conn, MHD_HTTP_FORBIDDEN, "CSRF token missing or wrong: reload the page");
			const char *cl = serve_mhd.lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
			if (cl) {
				char *end;
				errno = 0;
				unsigned long long n = strtoull(cl, &end, 10);
				if (errno || end == cl || *end || n > SERVE_MAX_UPLOAD)
					return serve_fail(conn, MHD_HTTP_CONTENT_TOO_LARGE,
							  "文件超过 64 MB 上限 (upload over the 64 MB cap)");
			}
		}
		q = calloc(1, sizeof *q);
		if (!q)
			return MHD_NO;
		q->post = post;
		*con_cls = q;
		return MHD_YES;
	}
	if (post && *upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (q->too_big || q->len + n > SERVE_MAX_UPLOAD) {
			q->too_big = true;   /* read and dropped: the reply says why */
			return MHD_YES;
		}
		if (q->len + n + 1 > q->cap) {
			size_t cap = q->cap ? q->cap : 65536;
			while (cap < q->len + n + 1)
				cap *= 2;
			char *p = realloc(q->body, cap);
			if (!p)
				return MHD_NO;
			q->body = p;
			q->cap = cap;
		}
		memcpy(q->body + q->len, upload_data, n);
		q->len += n;
		q->body[q->len] = '\0';
		return MHD_YES;
	}
	if (q->too_big)
		return serve_fail(conn, MHD_HTTP_CONTENT_TOO_LARGE, "文件超过 64 MB 上限 (upload over the 64 MB cap)");
	if (!post && (!strcmp(url, "/") || !strcmp(url, "/index.html")))
		return serve_static(conn, serve_www_index_html, serve_www_index_html_len, "text/html; charset=utf-8");
	if (!post && !strcmp(url, "/app.js"))
		return serve_static(conn, serve_www_app_js, serve_www_app_js_len, "text/javascript; charset=utf-8");
	if (!post && !strcmp(url, "/app.css"))
		return serve_static(conn, serve_www_app_css, serve_www_app_css_len, "text/css; charset=utf-8");
	serve_reply rep;
	memset(&rep, 0, sizeof rep);
	if (post)
		api_post(&s->ctx, url, serve_arg, conn, q->body ? q->body : "", q->len, &rep);
	else
		api_get(&s->ctx, url, serve_arg, conn, &rep);
	return serve_send(conn, &rep);
}

static void serve_done(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode t)
{
	serve_req *q = *con_cls;
	(void)cls, (void)conn, (void)t;
	if (q) {
		free(q->body);
		free(q);
	}
	*con_cls = NULL;
}

/* "127.0.0.1:8080", "[::1]:0", "localhost:8080", ":8080" (loopback). */
static int serve_parse_listen(struct sockaddr_storage *ss, socklen_t *sl, const char *spec, serve_server *s,
			      char *why, size_t cap)
{
	char host[80];
	const char *colon;
	memset(ss, 0, sizeof *ss);
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || close[1] != ':' || (size_t)(close - spec - 1) >= sizeof host)
			goto bad;
		memcpy(host, spec + 1, (size_t)(close - spec - 1));
		host[close - spec - 1] = '\0';
		colon = close + 1;
	} else {
		colon = strrchr(spec, ':');
		if (!colon || (size_t)(colon - spec) >= sizeof host)
			goto bad;
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = '\0';
	}
	char *end;
	errno = 0;
	long port = strtol(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end || port < 0 || port > 65535)
		goto bad;
	if (!host[0] || !strcmp(host, "localhost"))
		snprintf(host, sizeof host, "127.0.0.1");
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		*sl = sizeof *v4;
		s->loopback = (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
		snprintf(s->host, sizeof s->host, "%s", host);
	} else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		*sl = sizeof *v6;
		s->loopback = IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr);
		snprintf(s->host, sizeof s->host, "[%s]", host);
	} else {
		goto bad;
	}
	s->port = (unsigned)port;
	return 0;
bad:
	snprintf(why, cap, "--listen %s: expected ADDRESS:PORT, e.g. 127.0.0.1:8080 or [::1]:8080", spec);
	return 1;
}

/* The token: the file's first line, at least 16 characters, of printable ASCII (it goes in a cookie). */
static int serve_read_token(serve_server *s, const char *path, char *why, size_t cap)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(why, cap, "--token %s: %s", path, strerror(errno));
		return 1;
	}
	size_t n = fread(s->token, 1, sizeof s->token - 1, f);
	fclose(f);
	s->token[n] = '\0';
	s->token[strcspn(s->token, "\r\n")] = '\0';
	size_t len = strlen(s->token);
	for (size_t i = 0; i < len; i++)
		if (s->token[i] <= ' ' || s->token[i] > '~' || s->token[i] == ';' || s->token[i] == ',') {
			snprintf(why, cap, "--token %s: the token has a space, a control character, ';' or ','", path);
			return 1;
		}
	if (len < 16) {
		snprintf(why, cap, "--token %s: the token needs at least 16 characters (it has %zu)", path, len);
		return 1;
	}
	return 0;
}

static int serve_random_hex(char *out, size_t bytes)
{
	unsigned char b[32];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || bytes > sizeof b || read(fd, b, bytes) != (ssize_t)bytes) {
		if (fd >= 0)
			close(fd);
		return 1;
	}
	close(fd);
	for (size_t i = 0; i < bytes; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	return 0;
}

/* The temporary folder is empty at the end: api.c removes each file as soon as it is read. */
static void serve_rmtmp(const char *dir)
{
	if (rmdir(dir) != 0)
		fprintf(stderr, "xxgk serve: %s: %s\n", dir, strerror(errno));
}

int serve_run(const serve_options *o, char *why, size_t why_cap)
{
	serve_server s;
	struct sockaddr_storage ss;
	socklen_t sl = 0;
	struct MHD_Daemon *d = NULL;
	xxgk_store *st = NULL;
	xxgk_error err;
	pthread_rwlock_t lock;
	int rc = 1;
	bool locked = false;
	memset(&s, 0, sizeof s);
	if (serve_mhd_open(why, why_cap))
		return 1;
	if (serve_parse_listen(&ss, &sl, o->listen ? o->listen : "127.0.0.1:8080", &s, why, why_cap))
		return 1;
	if (!s.loopback && !o->token_file) {
		snprintf(why, why_cap, "--listen %s is not a loopback address: give --token FILE so that only people "
			 "with the token can use it", o->listen);
		return 1;
	}
	if (o->token_file && serve_read_token(&s, o->token_file, why, why_cap))
		return 1;
	if (serve_random_hex(s.ctx.csrf, 32)) {
		snprintf(why, why_cap, "cannot read /dev/urandom for the CSRF token");
		return 1;
	}
	/* the database: it must exist (a mistyped name would serve an empty one), migrated and checked
	   once before anyone asks */
	if (xxgk_store_open(&st, o->db, XXGK_STORE_CHECK, &err) != XXGK_OK) {
		snprintf(why, why_cap, "%s: %s", o->db, err.message);
		return 1;
	}
	if (xxgk_gazetteer_load(&s.ctx.gaz, xxgk_gazetteer_default_dir(), &err) != XXGK_OK ||
	    xxgk_store_put_regions(st, s.ctx.gaz, &err) != XXGK_OK ||
	    xxgk_deadlines_load(&s.ctx.deadlines, NULL, &err) != XXGK_OK) {
		snprintf(why, why_cap, "%s: %s", o->db, err.message);
		goto done;
	}
	s.ctx.writer = st;
	const char *tmp = getenv("TMPDIR");
	snprintf(s.ctx.tmpdir, sizeof s.ctx.tmpdir, "%s/xxgk-serve-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(s.ctx.tmpdir)) {
		snprintf(why, why_cap, "cannot make a temporary folder: %s", strerror(errno));
		s.ctx.tmpdir[0] = '\0';
		goto done;
	}
	pthread_rwlock_init(&lock, NULL);
	locked = true;
	s.ctx.lock = &lock;
	s.ctx.db = o->db;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	d = serve_mhd.start_daemon(flags, (uint16_t)s.port, NULL, NULL, serve_handle, &s, MHD_OPTION_SOCK_ADDR,
			     (struct sockaddr *)&ss, MHD_OPTION_NOTIFY_COMPLETED, serve_done, NULL,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_MAX_CONNECTIONS,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_END);
	if (!d) {
		snprintf(why, why_cap, "cannot listen on %s: %s", o->listen ? o->listen : "127.0.0.1:8080",
			 errno ? strerror(errno) : "libmicrohttpd refused");
		goto done;
	}
	const union MHD_DaemonInfo *info = serve_mhd.get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (info)
		s.port = info->port;
	fprintf(stderr, "xxgk serve: http://%s:%u/%s (database %s; Ctrl-C stops)\n", s.host, s.port,
		s.token[0] ? "?token=…" : "", o->db);
	fflush(stderr);
	if (serve_year_warm_start(&s.ctx))
		fprintf(stderr, "xxgk serve: warning: cannot start the thread that reads the latest year ahead; "
			"the first page will read it\n");
	while (!*o->stop) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "xxgk serve: stopped\n");
	rc = 0;
done:
	serve_year_warm_stop();
	if (d)
		serve_mhd.stop_daemon(d);
	if (locked)
		pthread_rwlock_destroy(&lock);
	if (s.ctx.tmpdir[0])
		serve_rmtmp(s.ctx.tmpdir);
	api_free_cache();
	xxgk_store_close(st);
	xxgk_deadlines_free(s.ctx.deadlines);
	xxgk_gazetteer_free(s.ctx.gaz);
	return rc;
}
