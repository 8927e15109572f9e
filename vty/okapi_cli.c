/*
 * okapi_cli.c: okapi-cli, run commands on a running bgpd without telnet.
 *
 *   okapi-cli [-s SOCKET] -c "show version" [-c "show logging" ...]
 *   okapi-cli [-s SOCKET] < commands
 *
 * It connects to bgpd's local socket (default VTY_DEFAULT_SOCKET), sends
 * each command as one line and copies the answer to stdout until the end
 * marker NUL NUL NUL STATUS (see server.c).  The session is at the enable
 * level.  Exit status: 0 if every command succeeded, 1 if one failed
 * (unknown, incomplete or ambiguous command, or a command error; its text
 * is on stdout), 2 if bgpd cannot be reached.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "vty.h"

static void usage(void)
{
	fprintf(stderr, "usage: okapi-cli [-s SOCKET] [-c COMMAND]...\n"
			"  -s SOCKET   bgpd's vty socket (default %s)\n"
			"  -c COMMAND  run COMMAND (repeatable); without -c, "
			"one command per line from stdin\n",
		VTY_DEFAULT_SOCKET);
	exit(2);
}

static int connect_to(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "okapi-cli: socket path too long\n");
		return -1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		fprintf(stderr, "okapi-cli: cannot connect to %s: %s\n", path,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copy the answer to stdout; the status digit, or -1 if bgpd went away.
 * The output itself never contains a NUL byte. */
static int read_answer(int fd)
{
	char buf[4096];
	int zeros = 0;

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf)), i;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		for (i = 0; i < n; i++) {
			if (zeros == 3)
				return buf[i] - '0';
			if (buf[i] == '\0') {
				zeros++;
				continue;
			}
			zeros = 0;
			putchar(buf[i]);
		}
	}
}

static int run(int fd, const char *cmd)
{
	char *line;
	int rc;
	size_t n = strlen(cmd);

	if (strchr(cmd, '\n'))
		return 1;
	line = malloc(n + 2);
	if (!line)
		return 1;
	memcpy(line, cmd, n);
	line[n] = '\n';
	rc = send_all(fd, line, n + 1);
	free(line);
	if (rc < 0)
		return -1;
	rc = read_answer(fd);
	fflush(stdout);
	return rc;
}

int main(int argc, char **argv)
{
	const char *path = VTY_DEFAULT_SOCKET;
	const char *cmds[64];
	int ncmd = 0, opt, fd, i, rc, status = 0;
	char line[4096];

	while ((opt = getopt(argc, argv, "s:c:h")) != -1) {
		if (opt == 's')
			path = optarg;
		else if (opt == 'c' && ncmd < 64)
			cmds[ncmd++] = optarg;
		else
			usage();
	}
	if (optind != argc)
		usage();
	fd = connect_to(path);
	if (fd < 0)
		return 2;
	for (i = 0; i < ncmd; i++) {
		rc = run(fd, cmds[i]);
		if (rc < 0) {
			fprintf(stderr, "okapi-cli: connection closed\n");
			return 2;
		}
		status |= rc != 0;
	}
	while (ncmd == 0 && fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\r\n")] = '\0';
		rc = run(fd, line);
		if (rc < 0)
			return 2;
		status |= rc != 0;
	}
	close(fd);
	return status;
}
