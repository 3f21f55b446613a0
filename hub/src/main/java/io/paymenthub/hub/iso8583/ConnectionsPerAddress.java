package io.paymenthub.hub.iso8583;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/** Open connections by remote address; an address with none open is forgotten, so the map is as small as the clients. */
final class ConnectionsPerAddress {

    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    /** Counts a new connection from {@code address}; returns how many are open from it, this one included. */
    int opened(InetAddress address) {
        return open.merge(address, 1, Integer::sum);
    }

    void closed(InetAddress address) {
        open.computeIfPresent(address, (from, count) -> count == 1 ? null : count - 1);
    }

    int openFrom(InetAddress address) {
        return open.getOrDefault(address, 0);
    }

    int addresses() {
        return open.size();
    }
}
