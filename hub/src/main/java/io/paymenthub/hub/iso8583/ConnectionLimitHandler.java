package io.paymenthub.hub.iso8583;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.paymenthub.hub.metrics.HubMeters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Refuses connections beyond the configured number, in all and from one remote address, so a flood of sockets — or
 * one client opening them all — cannot exhaust the hub or crowd out the other clients. A refused connection is closed
 * at once, logged and counted ({@link HubMeters#ISO8583_CONNECTIONS_REFUSED}, tagged with the limit it hit); the
 * connections open are a gauge ({@link HubMeters#ISO8583_CONNECTIONS_OPEN}).
 */
@ChannelHandler.Sharable
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimitHandler.class);
    /** The address a connection was counted under, kept because a closed channel may no longer know it. */
    private static final AttributeKey<InetAddress> COUNTED_AS = AttributeKey.valueOf("hubIso8583RemoteAddress");

    private final int maxConnections;
    private final int maxConnectionsPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final ConnectionsPerAddress perAddress = new ConnectionsPerAddress();
    private final Counter refusedOverall;
    private final Counter refusedPerAddress;

    ConnectionLimitHandler(int maxConnections, int maxConnectionsPerAddress, MeterRegistry meters) {
        this.maxConnections = maxConnections;
        this.maxConnectionsPerAddress = maxConnectionsPerAddress;
        this.refusedOverall = refusals(meters, "max-connections");
        this.refusedPerAddress = refusals(meters, "max-connections-per-address");
        Gauge.builder(HubMeters.ISO8583_CONNECTIONS_OPEN, open, AtomicInteger::get)
                .description("ISO 8583 connections open, of all listeners, refused ones until they are closed")
                .register(meters);
    }

    private static Counter refusals(MeterRegistry meters, String limit) {
        return Counter.builder(HubMeters.ISO8583_CONNECTIONS_REFUSED)
                .description("ISO 8583 connections closed at once because a connection limit was reached")
                .tag("limit", limit)
                .register(meters);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress address = remoteAddress(ctx);
        ctx.channel().attr(COUNTED_AS).set(address);
        int openOverall = open.incrementAndGet();
        int openFromAddress = address == null ? 0 : perAddress.opened(address);
        if (openOverall > maxConnections) {
            refusedOverall.increment();
            log.warn("ISO 8583 connection from {} refused: {} connections already open (hub.sources.iso8583.max-connections)",
                    ctx.channel().remoteAddress(), maxConnections);
            ctx.close();
            return;
        }
        if (openFromAddress > maxConnectionsPerAddress) {
            refusedPerAddress.increment();
            log.warn("ISO 8583 connection from {} refused: {} connections already open from {} "
                    + "(hub.sources.iso8583.max-connections-per-address)", ctx.channel().remoteAddress(),
                    maxConnectionsPerAddress, address.getHostAddress());
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        InetAddress address = ctx.channel().attr(COUNTED_AS).getAndSet(null);
        if (address != null) {
            perAddress.closed(address);
        }
        super.channelInactive(ctx);
    }

    private static InetAddress remoteAddress(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress socket ? socket.getAddress() : null;
    }
}
