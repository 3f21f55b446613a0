package io.paymenthub.hub.query;

/** Body of {@code search-by-pan}. The PAN lives only as long as the request and is never printed. */
record PanSearchRequest(String pan, Integer page, Integer size) {

    @Override
    public String toString() {
        return "PanSearchRequest[pan=(redacted), page=" + page + ", size=" + size + "]";
    }
}
