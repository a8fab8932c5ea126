/*
 * cmd_serve.c — `xxgk serve --db F.db [--listen 127.0.0.1:8080] [--token FILE]`:
 * the pages for county staff in a browser (上传, 总览, 单位, 统计) and their
 * JSON API, until Ctrl-C. The server is src/serve/; this file only reads
 * the options and maps the outcome to an exit code.
 */
#include <signal.h>
#include <string.h>

#include "../serve/serve.h"
#include "cli.h"

enum { SERVE_DB, SERVE_LISTEN, SERVE_TOKEN };

static const cli_opt serve_opts[] = {
	[SERVE_DB] = { "db", 0, "FILE", N_("the database (it must exist: made by xxgk load, or an empty file to start from uploads)") },
	[SERVE_LISTEN] = { "listen", 0, "ADDRESS:PORT", N_("where to listen (default 127.0.0.1:8080; port 0 picks a free one)") },
	[SERVE_TOKEN] = { "token", 0, "FILE", N_("a file whose first line (16+ characters) every request must carry;\n"
						 "required for any address other than loopback") },
	{ NULL, 0, NULL, NULL },
};

const cli_command cli_serve = {
	.name = "serve",
	.synopsis = N_("--db FILE [--listen ADDRESS:PORT] [--token FILE]"),
	.summary = N_("web pages for county staff: upload, overview, one body, statistics"),
	.text = N_("Serves pages in Chinese for the spring review, in any browser, offline:\n"
		   "上传 (drop reports, a folder or a zip: parsed, loaded, checked), 总览 (by region\n"
		   "and year: 缺报, late, errors, outliers; the review workbook and the county PDF),\n"
		   "单位 (one report's tables as read, its findings with a status each, its change\n"
		   "from last year, its PDF) and 统计 (peer groups, funnel plots).\n"
		   "It listens on loopback only unless --token is given; then open the printed\n"
		   "address with ?token=… once. Status changes are recorded with who and when."),
	.opts = serve_opts,
	.exit_text = N_("0 stopped by Ctrl-C; 2 usage; 3 cannot open the database or listen"),
	.examples = "xxgk serve --db county.db\n"
		    "xxgk serve --db county.db --listen 0.0.0.0:8080 --token /etc/xxgk/token",
	.run = cli_cmd_serve,
};

static volatile sig_atomic_t serve_stop;

static void serve_on_signal(int sig)
{
	(void)sig;
	serve_stop = 1;
}

int cli_cmd_serve(int argc, char **argv)
{
	serve_options o;
	cli_args a;
	int opt;
	memset(&o, 0, sizeof o);
	cli_args_init(&a, &cli_serve, argc, argv);
	while ((opt = cli_args_next(&a)) >= 0) {
		switch (opt) {
		case SERVE_DB: o.db = a.arg; break;
		case SERVE_LISTEN: o.listen = a.arg; break;
		case SERVE_TOKEN: o.token_file = a.arg; break;
		}
	}
	if (opt != CLI_ARGS_END)
		return cli_args_exit(opt);
	if (cli_args_count(&a))
		return cli_usage_error(&cli_serve, _("takes no operands"));
	if (!o.db)
		return cli_usage_error(&cli_serve, _("--db FILE is required"));
	struct sigaction sa, old_int, old_term;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = serve_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	signal(SIGPIPE, SIG_IGN);
	o.stop = &serve_stop;
	char why[1024];
	int rc = serve_run(&o, why, sizeof why);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (rc) {
		cli_error(&cli_serve, "%s", why);
		return CLI_EXIT_TROUBLE;
	}
	return CLI_EXIT_OK;
}
