/*
 * main.c: the bgpd program: Quagga bgpd's command line, the dry run
 * (-C), the pid file, signals, and the event loop.
 *
 * IPMininet runs `bgpd -Cf CFG -u root` and then
 * `bgpd -f CFG -i PID -z SOCK -u root -p 179` in the foreground, never
 * reads our stdout/stderr, and stops us with SIGTERM (SIGKILL 2 s later)
 * or SIGINT (../shared/reference/ipmininet.md sections 2 and 7).  So:
 * silent on stdout/stderr once running, argv untouched, exit within 2 s.
 *
 * Privileges (privs.h): -u/-g are resolved before anything else, so a
 * missing account is a clear error; the switch happens once the log
 * file, the pid file and the listening sockets are open.  `-u root`
 * without -g changes nothing.
 */

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <ev.h>

#include "bgp.h"
#include "config.h"
#include "log.h"
#include "fibsys.h"
#include "privs.h"
#include "rde.h"
#include "vty.h"
#include "show_route.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.1.0"
#endif
#define BGPD_DEFAULT_CONFIG SYSCONFDIR "/okapi/bgpd.conf"
#define BGPD_DEFAULT_VTY_PORT 2605

struct bgpd_opts {
	const char *config_file;
	const char *pid_file;
	const char *zserv_socket; /* accepted; okapi needs no zebra */
	const char *listen_addr;
	const char *vty_addr;
	const char *user, *group;
	int bgp_port;
	int vty_port;
	bool daemon, retain, no_kernel, skip_runas, dryrun;
};

static struct {
	struct bgpd_opts o;
	struct ev_loop *loop;
	struct bgp *bgp;
	struct fibsys *fib;
	ev_tstamp start_time;	/* for the initial convergence */
	struct privs privs;
	bool pid_written;
} g;

static const struct option long_opts[] = {
    {"daemon", no_argument, NULL, 'd'},
    {"config_file", required_argument, NULL, 'f'},
    {"pid_file", required_argument, NULL, 'i'},
    {"socket", required_argument, NULL, 'z'},
    {"bgp_port", required_argument, NULL, 'p'},
    {"listenon", required_argument, NULL, 'l'},
    {"vty_addr", required_argument, NULL, 'A'},
    {"vty_port", required_argument, NULL, 'P'},
    {"retain", no_argument, NULL, 'r'},
    {"no_kernel", no_argument, NULL, 'n'},
    {"user", required_argument, NULL, 'u'},
    {"group", required_argument, NULL, 'g'},
    {"skip_runas", no_argument, NULL, 'S'},
    {"version", no_argument, NULL, 'v'},
    {"dryrun", no_argument, NULL, 'C'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage : %s [OPTION...]\n\n"
		"okapi's BGP-4 daemon, a drop-in for Quagga's bgpd.\n\n"
		"-d, --daemon       Runs in daemon mode\n"
		"-f, --config_file  Set configuration file name\n"
		"-i, --pid_file     Set process identifier file name\n"
		"-z, --socket       Set path of zebra socket (ignored)\n"
		"-p, --bgp_port     Set bgp protocol's port number "
		"(0: do not listen)\n"
		"-l, --listenon     Listen on specified address (implies -n)\n"
		"-A, --vty_addr     Set vty's bind address\n"
		"-P, --vty_port     Set vty's port number (0: no vty)\n"
		"-r, --retain       When program terminates, retain added "
		"route by bgpd.\n"
		"-n, --no_kernel    Do not install route to kernel.\n"
		"-u, --user         User to run as\n"
		"-g, --group        Group to run as\n"
		"-S, --skip_runas   Skip user and group run as\n"
		"-v, --version      Print program version\n"
		"-C, --dryrun       Check configuration for validity and exit\n"
		"-h, --help         Display this help and exit\n\n"
		"Default configuration file: %s\n",
		prog, BGPD_DEFAULT_CONFIG);
}

static void version(void)
{
	printf("okapi bgpd version %s\n", PACKAGE_VERSION);
	printf("Copyright (C) 2026 the okapi authors.\n");
	printf("A drop-in for Quagga's bgpd; Quagga is Copyright 1996-2005 "
	       "Kunihiro Ishiguro, et al.\n");
}

static int parse_port(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0 || v > 65535)
		return -1;
	*out = (int)v;
	return 0;
}

/* 0 = go on, else the exit status + 1 (so 1 means exit(0)). */
static int parse_args(int argc, char **argv, struct bgpd_opts *o)
{
	int c;

	o->bgp_port = CONF_DEF_BGP_PORT;
	o->vty_port = BGPD_DEFAULT_VTY_PORT;
	o->config_file = BGPD_DEFAULT_CONFIG;
	while ((c = getopt_long(argc, argv, "df:i:z:p:l:A:P:rnu:g:SvCh",
				long_opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->daemon = true;
			break;
		case 'f':
			o->config_file = optarg;
			break;
		case 'i':
			o->pid_file = optarg;
			break;
		case 'z':
			o->zserv_socket = optarg;
			break;
		case 'l':
			o->listen_addr = optarg;
			break;
		case 'A':
			o->vty_addr = optarg;
			break;
		case 'r':
			o->retain = true;
			break;
		case 'n':
			o->no_kernel = true;
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'g':
			o->group = optarg;
			break;
		case 'S':
			o->skip_runas = true;
			break;
		case 'C':
			o->dryrun = true;
			break;
		case 'p':
		case 'P':
			if (parse_port(optarg, c == 'p' ? &o->bgp_port
							: &o->vty_port) < 0) {
				fprintf(stderr, "bgpd: bad port number: %s\n",
					optarg);
				return 2;
			}
			break;
		case 'v':
			version();
			return 1;
		case 'h':
			usage(stdout, argv[0]);
			return 1;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "bgpd: unexpected argument: %s\n",
			argv[optind]);
		return 2;
	}
	/* Quagga: -l implies -n (no kernel routes). */
	if (o->listen_addr)
		o->no_kernel = true;
	return 0;
}

/* -u/-g must name real accounts: a clear error, not a crash later. */
static int runas_resolve(const struct bgpd_opts *o, struct privs *p)
{
	char err[256];

	memset(p, 0, sizeof(*p));
	p->change = PRIVS_KEEP;
	if (o->skip_runas)
		return 0;
	if (privs_resolve(o->user, o->group, p, err, sizeof(err)) < 0) {
		fprintf(stderr, "bgpd: %s\n", err);
		return -1;
	}
	return 0;
}

static int dryrun(const struct bgpd_opts *o)
{
	struct config_diag d;
	struct config *c = NULL;
	int rc;

	config_diag_init(&d);
	rc = config_parse_file(o->config_file, &c, &d);
	config_diag_print(&d, stderr);
	config_diag_free(&d);
	config_free(c);
	return rc == 0 ? 0 : 1;
}

/* Log sinks from the configuration ("log file PATH [LEVEL]", ...). */
static void apply_logging(const struct config *c)
{
	if (c->log_file &&
	    log_open_file(c->log_file, (enum log_level)c->log_file_level) < 0)
		log_err("can't open log file %s: %s", c->log_file,
			strerror(errno));
	if (c->log_stdout_level >= 0)
		log_to_stdout((enum log_level)c->log_stdout_level);
	if (c->log_syslog_level >= 0)
		log_to_syslog((enum log_level)c->log_syslog_level);
}

static void log_diag(const struct config_diag *d, enum log_level lvl)
{
	unsigned i;

	for (i = 0; i < d->n; i++)
		log_msg(lvl, "%s", d->msgs[i]);
}

static int pid_write(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "%ld\n", (long)getpid());
	if (fclose(f) != 0)
		return -1;
	return 0;
}

static void terminate_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)w;
	(void)revents;
	log_notice("Terminating on signal");
	bgp_shutdown(g.bgp);
	/* Take our routes out of the kernel (unless -r), within the 2 s
	 * that IPMininet gives us; what does not fit is logged and
	 * reconciled by the next start. */
	if (g.fib)
		fibsys_shutdown(g.fib, 1500);
	ev_break(loop, EVBREAK_ALL);
}

/* SIGHUP: re-read the configuration; apply it only if it parses. */
static void reload_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct config_diag d;
	struct config *c = NULL;

	(void)loop;
	(void)w;
	(void)revents;
	log_notice("SIGHUP received: reloading %s", g.o.config_file);
	config_diag_init(&d);
	if (config_parse_file(g.o.config_file, &c, &d) < 0) {
		log_diag(&d, LOG_LVL_ERR);
		log_err("configuration not reloaded: %u error(s), "
			"keeping the running one",
			d.nerrors);
		config_diag_free(&d);
		return;
	}
	log_close_all();
	apply_logging(c);
	log_diag(&d, LOG_LVL_WARN);
	config_diag_free(&d);
	if (g.fib) {
		if (c->kernel_table != bgp_config(g.bgp)->kernel_table)
			log_warn("kernel table changed: takes effect at the next start");
		fibsys_set_resolve_via_default(g.fib, c->nht_resolve_via_default);
	}
	bgp_apply(g.bgp, c);
	vty_set_config(bgp_config(g.bgp));
}

static void log_start(void)
{
	log_notice("BGPd %s starting: vty@%d, bgp@%s:%d pid %ld",
		   PACKAGE_VERSION, g.o.vty_port,
		   g.o.listen_addr ? g.o.listen_addr : "<all>", g.o.bgp_port,
		   (long)getpid());
}

static void signals_start(void)
{
	static ev_signal sterm, sint, shup;

	signal(SIGPIPE, SIG_IGN);
	ev_signal_init(&sterm, terminate_cb, SIGTERM);
	ev_signal_init(&sint, terminate_cb, SIGINT);
	ev_signal_init(&shup, reload_cb, SIGHUP);
	ev_signal_start(g.loop, &sterm);
	ev_signal_start(g.loop, &sint);
	ev_signal_start(g.loop, &shup);
}

/*
 * Switch user before anything is opened or any thread started: the log
 * and pid files then belong to that user (SIGHUP can re-open the log),
 * port 179 is bound through the kept CAP_NET_BIND_SERVICE, and the drop
 * happens while the process has one thread (capabilities are per
 * thread; privs.c refuses otherwise).  The log is not open yet, so an
 * error goes to stderr.
 */
static int drop_privileges(void)
{
	char err[256];

	if (privs_drop(&g.privs, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "bgpd: %s\n", err);
	return -1;
}

/*
 * The vty: telnet on -A/-P (port 0 = none) and the local socket next to
 * the pid file for okapi-cli.  Its threads only queue commands to this
 * loop.  A vty that cannot listen is logged, not fatal: BGP matters more.
 */
static void vty_begin(void)
{
	static char sock[4096];
	struct vty_opts vo;

	memset(&vo, 0, sizeof(vo));
	vo.addr = g.o.vty_addr;
	vo.port = (uint16_t)g.o.vty_port;
	vo.no_tcp = g.o.vty_port == 0;
	vo.unix_path = vty_socket_path(g.o.pid_file, sock, sizeof(sock));
	vty_install_builtins();
	vty_install_route();
	vty_bgp_attach(g.bgp);
	vty_set_config(bgp_config(g.bgp));
	if (vty_start(g.loop, &vo) < 0)
		log_err("vty: not listening (see above); BGP runs without it");
}

/*
 * Routes an earlier instance left in the kernel are kept until the
 * initial convergence, so that a restart does not black-hole traffic,
 * then removed unless a best path replaced them.  Convergence is End-of-
 * RIB from every enabled neighbor for its families, not counting those
 * still down after a grace period (bgp_converged), checked a few times
 * a second; a timeout (60 s, or `bgp graceful-restart
 * select-defer-time`) covers peers that never send End-of-RIB.
 */
#define BGPD_CONVERGE_CHECK 0.2

static void converged_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	double elapsed = ev_now(loop) - g.start_time;
	unsigned waiting = 0;

	(void)revents;
	if (bgp_converged(g.bgp, elapsed, &waiting))
		log_info("initial convergence after %.1f s: End-of-RIB from "
			 "every Established neighbor; reconciling the kernel",
			 elapsed);
	else if (elapsed >= bgp_converge_timeout(g.bgp))
		log_info("initial convergence: timeout after %.0f s, %u "
			 "neighbor(s) without End-of-RIB; reconciling the "
			 "kernel",
			 elapsed, waiting);
	else
		return;
	ev_timer_stop(loop, w);
	if (g.fib)
		fibsys_converged(g.fib);
}

/* The kernel side (fib/): next-hop tracking always, installation unless
 * -n.  Started after the privilege switch, so its writer thread keeps
 * CAP_NET_ADMIN.  If netlink cannot start, BGP runs without it. */
static void fib_begin(const struct config *conf)
{
	struct fibsys_cfg fc;

	memset(&fc, 0, sizeof(fc));
	fc.table = conf->kernel_table;
	fc.no_install = g.o.no_kernel;
	fc.retain = g.o.retain;
	fc.resolve_via_default = conf->nht_resolve_via_default;
	g.fib = fibsys_new(g.loop, &fc);
	if (!g.fib)
		log_err("kernel: netlink unavailable; next hops are taken "
			"as reachable and no route is installed");
}

static int run(struct config *conf)
{
	static ev_timer converge;
	struct bgp_opts bo = {(uint16_t)g.o.bgp_port, g.o.listen_addr,
			      g.o.no_kernel, NULL};

	g.loop = EV_DEFAULT;
	if (!g.loop) {
		log_err("cannot initialise the event loop");
		config_free(conf);
		return 1;
	}
	signals_start();
	fib_begin(conf);
	bo.fib = g.fib;
	/* The vty reads the kernel module's refusals (status `r`). */
	vty_bgp_set_fib(g.fib);
	g.bgp = bgp_new(g.loop, &bo);
	if (!g.bgp) {
		log_err("out of memory");
		config_free(conf);
		return 1;
	}
	bgp_apply(g.bgp, conf);
	vty_begin();
	ev_now_update(g.loop);
	g.start_time = ev_now(g.loop);
	ev_timer_init(&converge, converged_cb, BGPD_CONVERGE_CHECK,
		      BGPD_CONVERGE_CHECK);
	ev_timer_start(g.loop, &converge);

	ev_run(g.loop, 0);

	vty_stop();
	vty_bgp_attach(NULL);
	vty_set_config(NULL);
	/* The kernel module goes first: the RIB it reads is freed with
	 * the instance. */
	rde_fib_detach(bgp_rde(g.bgp));
	vty_bgp_set_fib(NULL);
	fibsys_free(g.fib);
	g.fib = NULL;
	bgp_free(g.bgp);
	g.bgp = NULL;
	return 0;
}

/* Detach (-d), open the log, write the pid file, say hello.  On error
 * the config is freed. */
static int start(struct config *conf, const struct config_diag *d)
{
	/* nochdir: -f and -i may be relative, and SIGHUP re-reads -f. */
	if (g.o.daemon && daemon(1, 0) < 0) {
		fprintf(stderr, "bgpd: daemon: %s\n", strerror(errno));
		config_free(conf);
		return -1;
	}
	apply_logging(conf);
	if (g.o.pid_file) {
		if (pid_write(g.o.pid_file) < 0) {
			log_err("can't write pid file %s: %s", g.o.pid_file,
				strerror(errno));
			if (!g.o.daemon)
				fprintf(stderr,
					"bgpd: can't write pid file %s: %s\n",
					g.o.pid_file, strerror(errno));
			config_free(conf);
			return -1;
		}
		g.pid_written = true;
	}
	log_start();
	/* "not supported yet" and other warnings: once, at start. */
	log_diag(d, LOG_LVL_WARN);
	return 0;
}

int main(int argc, char **argv)
{
	struct config_diag d;
	struct config *conf = NULL;
	int rc;

	rc = parse_args(argc, argv, &g.o);
	if (rc)
		return rc - 1;
	if (runas_resolve(&g.o, &g.privs) < 0)
		return 1;
	if (g.o.dryrun)
		return dryrun(&g.o);

	config_diag_init(&d);
	rc = config_parse_file(g.o.config_file, &conf, &d);
	if (rc < 0) {
		config_diag_print(&d, stderr);
	} else if (drop_privileges() < 0) {
		config_free(conf);
		rc = -1;
	} else {
		rc = start(conf, &d);
	}
	config_diag_free(&d);
	if (rc < 0)
		return 1;

	rc = run(conf);
	if (g.pid_written)
		unlink(g.o.pid_file);
	log_close_all();
	return rc;
}
