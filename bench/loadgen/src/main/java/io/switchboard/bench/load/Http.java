package io.switchboard.bench.load;

final class Http {

    private Http() {}

    static byte[] concat(byte[] head, byte[] body) {
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }
}
