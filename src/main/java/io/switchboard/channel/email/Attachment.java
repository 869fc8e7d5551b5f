package io.switchboard.channel.email;

/**
 * Metadata of a non-body MIME part.
 *
 * @param fileName decoded file name (RFC 2231 / RFC 2047 / raw UTF-8), or null if the part has none
 * @param contentType lower-case MIME type, e.g. "application/pdf"
 * @param size decoded size in bytes
 * @param contentId Content-ID without angle brackets, or null
 * @param inline true for Content-Disposition: inline or parts referenced from multipart/related
 */
public record Attachment(String fileName, String contentType, long size, String contentId, boolean inline) {
}
