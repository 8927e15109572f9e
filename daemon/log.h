/*
 * log.h: Quagga-format logging ("YYYY/MM/DD HH:MM:SS BGP: message").
 *
 * Until log_open_file()/log_to_stdout()/log_to_syslog() is called nothing
 * is written anywhere (bgpd must be silent on stdout/stderr in normal
 * operation, IPMininet never reads those pipes).  The last LOG_RING_LINES
 * lines are also kept in memory for `show logging`.
 */
#ifndef OKAPI_LOG_H
#define OKAPI_LOG_H

#include <stdarg.h>
#include <stddef.h>

/* Syslog's numbering, so "log file PATH LEVEL" maps directly. */
enum log_level {
	LOG_LVL_EMERG = 0,
	LOG_LVL_ALERT,
	LOG_LVL_CRIT,
	LOG_LVL_ERR,
	LOG_LVL_WARN,
	LOG_LVL_NOTICE,
	LOG_LVL_INFO,
	LOG_LVL_DEBUG,
};

#define LOG_RING_LINES 256

/* Level name as written in the config ("errors", "warnings", ...);
 * -1 if unknown. */
int log_level_parse(const char *name);
const char *log_level_name(enum log_level lvl);

/* Open (or re-open, for SIGHUP and logrotate) the log file.  0 / -1. */
int log_open_file(const char *path, enum log_level max);
void log_to_stdout(enum log_level max);	/* "log stdout" */
void log_to_syslog(enum log_level max);	/* "log syslog" */
void log_close_all(void);
/* Re-open the current file (SIGHUP). */
int log_reopen(void);

void log_msg(enum log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void log_vmsg(enum log_level lvl, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#define log_err(...) log_msg(LOG_LVL_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_LVL_NOTICE, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

/*
 * Visit the in-memory ring, oldest line first (each line without '\n',
 * with its timestamp prefix).
 */
void log_ring_walk(void (*fn)(const char *line, void *arg), void *arg);

/* Abort on a broken internal invariant (never for bad input). */
void fatal(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#endif
