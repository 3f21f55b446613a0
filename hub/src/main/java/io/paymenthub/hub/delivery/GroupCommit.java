package io.paymenthub.hub.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit: callers on any thread hand in items and get a future; one writer thread turns whatever has queued
 * up (at most {@code maxBatch}) into a single write, then completes every future of it — or fails them all, so
 * their sources redeliver. Starts before Camel's consumers and stops after them, once everything handed in is
 * written: in-flight messages are committed, not dropped.
 */
public final class GroupCommit<T> implements SmartLifecycle {

    /** Writes one batch durably, or throws. */
    @FunctionalInterface
    public interface BatchWriter<T> {
        void write(List<T> batch);
    }

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending<T>(T item, CompletableFuture<Void> done) {
    }

    private final String name;
    private final int maxBatch;
    private final BatchWriter<T> writer;
    private final BlockingQueue<Pending<T>> queue;
    private volatile boolean running;
    private Thread thread;

    public GroupCommit(String name, int maxBatch, BatchWriter<T> writer) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.writer = writer;
        this.queue = new LinkedBlockingQueue<>(maxBatch * 20);
    }

    public CompletableFuture<Void> submit(T item) {
        if (!running) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " is not running"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            queue.put(new Pending<>(item, done));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
        return done;
    }

    private void drain() {
        List<Pending<T>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending<T> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending<T>> batch) {
        try {
            writer.write(batch.stream().map(Pending::item).toList());
            batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
            log.warn("{}: a batch of {} failed: {}", name, batch.size(), e.getClass().getSimpleName());
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::drain, name);
        // stop() drains it on an orderly shutdown; a failed start-up must not be held alive by it
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread == null) {
            return;
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 100;
    }
}
