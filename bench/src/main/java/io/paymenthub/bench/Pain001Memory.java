package io.paymenthub.bench;

import com.sun.management.ThreadMXBean;
import io.paymenthub.iso20022.Iso20022Documents;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;

/**
 * Memory of a bulk pain.001: file size, bytes allocated while parsing it, and heap retained by the parsed payments.
 * Run: {@code java -cp bench/target/benchmarks.jar io.paymenthub.bench.Pain001Memory 10000}.
 */
public final class Pain001Memory {

    private Pain001Memory() {
    }

    public static void main(String[] args) {
        int transactions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Iso20022Documents documents = new Iso20022Documents(Iso20022Documents.DEFAULTS);
        byte[] file = Samples.pain001(transactions);
        documents.parse(Samples.pain001(10), Instant.EPOCH); // load the classes first

        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long heapBefore = usedHeapAfterGc();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        List<?> payments = (List<?>) documents.parse(file, Instant.EPOCH);
        long elapsed = System.nanoTime() - start;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long retained = usedHeapAfterGc() - heapBefore;

        System.out.printf("pain.001 with %,d transactions: file %.1f MiB, parsed in %d ms, %,d payments%n",
                transactions, file.length / 1048576.0, elapsed / 1_000_000, payments.size());
        System.out.printf("  allocated while parsing %.1f MiB (garbage mostly: three streaming passes: schema, totals, mapping), retained %.1f MiB (%.0f bytes/payment)%n",
                allocated / 1048576.0, retained / 1048576.0, (double) retained / payments.size());
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
