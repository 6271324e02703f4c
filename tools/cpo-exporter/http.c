// SPDX-License-Identifier: GPL-2.0
/*
 * /metrics over HTTP with libmicrohttpd, run from the exporter's own poll
 * loop (MHD's epoll mode, no thread of its own): a scrape renders the
 * copy between two events, so it needs no lock and sends nothing to the
 * kernel. The page is put together by page.c, gzip-compressed for a
 * scraper that accepts it (Prometheus does).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <microhttpd.h>

#include "exporter.h"

struct exp_http {
	struct MHD_Daemon *d;
	struct exp_state *s;
	struct exp_page page;
};

static const char index_page[] =
	"<html><head><title>cpo-exporter</title></head><body>"
	"<h1>cpo-exporter</h1><p><a href=\"/metrics\">Metrics</a></p>"
	"</body></html>\n";

static enum MHD_Result reply_enc(struct MHD_Connection *conn,
				 unsigned int code, const char *type,
				 const char *encoding, void *body, size_t len,
				 enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body, mode);
	if (!r) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	/* @encoding "": the identity, but the reply depends on the request */
	if (encoding) {
		if (*encoding)
			MHD_add_response_header(r,
						MHD_HTTP_HEADER_CONTENT_ENCODING,
						encoding);
		MHD_add_response_header(r, MHD_HTTP_HEADER_VARY,
					MHD_HTTP_HEADER_ACCEPT_ENCODING);
	}
	ret = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned int code,
			     const char *type, void *body, size_t len,
			     enum MHD_ResponseMemoryMode mode)
{
	return reply_enc(conn, code, type, NULL, body, len, mode);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	static const char plain[] = "text/plain; charset=utf-8";
	struct exp_http *h = cls;
	struct exp_buf b = {};
	const char *ae;
	bool gzip;

	(void)version;
	(void)upload;
	(void)upload_size;
	(void)con_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED, plain,
			     (void *)"method not allowed\n", 19,
			     MHD_RESPMEM_PERSISTENT);
	if (!strcmp(url, "/"))
		return reply(conn, MHD_HTTP_OK, "text/html; charset=utf-8",
			     (void *)index_page, sizeof(index_page) - 1,
			     MHD_RESPMEM_PERSISTENT);
	if (strcmp(url, "/metrics"))
		return reply(conn, MHD_HTTP_NOT_FOUND, plain,
			     (void *)"not found: try /metrics\n", 24,
			     MHD_RESPMEM_PERSISTENT);
	h->s->cnt.scrapes++;
	ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					 MHD_HTTP_HEADER_ACCEPT_ENCODING);
	gzip = ae && exp_accepts_gzip(ae);
	if (exp_page_build(&h->page, h->s, gzip, exp_now_ns(), &b)) {
		exp_buf_free(&b);
		return reply(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, plain,
			     (void *)"out of memory\n", 14,
			     MHD_RESPMEM_PERSISTENT);
	}
	/* MHD frees the buffer with the response; Vary either way */
	return reply_enc(conn, MHD_HTTP_OK,
			 "text/plain; version=0.0.4; charset=utf-8",
			 gzip ? "gzip" : "", b.p, b.len,
			 MHD_RESPMEM_MUST_FREE);
}

/* "ADDR:PORT", "[ADDR6]:PORT" or ":PORT" (every address). */
int exp_listen_parse(const char *listen, struct sockaddr_storage *ss,
		     char *msg, size_t msglen)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	char host[64];
	const char *colon;
	unsigned long port;
	char *end;
	size_t hl;

	memset(ss, 0, sizeof(*ss));
	colon = strrchr(listen, ':');
	if (!colon)
		goto bad;
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || port > 65535)
		goto bad;
	hl = colon - listen;
	if (hl >= sizeof(host))
		goto bad;
	memcpy(host, listen, hl);
	host[hl] = '\0';
	if (host[0] == '[') {
		if (hl < 2 || host[hl - 1] != ']')
			goto bad;
		host[hl - 1] = '\0';
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			goto bad;
		return 0;
	}
	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	if (!host[0]) {
		s4->sin_addr.s_addr = htonl(INADDR_ANY);
		return 0;
	}
	if (!strcmp(host, "localhost"))
		strcpy(host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
		goto bad;
	return 0;
bad:
	snprintf(msg, msglen,
		 "bad listen address \"%s\": want ADDR:PORT, [ADDR6]:PORT or :PORT",
		 listen);
	return -EINVAL;
}

int exp_http_start(struct exp_http **hp, const char *listen,
		   struct exp_state *s, char *msg, size_t msglen)
{
	struct sockaddr_storage ss;
	unsigned int flags = MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	struct exp_http *h;
	uint16_t port;
	int ret;

	ret = exp_listen_parse(listen, &ss, msg, msglen);
	if (ret)
		return ret;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	port = ntohs(ss.ss_family == AF_INET6 ?
		     ((struct sockaddr_in6 *)&ss)->sin6_port :
		     ((struct sockaddr_in *)&ss)->sin_port);
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->s = s;
	errno = 0;
	h->d = MHD_start_daemon(flags, port, NULL, NULL, on_request, h,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)10,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned int)64,
				MHD_OPTION_END);
	if (!h->d) {
		ret = errno ? -errno : -EADDRINUSE;
		snprintf(msg, msglen, "cannot listen on %s: %s", listen,
			 strerror(-ret));
		free(h);
		return ret;
	}
	*hp = h;
	return 0;
}

void exp_http_stop(struct exp_http *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->d);
	exp_page_free(&h->page);
	free(h);
}

int exp_http_fd(const struct exp_http *h)
{
	const union MHD_DaemonInfo *i;

	i = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_EPOLL_FD);
	return i ? i->epoll_fd : -1;
}

int exp_http_timeout(const struct exp_http *h)
{
	MHD_UNSIGNED_LONG_LONG t;

	if (MHD_get_timeout(h->d, &t) != MHD_YES)
		return -1;
	return t > 60000 ? 60000 : (int)t;
}

void exp_http_run(struct exp_http *h)
{
	MHD_run(h->d);
}
