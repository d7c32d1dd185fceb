/**
 * Blobs (message body ciphertexts) as files in one directory: {@link org.mailv2.server.store.file.FileBlobStore}.
 */
package org.mailv2.server.store.file;
