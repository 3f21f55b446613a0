package io.paymenthub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU and memory over a measured interval: CPU seconds of this JVM and of the PostgreSQL processes (read from /proc,
 * Linux only), the peak heap in use and the JVM's peak resident set. The JVM also runs the dev services' Kafka broker
 * and SQS server, so its CPU is split by thread: those servers' threads (by name), the JVM's own threads (JIT
 * compiler, GC: what Java threads do not account for) and the rest, the hub.
 */
final class ResourceUse {

    private static final double CLOCK_TICKS = 100.0;
    /** Thread names of the in-process servers: ElasticMQ (SQS) and the KRaft broker. */
    private static final Pattern SERVER_THREADS = Pattern.compile(
            "elasticmq.*|data-plane-kafka.*|kafka-\\d+-.*|quorum-controller.*|broker-\\d+-.*|controller-\\d+-.*"
                    + "|ExpirationReaper.*|kafka-scheduler.*|kafka-cluster-test-kit.*|raft-.*|LogDirFailureHandler|kafka-log-cleaner.*");

    private final long jvmCpuNanos = jvmCpuNanos();
    private final Map<Long, Long> threadCpuNanos = threadCpuNanos();
    private final double postgresCpuSeconds = postgresCpuSeconds();
    private final long[] machineTicks = machineTicks();

    private ResourceUse() {
    }

    /** Starts the interval: the heap peaks are counted from here. */
    static ResourceUse start() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        return new ResourceUse();
    }

    /** The interval's figures, as lines indented by two; {@code seconds} is its wall-clock length. */
    String report(double seconds, long messages) {
        double jvm = (jvmCpuNanos() - jvmCpuNanos) / 1e9;
        double servers = 0;
        double javaThreads = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            long now = thread == null ? -1 : threads.getThreadCpuTime(thread.getThreadId());
            if (now < 0) {
                continue;
            }
            double used = (now - threadCpuNanos.getOrDefault(thread.getThreadId(), 0L)) / 1e9;
            javaThreads += used;
            if (SERVER_THREADS.matcher(thread.getThreadName()).matches()) {
                servers += used;
            }
        }
        double vm = Math.max(0, jvm - javaThreads);
        long[] machine = machineTicks();
        double machineBusy = (machine[0] - machineTicks[0]) / CLOCK_TICKS;
        double machineAll = (machine[1] - machineTicks[1]) / CLOCK_TICKS;
        double hub = javaThreads - servers;
        double postgres = postgresCpuSeconds() - postgresCpuSeconds;
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        return String.format("""
                CPU, the JVM                        %.1f s   %.2f cores   %.1f µs/msg, of which
                  hub threads (and the bench's own) %.1f s   %.2f cores   %.1f µs/msg
                  in-process broker / SQS server    %.1f s   %.2f cores   %.1f µs/msg
                  JIT compiler, GC, VM              %.1f s   %.2f cores   %.1f µs/msg
                CPU, PostgreSQL                     %.1f s   %.2f cores   %.1f µs/msg
                machine busy (all processes)        %.2f of %d cores
                heap peak (sum of pools)            %d MiB; JVM resident peak %s""",
                jvm, jvm / seconds, jvm * 1e6 / messages, hub, hub / seconds, hub * 1e6 / messages,
                servers, servers / seconds, servers * 1e6 / messages, vm, vm / seconds, vm * 1e6 / messages,
                postgres, postgres / seconds, postgres * 1e6 / messages,
                machineAll == 0 ? Double.NaN : machineBusy / machineAll * Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors(), peakHeap >> 20, residentPeak());
    }

    private static Map<Long, Long> threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> used = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                used.put(id, cpu);
            }
        }
        return used;
    }

    /** {busy, all} ticks of every CPU since boot, from the first line of /proc/stat (idle and iowait are not busy). */
    private static long[] machineTicks() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            String[] fields = lines.findFirst().orElseThrow().trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < fields.length; i++) {
                all += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {all - idle, all};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of every process named postgres (fields 14 and 15 of /proc/PID/stat). */
    private static double postgresCpuSeconds() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(ResourceUse::postgresTicks).sum() / CLOCK_TICKS;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static long postgresTicks(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            int nameEnd = stat.lastIndexOf(')');
            if (!stat.substring(stat.indexOf('(') + 1, nameEnd).equals("postgres")) {
                return 0;
            }
            String[] fields = stat.substring(nameEnd + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static String residentPeak() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(line -> line.startsWith("VmHWM:")).map(line -> line.substring(6).trim()).findFirst().orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }
}
