package io.paymenthub.hub.support;

import io.paymenthub.devservices.FreePorts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A TCP relay between the hub and one server, which a fault test can cut: while cut, open connections are reset and
 * new ones are closed as soon as they are accepted — to the hub, the server is unreachable. A benchmark can watch
 * what the hub sends ({@link Tap}).
 */
public final class TcpProxy implements AutoCloseable {

    /** Sees the bytes one connection sends to the server, in order; one per connection. */
    @FunctionalInterface
    public interface Tap {
        Tap NONE = (bytes, length) -> { };

        void sent(byte[] bytes, int length);
    }

    private final ServerSocket listener;
    private final String upstreamHost;
    private final int upstreamPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Supplier<Tap> taps;
    private volatile boolean cut;

    public TcpProxy(String upstreamHost, int upstreamPort) throws IOException {
        this(upstreamHost, upstreamPort, () -> Tap.NONE);
    }

    public TcpProxy(String upstreamHost, int upstreamPort, Supplier<Tap> taps) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.taps = taps;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress("localhost", FreePorts.next()));
        Thread acceptor = new Thread(this::accept, "tcp-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    public void restore() {
        cut = false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket(upstreamHost, upstreamPort);
                open.add(client);
                open.add(server);
                relay(client, server, taps.get());
                relay(server, client, Tap.NONE);
            } catch (IOException e) {
                // the listener closed, or the server refused one connection: the client sees it closed
            }
        }
    }

    private void relay(Socket from, Socket to, Tap tap) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    tap.sent(buffer, read);
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed or was cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        listener.close();
    }
}
