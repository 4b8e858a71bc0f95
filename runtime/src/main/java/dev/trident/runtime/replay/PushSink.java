package dev.trident.runtime.replay;

/** Pushes each replayed frame's JPEG to a daemon's {@code /ws/ingest} through an {@link IngestPushClient}. Not thread-safe. */
public final class PushSink implements ReplaySink {
    private final IngestPushClient client;

    public PushSink(IngestPushClient client) {
        this.client = client;
    }

    @Override
    public void accept(long seq, long timeNanos, ReplayInput input) throws InterruptedException {
        ByteArrayBuilder jpeg = input.jpeg();
        client.send(seq, timeNanos, jpeg.array(), 0, jpeg.size());
    }

    @Override
    public boolean needsImage() {
        return false; // sends the recorded JPEG bytes (folders and videos are encoded in jpeg())
    }

    @Override
    public String summary() {
        return "pushed " + client.sent() + " frames (" + client.bytesSent() + " bytes) to " + client.uri();
    }

    @Override
    public void close() {
        client.close();
    }
}
