/**
 * The vault agent: one process per user and vault that holds the derived vault key for a login session (like
 * ssh-agent), so commands and the terminal UI open the vault without deriving it again. It answers on a Unix socket
 * that only its user can reach, and forgets the key when locked or idle.
 */
package org.mailv2.client.core.agent;
