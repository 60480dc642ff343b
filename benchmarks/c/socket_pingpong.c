/*
 * Ping-pong through the kernel: a Unix domain stream socket, a TCP connection on loopback (TCP_NODELAY), or a pair of
 * named pipes (one per direction). Blocking reads and writes of PINGPONG_MESSAGE_LENGTH bytes: the usual way two
 * processes talk, and the baseline that shared memory is meant to beat.
 *
 * Usage: socket_pingpong pong <address> | ping <address> <warmup> <count> <out>
 *   address: uds:<socket path> | tcp:<port on 127.0.0.1> | fifo:<path prefix> (pipes <prefix>.ping and <prefix>.pong)
 */
#include "pingpong.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

typedef struct link_stct
{
    int read_fd;
    int write_fd;
}
link_t;

static void fail(const char *what, const char *address)
{
    fprintf(stderr, "%s: address=%s error=%s\n", what, address, strerror(errno));
    exit(1);
}

static int read_fully(int fd, uint8_t *buffer, size_t length)
{
    size_t done = 0;
    while (done < length)
    {
        const ssize_t got = read(fd, buffer + done, length - done);
        if (got <= 0)
        {
            if (got < 0 && errno == EINTR)
            {
                continue;
            }
            return -1;
        }
        done += (size_t)got;
    }
    return 0;
}

static int write_fully(int fd, const uint8_t *buffer, size_t length)
{
    size_t done = 0;
    while (done < length)
    {
        const ssize_t put = write(fd, buffer + done, length - done);
        if (put <= 0)
        {
            if (put < 0 && errno == EINTR)
            {
                continue;
            }
            return -1;
        }
        done += (size_t)put;
    }
    return 0;
}

static int socket_for(const char *address, struct sockaddr_storage *storage, socklen_t *length)
{
    memset(storage, 0, sizeof(*storage));
    if (strncmp(address, "uds:", 4) == 0)
    {
        struct sockaddr_un *unix_address = (struct sockaddr_un *)storage;
        unix_address->sun_family = AF_UNIX;
        if (strlen(address + 4) >= sizeof(unix_address->sun_path))
        {
            errno = ENAMETOOLONG;
            fail("socket path too long", address);
        }
        strcpy(unix_address->sun_path, address + 4);
        *length = sizeof(*unix_address);
        return socket(AF_UNIX, SOCK_STREAM, 0);
    }
    struct sockaddr_in *inet_address = (struct sockaddr_in *)storage;
    inet_address->sin_family = AF_INET;
    inet_address->sin_port = htons((uint16_t)atoi(address + 4));
    inet_address->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    *length = sizeof(*inet_address);
    return socket(AF_INET, SOCK_STREAM, 0);
}

static void set_no_delay(int fd, const char *address)
{
    if (strncmp(address, "tcp:", 4) == 0)
    {
        const int on = 1;
        if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) != 0)
        {
            fail("TCP_NODELAY", address);
        }
    }
}

static link_t open_link(const char *address, int is_ping)
{
    link_t link = { -1, -1 };
    if (strncmp(address, "fifo:", 5) == 0)
    {
        char ping_path[4096];
        char pong_path[4096];
        snprintf(ping_path, sizeof(ping_path), "%s.ping", address + 5);
        snprintf(pong_path, sizeof(pong_path), "%s.pong", address + 5);
        if (!is_ping)
        {
            if (mkfifo(ping_path, 0600) != 0 || mkfifo(pong_path, 0600) != 0)
            {
                fail("mkfifo", address);
            }
            pingpong_ready();
            link.read_fd = open(ping_path, O_RDONLY);
            link.write_fd = open(pong_path, O_WRONLY);
        }
        else
        {
            link.write_fd = open(ping_path, O_WRONLY);
            link.read_fd = open(pong_path, O_RDONLY);
        }
        if (link.read_fd < 0 || link.write_fd < 0)
        {
            fail("open fifo", address);
        }
        return link;
    }
    if (strncmp(address, "uds:", 4) != 0 && strncmp(address, "tcp:", 4) != 0)
    {
        fprintf(stderr, "unknown address: address=%s expected=uds:<path>|tcp:<port>|fifo:<prefix>\n", address);
        exit(2);
    }
    struct sockaddr_storage storage;
    socklen_t length;
    const int fd = socket_for(address, &storage, &length);
    if (fd < 0)
    {
        fail("socket", address);
    }
    if (is_ping)
    {
        if (connect(fd, (struct sockaddr *)&storage, length) != 0)
        {
            fail("connect", address);
        }
        set_no_delay(fd, address);
        link.read_fd = fd;
        link.write_fd = fd;
        return link;
    }
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(fd, (struct sockaddr *)&storage, length) != 0 || listen(fd, 1) != 0)
    {
        fail("bind", address);
    }
    pingpong_ready();
    const int connection = accept(fd, NULL, NULL);
    if (connection < 0)
    {
        fail("accept", address);
    }
    close(fd);
    set_no_delay(connection, address);
    link.read_fd = connection;
    link.write_fd = connection;
    return link;
}

static void remove_endpoints(const char *address)
{
    if (strncmp(address, "uds:", 4) == 0)
    {
        unlink(address + 4);
    }
    else if (strncmp(address, "fifo:", 5) == 0)
    {
        char path[4096];
        snprintf(path, sizeof(path), "%s.ping", address + 5);
        unlink(path);
        snprintf(path, sizeof(path), "%s.pong", address + 5);
        unlink(path);
    }
}

int main(int argc, char **argv)
{
    const pingpong_args_t args = pingpong_parse_args(argc, argv, 1,
        "socket_pingpong pong <uds:path|tcp:port|fifo:prefix> | ping <address> <warmup> <count> <out>");
    const char *address = args.addresses[0];
    const link_t link = open_link(address, args.is_ping);
    uint8_t message[PINGPONG_MESSAGE_LENGTH] = { 0 };
    if (!args.is_ping)
    {
        int status = 0;
        for (;;)
        {
            if (read_fully(link.read_fd, message, sizeof(message)) != 0)
            {
                status = 1;
                break;
            }
            if (pingpong_get_sequence(message) == PINGPONG_STOP_SEQUENCE)
            {
                break;
            }
            if (write_fully(link.write_fd, message, sizeof(message)) != 0)
            {
                status = 1;
                break;
            }
        }
        remove_endpoints(address);
        return status;
    }
    int64_t *samples = pingpong_allocate_samples(args.count);
    const int64_t total = args.warmup + args.count;
    for (int64_t sequence = 0; sequence < total; sequence++)
    {
        pingpong_put_sequence(message, sequence);
        const int64_t start_ns = pingpong_now_ns();
        if (write_fully(link.write_fd, message, sizeof(message)) != 0 ||
            read_fully(link.read_fd, message, sizeof(message)) != 0)
        {
            fail("ping i/o", address);
        }
        const int64_t end_ns = pingpong_now_ns();
        if (pingpong_get_sequence(message) != sequence)
        {
            fprintf(stderr, "ping: wrong echo: field=sequence found=%lld expected=%lld\n",
                (long long)pingpong_get_sequence(message), (long long)sequence);
            return 1;
        }
        if (sequence >= args.warmup)
        {
            samples[sequence - args.warmup] = end_ns - start_ns;
        }
    }
    pingpong_put_sequence(message, PINGPONG_STOP_SEQUENCE);
    write_fully(link.write_fd, message, sizeof(message));
    const int status = pingpong_write_samples(args.out_path, samples, args.count);
    free(samples);
    return status;
}
