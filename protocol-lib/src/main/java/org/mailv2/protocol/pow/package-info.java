/** Proof of work: stamp headers, stamps, the verifier (bits, date window, binding) and the multi-threaded solver. */
package org.mailv2.protocol.pow;
