/*
 * log.c: the log sinks (file, stdout, syslog) and the in-memory ring.
 * Every line is flushed at once, as Quagga does, so a test tailing the
 * file sees each event immediately.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static const char *const level_names[] = {
	"emergencies", "alerts", "critical", "errors",
	"warnings", "notifications", "informational", "debugging",
};

static struct {
	FILE *file;
	char *path;
	int file_max;		/* -1 = off */
	int stdout_max;
	int syslog_max;
	char ring[LOG_RING_LINES][512];
	unsigned ring_next;
	unsigned ring_count;
} lg = { NULL, NULL, -1, -1, -1, { { 0 } }, 0, 0 };

/* vty threads read the ring; only the loop thread writes logs, but the
 * lock keeps `show logging` from seeing a half-written line. */
static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;

int log_level_parse(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0)
		return -1;
	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (strcmp(name, level_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *log_level_name(enum log_level lvl)
{
	if ((unsigned)lvl >= sizeof(level_names) / sizeof(level_names[0]))
		return "?";
	return level_names[lvl];
}

int log_open_file(const char *path, enum log_level max)
{
	FILE *f = fopen(path, "a");

	if (!f)
		return -1;
	if (lg.file)
		fclose(lg.file);
	lg.file = f;
	if (lg.path != path) {
		char *copy = strdup(path);

		if (!copy) {
			fclose(f);
			lg.file = NULL;
			return -1;
		}
		free(lg.path);
		lg.path = copy;
	}
	lg.file_max = (int)max;
	return 0;
}

int log_reopen(void)
{
	if (!lg.path)
		return 0;
	return log_open_file(lg.path, (enum log_level)lg.file_max);
}

void log_to_stdout(enum log_level max)
{
	lg.stdout_max = (int)max;
}

void log_to_syslog(enum log_level max)
{
	if (lg.syslog_max < 0)
		openlog("bgpd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	lg.syslog_max = (int)max;
}

void log_close_all(void)
{
	if (lg.file)
		fclose(lg.file);
	lg.file = NULL;
	free(lg.path);
	lg.path = NULL;
	lg.file_max = -1;
	lg.stdout_max = -1;
	if (lg.syslog_max >= 0)
		closelog();
	lg.syslog_max = -1;
}

void log_vmsg(enum log_level lvl, const char *fmt, va_list ap)
{
	char line[512], ts[32];
	time_t now = time(NULL);
	struct tm tm;
	int n;

	localtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y/%m/%d %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s BGP: ", ts);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);

	pthread_mutex_lock(&ring_lock);
	memcpy(lg.ring[lg.ring_next], line, sizeof(line));
	lg.ring_next = (lg.ring_next + 1) % LOG_RING_LINES;
	if (lg.ring_count < LOG_RING_LINES)
		lg.ring_count++;
	pthread_mutex_unlock(&ring_lock);

	if (lg.file && (int)lvl <= lg.file_max) {
		fprintf(lg.file, "%s\n", line);
		fflush(lg.file);
	}
	if ((int)lvl <= lg.stdout_max) {
		printf("%s\n", line);
		fflush(stdout);
	}
	if ((int)lvl <= lg.syslog_max)
		syslog((int)lvl, "%s", line + n);
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(lvl, fmt, ap);
	va_end(ap);
}

void log_ring_walk(void (*fn)(const char *line, void *arg), void *arg)
{
	unsigned i, start;

	pthread_mutex_lock(&ring_lock);
	start = (lg.ring_next + LOG_RING_LINES - lg.ring_count) % LOG_RING_LINES;
	for (i = 0; i < lg.ring_count; i++)
		fn(lg.ring[(start + i) % LOG_RING_LINES], arg);
	pthread_mutex_unlock(&ring_lock);
}

void fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_LVL_CRIT, fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	fprintf(stderr, "bgpd: fatal: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}
