/* check_cli.c - the command's progress display (src/cli/util.c) where a
 * script cannot pin it: the interval between two redraws on a terminal
 * and off one.  Standard error is made a terminal (the slave of a pty) or
 * a pipe, cli_progress_start sets the display up, and its counter is asked
 * whether a report is due at clock values given here (the library's
 * fanos_progress_update takes the clock as an argument), against the
 * intervals doc/spec.md ST24 states; what reaches the terminal or the
 * pipe is read back. */
#define _GNU_SOURCE     /* posix_openpt, grantpt, unlockpt, ptsname */
#include <config.h>
#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fanos.h"
#include "cli/cli.h"

/* What fd holds within a second (nothing when nothing comes). */
static size_t drain(int fd, char *buf, size_t len)
{
    size_t n = 0;
    struct pollfd q = {fd, POLLIN, 0};
    while (n + 1 < len && poll(&q, 1, n ? 50 : 1000) == 1 &&
           (q.revents & POLLIN)) {
        ssize_t r = read(fd, buf + n, len - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    return n;
}

/* Standard error onto fd; returns the old one. */
static int stderr_to(int fd)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    ck_assert_int_ge(saved, 0);
    ck_assert_int_eq(dup2(fd, STDERR_FILENO), STDERR_FILENO);
    return saved;
}

static void stderr_back(int saved)
{
    fflush(stderr);
    ck_assert_int_eq(dup2(saved, STDERR_FILENO), STDERR_FILENO);
    close(saved);
}

/* [ST24] on a terminal: a report is due 0.1 s after the last one and not
 * before, the line is drawn at once and redrawn in place with \r; --quiet
 * draws nothing there. */
START_TEST(progress_on_a_terminal)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    ck_assert_int_ge(master, 0);
    ck_assert_int_eq(grantpt(master), 0);
    ck_assert_int_eq(unlockpt(master), 0);
    int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    ck_assert_int_ge(slave, 0);
    int saved = stderr_to(slave);
    cli_progress c;
    cli_progress_start(&c, "runs", 10, 0, 0);
    const double t0 = c.p.start;
    ck_assert_int_eq(fanos_progress_update(&c.p, 1, t0 + 0.099), 0);
    ck_assert_int_eq(fanos_progress_update(&c.p, 2, t0 + 0.101), 1);
    /* the interval runs from the last report, not from the start */
    ck_assert_int_eq(fanos_progress_update(&c.p, 3, t0 + 0.2), 0);
    ck_assert_int_eq(fanos_progress_update(&c.p, 4, t0 + 0.202), 1);
    cli_progress_end(&c, NULL);
    char buf[1024];
    drain(master, buf, sizeof buf);
    ck_assert_msg(!strncmp(buf, "\rruns 0/10, 0:00 elapsed, ETA ?", 31),
                  "the first line drawn: '%s'", buf);
    ck_assert_msg(strstr(buf, "\rruns 4/4, done in ") != NULL,
                  "the final line, redrawn in place: '%s'", buf);

    cli_progress_start(&c, "runs", 10, 0, 1);
    cli_progress_step(&c, 10, NULL);
    cli_progress_end(&c, NULL);
    ck_assert_uint_eq(drain(master, buf, sizeof buf), 0);
    stderr_back(saved);
    close(slave);
    close(master);
}
END_TEST

/* [ST24] off a terminal (a pipe): a report is due 5 s after the last one
 * and not before; nothing is drawn at the start, and the final line ends
 * with a newline. */
START_TEST(progress_off_a_terminal)
{
    int fd[2];
    ck_assert_int_eq(pipe(fd), 0);
    int saved = stderr_to(fd[1]);
    cli_progress c;
    cli_progress_start(&c, "runs", 10, 0, 0);
    const double t0 = c.p.start;
    ck_assert_int_eq(fanos_progress_update(&c.p, 1, t0 + 0.2), 0);
    ck_assert_int_eq(fanos_progress_update(&c.p, 2, t0 + 4.99), 0);
    ck_assert_int_eq(fanos_progress_update(&c.p, 3, t0 + 5.01), 1);
    ck_assert_int_eq(fanos_progress_update(&c.p, 4, t0 + 10.0), 0);
    ck_assert_int_eq(fanos_progress_update(&c.p, 5, t0 + 10.02), 1);
    char buf[1024];
    ck_assert_uint_eq(drain(fd[0], buf, sizeof buf), 0);
    cli_progress_end(&c, NULL);
    drain(fd[0], buf, sizeof buf);
    ck_assert_msg(!strncmp(buf, "runs 5/5, done in ", 18) && strchr(buf, '\n') &&
                  !strchr(buf, '\r'), "the final line: '%s'", buf);
    stderr_back(saved);
    close(fd[0]);
    close(fd[1]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("progress");
    tcase_add_test(tc, progress_on_a_terminal);
    tcase_add_test(tc, progress_off_a_terminal);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
