/**
 * The annotation processor that {@code eventsourcing-core} brings to its users' compilers, and the format of the
 * class index it writes. Not API: only the project's own modules use it, and it may change in any release.
 */
package io.eventsourcing.processor;
