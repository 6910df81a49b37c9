/** imat-augment. */
package io.imat.augment;
