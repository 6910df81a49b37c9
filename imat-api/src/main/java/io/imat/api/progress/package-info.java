/** Progress reporting for long loops, independent of any console. */
@NullMarked
package io.imat.api.progress;

import org.jspecify.annotations.NullMarked;
