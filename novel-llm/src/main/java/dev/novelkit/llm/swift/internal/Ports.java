package dev.novelkit.llm.swift.internal;

import dev.novelkit.core.BackendException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** TCP ports on this machine: whether one can be listened on, and a free one. */
public final class Ports {
    /** How far swift 3.x and 4.x look for a free port after the asked one ({@code find_free_port}). */
    public static final int SEARCH = 100;

    private Ports() {
    }

    /** Whether a server could listen on {@code host:port} now (0.0.0.0 and :: mean every address). */
    public static boolean isFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(address(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first free port from {@code from} on, looking as far as swift does. */
    public static int nextFree(String host, int from) {
        for (int p = from; p < from + SEARCH && p <= 65535; p++) {
            if (isFree(host, p)) {
                return p;
            }
        }
        throw BackendException.builder("swift", "no free port on " + host + " in [" + from + ", "
                + Math.min(65536, from + SEARCH) + ")").build();
    }

    /** A port the system says is free now. */
    public static int any(String host) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(address(host, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw BackendException.builder("swift", "no free port on " + host + ": " + e.getMessage()).cause(e).build();
        }
    }

    private static InetSocketAddress address(String host, int port) throws IOException {
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return new InetSocketAddress(port);
        }
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }
}
