package dev.portablesession.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Drives the server over real HTTP on loopback, one keep-alive connection and one thread per
 * client, in either of two ways:
 *
 * <ul>
 *   <li>{@link #closedLoop}: every client sends its next request as soon as the previous answer
 *       arrives, for the highest sustainable throughput;</li>
 *   <li>{@link #fixedRate}: requests are due at a fixed rate whatever the server does, and each
 *       latency is measured from the time the request was due, not from when a client got round
 *       to sending it, so a stalled server shows in the latencies instead of silently lowering
 *       the load (no coordinated omission).</li>
 * </ul>
 */
final class LoadGenerator {

    /** Longest latency the histograms hold, in microseconds (one minute). */
    private static final long MAX_LATENCY_MICROS = 60_000_000L;
    /** Waiting for a due time ends in a spin this long before it, for a prompt start. */
    private static final long SPIN_NANOS = 50_000L;

    private final int[] ports;

    /** A generator whose clients connect to these ports in turn: client {@code n} to {@code ports[n % length]}. */
    LoadGenerator(int... ports) {
        if (ports.length == 0) {
            throw new IllegalArgumentException("no port to connect to");
        }
        this.ports = ports.clone();
    }

    /** Which request a client sends next. */
    @FunctionalInterface
    interface Requests {
        /**
         * @param client the client's number, from 0
         * @param sequence the request's number: per client in a closed loop, global at a fixed rate
         */
        byte[] next(int client, long sequence);
    }

    /** What one run measured. */
    record Result(long ok, long errors, long elapsedNanos, Histogram latencyMicros, long[] okPerClient,
            String firstError) {

        /** Completed requests (answered 200 or not) per second. */
        double perSecond() {
            return (ok + errors) * 1e9 / elapsedNanos;
        }

        long requests() {
            return ok + errors;
        }

        /** Latency at the given percentile, in milliseconds. */
        double latencyMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** Every client sends back to back for {@code duration}. */
    Result closedLoop(int clients, Requests requests, Duration duration) throws InterruptedException {
        return run(clients, requests, duration, 0);
    }

    /**
     * Requests fall due at {@code perSecond} in total, spread over the clients (a free client takes
     * the next due request), for {@code duration}.
     */
    Result fixedRate(int clients, Requests requests, double perSecond, Duration duration) throws InterruptedException {
        return run(clients, requests, duration, perSecond);
    }

    private Result run(int clients, Requests requests, Duration duration, double perSecond) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong nextSlot = new AtomicLong();
        long[] start = new long[1];
        List<Client> all = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Client client = new Client(c, requests, ready, go, nextSlot, start, duration.toNanos(), perSecond);
            all.add(client);
            client.thread.start();
        }
        if (!ready.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("load generator clients did not start");
        }
        start[0] = System.nanoTime();
        go.countDown();
        long ok = 0;
        long errors = 0;
        long end = start[0];
        String firstError = null;
        Histogram latency = new Histogram(MAX_LATENCY_MICROS, 3);
        long[] okPerClient = new long[clients];
        for (Client client : all) {
            client.thread.join();
            ok += client.ok;
            errors += client.errors;
            end = Math.max(end, client.finishedAt);
            latency.add(client.latency);
            okPerClient[client.number] = client.ok;
            if (firstError == null) {
                firstError = client.firstError;
            }
        }
        return new Result(ok, errors, Math.max(1, end - start[0]), latency, okPerClient, firstError);
    }

    /** One client: a thread with its own connection and histogram. */
    private final class Client implements Runnable {
        final int number;
        final Thread thread;
        final Histogram latency = new Histogram(MAX_LATENCY_MICROS, 3);
        private final Requests requests;
        private final CountDownLatch ready;
        private final CountDownLatch go;
        private final AtomicLong nextSlot;
        private final long[] start;
        private final long durationNanos;
        private final double perSecond;
        long ok;
        long errors;
        long finishedAt;
        String firstError;

        Client(int number, Requests requests, CountDownLatch ready, CountDownLatch go, AtomicLong nextSlot, long[] start,
                long durationNanos, double perSecond) {
            this.number = number;
            this.requests = requests;
            this.ready = ready;
            this.go = go;
            this.nextSlot = nextSlot;
            this.start = start;
            this.durationNanos = durationNanos;
            this.perSecond = perSecond;
            this.thread = new Thread(this, "load-client-" + number);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try (HttpConnection connection = new HttpConnection(ports[number % ports.length])) {
                ready.countDown();
                go.await();
                long end = start[0] + durationNanos;
                if (perSecond > 0) {
                    fixedRate(connection, end);
                } else {
                    closedLoop(connection, end);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finishedAt = System.nanoTime();
        }

        private void closedLoop(HttpConnection connection, long end) {
            for (long sequence = 0; ; sequence++) {
                long sent = System.nanoTime();
                if (sent - end >= 0) {
                    return;
                }
                exchange(connection, requests.next(number, sequence), sent);
            }
        }

        private void fixedRate(HttpConnection connection, long end) {
            double interval = 1e9 / perSecond;
            while (true) {
                long slot = nextSlot.getAndIncrement();
                long due = start[0] + (long) (slot * interval);
                if (due - end >= 0) {
                    return;
                }
                awaitTime(due);
                exchange(connection, requests.next(number, slot), due);
            }
        }

        private void exchange(HttpConnection connection, byte[] request, long since) {
            try {
                int status = connection.send(request);
                if (status == 200) {
                    ok++;
                } else {
                    error("HTTP " + status);
                }
            } catch (IOException e) {
                error(e.toString());
            }
            long micros = (System.nanoTime() - since) / 1000;
            latency.recordValue(Math.min(Math.max(micros, 1), MAX_LATENCY_MICROS));
        }

        private void error(String what) {
            errors++;
            if (firstError == null) {
                firstError = what;
            }
        }

        private static void awaitTime(long due) {
            long wait;
            while ((wait = due - System.nanoTime()) > SPIN_NANOS) {
                LockSupport.parkNanos(wait - SPIN_NANOS);
            }
            while (due - System.nanoTime() > 0) {
                Thread.onSpinWait();
            }
        }
    }
}
